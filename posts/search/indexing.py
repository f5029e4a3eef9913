"""Keeping SearchEntry rows current: every save of a series, part, draft or
comment rewrites its row (receivers below, connected in PostsConfig.ready).

A draft is searched by its title and the plain text of its current revision
(what a reader sees: no Markdown marks, link text but not addresses). What
is in the trash keeps its row; searching leaves it out by its deleted_at, so
moving to the trash and restoring need no reindexing.

On PostgreSQL the row's stored tsvector is written in the same save (one
UPDATE after the upsert); on SQLite triggers copy the row into FTS5.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Q, Subquery, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.signals import post_save
from django.dispatch import receiver

from posts import derived
from posts.models import Comment, Draft, Revision
from posts.search.models import SearchEntry
from series.models import Part, Series

CONFIG = "english"  # PostgreSQL's stemming; SQLite's FTS5 uses porter, its English
# The engines mark matches with these; no text we index may contain them.
MARK_START, MARK_END = "\x02", "\x03"
VECTOR = SearchVector("title", weight="A", config=CONFIG) + SearchVector(
    "body", weight="B", config=CONFIG
)


def clean(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def _row(kind: str, object_id: int, **fields) -> SearchEntry:
    fields["title"] = clean(fields.get("title", ""))[:300]
    fields["body"] = clean(fields.get("body", ""))
    return SearchEntry(kind=kind, object_id=object_id, **fields)


@dataclass(frozen=True)
class SeriesOfPart:
    """The series of a part that the caller has not loaded: read inside the
    UPDATE (a subquery), or with one query when the row is new."""

    part_id: int

    def subquery(self) -> Subquery:
        return Subquery(Part.everything.filter(pk=self.part_id).values("series_id")[:1])

    def value(self) -> int | None:
        return (
            Part.everything.filter(pk=self.part_id)
            .values_list("series_id", flat=True)
            .first()
        )


def _write(kind: str, object_id: int, **fields) -> None:
    """One UPDATE of the object's row (with its tsvector on PostgreSQL); an
    INSERT only the first time."""
    row = _row(kind, object_id, **fields)
    values = {f: getattr(row, f) for f in ("title", "body", *_KEYS)}
    later = {k: v for k, v in fields.items() if isinstance(v, SeriesOfPart)}
    updated = values | {k: v.subquery() for k, v in later.items()}
    if connection.vendor == "postgresql":
        updated["vector"] = _vector(row.title, row.body)
    if SearchEntry.objects.filter(kind=kind, object_id=object_id).update(**updated):
        return
    entry = SearchEntry.objects.create(
        kind=kind,
        object_id=object_id,
        **(values | {k: v.value() for k, v in later.items()}),
    )
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(vector=VECTOR)


def _vector(title: str, body: str) -> CombinedExpression:
    """The row's tsvector from the values being written (VECTOR would read the
    columns' old values inside the same UPDATE)."""
    return SearchVector(Value(title), weight="A", config=CONFIG) + SearchVector(
        Value(body), weight="B", config=CONFIG
    )


_KEYS = ("series_id", "part_id", "draft_id", "comment_id", "author_id")


def _series(series: Series) -> dict:
    return {
        "series_id": series.pk,
        "author_id": series.owner_id,
        "title": series.title,
        "body": series.description,
    }


def _part(part: Part) -> dict:
    return {
        "series_id": part.series_id,
        "part_id": part.pk,
        "title": f"Part {part.number}: {part.title}",
        "body": part.notes,
    }


def _plain(head: Revision) -> str:
    return derived.plain(head.content_hash, head.body)


def _draft(draft: Draft, plain: Callable[[Revision], str] = _plain) -> dict:
    head = draft.head if draft.head_id else None
    body = plain(head) if head and head.body else ""
    # The draft's part is often not loaded where a draft is saved: ask the
    # database for its series inside the same UPDATE instead of a query first.
    series_id: int | SeriesOfPart = (
        draft.part.series_id
        if Draft.part.is_cached(draft)
        else SeriesOfPart(draft.part_id)
    )
    return {
        "series_id": series_id,
        "part_id": draft.part_id,
        "draft_id": draft.pk,
        "author_id": draft.created_by_id,
        "title": draft.title,
        "body": body,
    }


def _comment(comment: Comment) -> dict:
    draft = comment.draft
    return {
        "series_id": draft.part.series_id,
        "part_id": draft.part_id,
        "draft_id": draft.pk,
        "comment_id": comment.pk,
        "author_id": comment.author_id,
        "title": comment.quote[:300],
        "body": comment.body,
    }


def index_series(series: Series) -> None:
    _write(SearchEntry.Kind.SERIES, series.pk, **_series(series))


def index_part(part: Part) -> None:
    _write(SearchEntry.Kind.PART, part.pk, **_part(part))


def index_draft(draft: Draft) -> None:
    _write(SearchEntry.Kind.DRAFT, draft.pk, **_draft(draft))


def index_comment(comment: Comment) -> None:
    _write(SearchEntry.Kind.COMMENT, comment.pk, **_comment(comment))


def index_many(
    parts: Iterable[Part] = (),
    drafts: Iterable[Draft] = (),
    plain: Mapping[str, str] | None = None,
) -> None:
    """Index objects written in bulk (bulk_create sends no post_save): one
    upsert for all of them, and one UPDATE of their tsvectors on PostgreSQL.
    Each draft's part and head must be loaded (the importer has both).

    `plain`: heads' plain texts already read, by content hash (the importer's
    parse has them): those texts are not rendered again."""
    known = plain or {}

    def plain_of(head: Revision) -> str:
        found = known.get(head.content_hash)
        return found if found is not None else _plain(head)

    rows = [_row(SearchEntry.Kind.PART, p.pk, **_part(p)) for p in parts]
    rows += [_row(SearchEntry.Kind.DRAFT, d.pk, **_draft(d, plain_of)) for d in drafts]
    if not rows:
        return
    SearchEntry.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["title", "body", *_KEYS],
    )
    if connection.vendor == "postgresql":
        ids: dict[str, list[int]] = {}
        for row in rows:
            ids.setdefault(row.kind, []).append(row.object_id)
        wanted = Q()
        for kind, object_ids in ids.items():  # not a condition per row: one per kind
            wanted |= Q(kind=kind, object_id__in=object_ids)
        SearchEntry.objects.filter(wanted).update(vector=VECTOR)


def rebuild() -> int:
    """Index everything again, in bulk: after loads that skip save() (the
    bench's seeding). Returns the number of rows."""
    rows = [
        _row(SearchEntry.Kind.SERIES, s.pk, **_series(s))
        for s in Series.everything.all()
    ]
    rows += [
        _row(SearchEntry.Kind.PART, p.pk, **_part(p)) for p in Part.everything.all()
    ]
    drafts = Draft.everything.select_related("head", "part")
    # Each distinct text read once, whatever the cache holds: a load may copy a
    # text into many drafts.
    texts: dict[str, str] = {}

    def plain(head: Revision) -> str:
        if head.content_hash not in texts:
            texts[head.content_hash] = _plain(head)
        return texts[head.content_hash]

    rows += [_row(SearchEntry.Kind.DRAFT, d.pk, **_draft(d, plain)) for d in drafts]
    comments = Comment.objects.select_related("draft__part")
    rows += [_row(SearchEntry.Kind.COMMENT, c.pk, **_comment(c)) for c in comments]
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchEntry.objects.bulk_create(rows, batch_size=500)
        if connection.vendor == "postgresql":
            SearchEntry.objects.update(vector=VECTOR)
    return len(rows)


@receiver(post_save, sender=Series, dispatch_uid="search-series")
def _series_saved(sender, instance: Series, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_series(instance)


@receiver(post_save, sender=Part, dispatch_uid="search-part")
def _part_saved(sender, instance: Part, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_part(instance)


@receiver(post_save, sender=Draft, dispatch_uid="search-draft")
def _draft_saved(sender, instance: Draft, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_draft(instance)


@receiver(post_save, sender=Revision, dispatch_uid="search-revision")
def _revision_saved(sender, instance: Revision, raw: bool = False, **kwargs) -> None:
    """A working autosave rewritten in place changes the head's text without
    saving the draft; a new revision becomes the head when the draft saves."""
    if raw or kwargs.get("created"):
        return
    draft = instance.draft
    if draft.head_id == instance.pk:
        draft.head = instance
        index_draft(draft)


@receiver(post_save, sender=Comment, dispatch_uid="search-comment")
def _comment_saved(sender, instance: Comment, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_comment(instance)
