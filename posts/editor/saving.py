"""Every change to a draft's text goes through here, so nothing is ever lost.

- Each save is a revision (a full snapshot). The draft's `head` is its current text.
- Autosaves by one author within AUTOSAVE_WINDOW update one working revision
  in place instead of piling up; anything else (named version, import, merge,
  restore) is always its own revision. The text an in-place update replaces is
  kept (AutosaveStep), so a tab that started from it can still be merged.
- Every save names exactly what it was based on: the revision number and the
  hash of the text the writer started from. A base the server cannot find
  (an unknown hash, or no hash on a working autosave) is refused: StaleBase.
- A save based on an older text is merged with the head (posts.textkit.merge3):
  a clean merge becomes the new head, a revision of kind "merge" naming both
  authors and both revisions; an overlap is stored as a "conflict" revision and
  the head stays current, so a stale save never replaces a newer head.
- The draft row is locked (SELECT … FOR UPDATE) for the whole save, so two
  saves of one draft run one after the other on PostgreSQL; SQLite gets the
  same effect from its database-wide write lock.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.dispatch import Signal
from django.utils import timezone

from posts.models import AutosaveStep, Draft, Publication, Revision, hash_text
from posts.textkit.merge3 import Merge, merge3

AUTOSAVE_WINDOW = timedelta(minutes=10)
STEP_KEEP = timedelta(days=1)  # how long a replaced autosave text stays mergeable

# Sent (draft_id=…, revision=…, conflict=…) after a save_text commits: a live room
# of the draft takes the new head into its shared document (posts.live).
text_saved = Signal()


class StaleBase(Exception):
    """The save names a base text the server does not know: merging it could
    drop what others wrote, and storing it over the head could too."""


@dataclass(frozen=True)
class SaveResult:
    revision: Revision  # where the text now lives (a conflict: not the head)
    created: bool  # False: coalesced into the working autosave, or nothing changed
    conflict_with: Revision | None = None  # the head this save did not start from
    merged_with: Revision | None = None  # the head a clean merge combined it with
    merge: Merge | None = None  # base -> (this save, the head), when merged
    base_text: str | None = None  # the text the save started from

    @property
    def conflict(self) -> bool:
        return self.conflict_with is not None

    @property
    def merged(self) -> bool:
        return self.merged_with is not None


def create_draft(
    part,
    author,
    body: str,
    *,
    kind: str = Revision.Kind.CREATE,
    message: str = "",
    import_hash: str = "",
    sources: list | None = None,
    **fields,
) -> Draft:
    """A new draft with its first revision, in one transaction."""
    with transaction.atomic():
        number = fields.pop("number", None) or Draft.next_number(part)
        draft = Draft.objects.create(
            part=part, number=number, created_by=author, **fields
        )
        revision = Revision.objects.create(
            draft=draft,
            number=1,
            body=body,
            author=author,
            kind=kind,
            message=message,
            import_hash=import_hash,
            sources=sources or [],
        )
        draft.head = revision
        draft.save(update_fields=["head", "updated_at"])
    return draft


def _announced[**P](save: Callable[P, SaveResult]) -> Callable[P, SaveResult]:
    """Send text_saved once the save commits (at once if no transaction is open)."""

    @functools.wraps(save)
    def announcing(*args: P.args, **kwargs: P.kwargs) -> SaveResult:
        result = save(*args, **kwargs)
        draft_id, revision = result.revision.draft_id, result.revision
        transaction.on_commit(
            lambda: text_saved.send(
                sender=Draft,
                draft_id=draft_id,
                revision=revision,
                conflict=result.conflict,
            ),
            robust=True,
        )
        return result

    return announcing


@_announced
def save_text(
    draft_id: int,
    author,
    body: str,
    *,
    kind: str = Revision.Kind.AUTOSAVE,
    base_number: int | None,
    base_hash: str | None = None,
    message: str = "",
    sources: list | None = None,
    import_hash: str = "",
    on_head: bool = False,
    resolves: int | None = None,
    words: int | None = None,
) -> SaveResult:
    """Store `body` as the draft's newest text. See the module docstring.

    on_head=True: based on whatever the head is (restore), never a merge.
    base_hash may be left out only when base_number is a revision that cannot
    change (anything but an autosave); raises StaleBase for a base not found.
    words: the body's word count when the caller has counted it (an import's
    parse), so that a revision of exactly `body` does not parse it again.
    """
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft_id)
        assert draft.head_id is not None  # create_draft gives every draft its head
        head = _head_and_newest(draft)
        if on_head or (base_number, base_hash) == (head.number, head.content_hash):
            base_number, base_text = head.number, head.body
        else:
            base_text = base_text_of(draft, base_number, base_hash)
        at_head = base_text == head.body  # nothing to merge with
        # Text identical to the head cannot overwrite anything: a retried save
        # whose first answer was lost must not turn into a merge.
        if not at_head and body != head.body:
            return _merge_into_head(
                draft,
                head,
                author,
                body,
                base_text,
                base_number,
                message,
                sources,
                resolves,
            )
        if body == head.body and (
            kind == Revision.Kind.AUTOSAVE or _same_version(head, kind, message)
        ):
            return SaveResult(head, False, base_text=base_text)
        if kind == Revision.Kind.AUTOSAVE and _may_coalesce(head, author):
            _keep_step(head)
            head.body = body
            head.save()
            Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
            return SaveResult(head, False, base_text=base_text)
        revision = _append(
            draft,
            head,
            author,
            body,
            kind,
            message,
            base_number,
            sources,
            import_hash,
            resolves=resolves,
            words=words,
        )
        return SaveResult(revision, True, base_text=base_text)


def _head_and_newest(draft: Draft) -> Revision:
    """The head, with `newest`: the draft's highest revision number (conflicting
    saves may sit above the head). Read after the lock is taken, so that on
    PostgreSQL it sees what the save before this one wrote."""
    assert draft.head_id is not None  # create_draft gives every draft its head
    newest = Revision.objects.filter(draft=OuterRef("draft")).order_by("-number")
    return (
        Revision.objects.select_related("author")
        .annotate(newest=Subquery(newest.values("number")[:1]))
        .get(pk=draft.head_id)
    )


def base_text_of(draft: Draft, number: int | None, content_hash: str | None) -> str:
    """The exact text a save started from, or StaleBase.

    The revision's text when the hash matches it, else the text its working
    autosave held before being rewritten (AutosaveStep). Without a hash, only
    a revision that never changes (not an autosave) says which text it was.
    """
    revision = Revision.objects.filter(draft=draft, number=number or 0).first()
    if revision is None:
        raise StaleBase(f"There is no revision {number} of this draft.")
    if content_hash is None:
        if revision.kind == Revision.Kind.AUTOSAVE:
            raise StaleBase(
                "The save does not say which text it started from (base_hash)."
            )
        return revision.body
    if content_hash == revision.content_hash:
        return revision.body
    step = (
        AutosaveStep.objects.filter(revision=revision, content_hash=content_hash)
        .values_list("body", flat=True)
        .first()
    )
    if step is None:
        raise StaleBase(
            f"Revision {number} no longer holds the text this save started from."
        )
    return step


def _merge_into_head(
    draft: Draft,
    head: Revision,
    author,
    body: str,
    base_text: str,
    base_number,
    message,
    sources,
    resolves,
) -> SaveResult:
    """A save on an older text: clean merge -> new head, overlap -> conflict revision."""
    merge = merge3(base_text, body, head.body)
    base_hash = hash_text(base_text)
    if not merge.clean:
        conflict = _append(
            draft,
            head,
            author,
            body,
            Revision.Kind.CONFLICT,
            message,
            base_number,
            sources,
            base_hash=base_hash,
            becomes_head=False,
            resolves=resolves,
        )
        return SaveResult(
            conflict, True, conflict_with=head, merge=merge, base_text=base_text
        )
    merged = merge.text
    if merged == head.body:  # everything this save changed, the head already has
        return SaveResult(
            head, False, merged_with=head, merge=merge, base_text=base_text
        )
    revision = _append(
        draft,
        head,
        author,
        merged,
        Revision.Kind.MERGE,
        message or _merge_message(author, base_number, head),
        base_number,
        sources,
        base_hash=base_hash,
        merged_head=head,
        resolves=resolves,
    )
    return SaveResult(
        revision, True, merged_with=head, merge=merge, base_text=base_text
    )


def _merge_message(author, base_number, head: Revision) -> str:
    mine = getattr(author, "username", "") or "Someone"
    theirs = head.author.username if head.author else "someone"
    return f"Merged {mine}'s edit of r{base_number} with r{head.number} by {theirs}"


def _keep_step(head: Revision) -> None:
    """Keep the text the working autosave is about to replace (see AutosaveStep)."""
    # A conflicting save's base stays: its resolver merges against it.
    bases = Revision.objects.filter(
        draft_id=head.draft_id, kind=Revision.Kind.CONFLICT
    ).values("base_hash")
    # The draft's revisions as a subquery, not a join: a delete through a join
    # is `id IN (steps joined to revisions)`, which PostgreSQL, with its
    # statistics out of date, ran as a nested loop over every step for every
    # step (1 s a save after 2,000 steps). This way it is one pass at worst.
    revisions = Revision.objects.filter(draft_id=head.draft_id).values("pk")
    AutosaveStep.objects.filter(
        revision_id__in=revisions,
        created_at__lt=timezone.now() - STEP_KEEP,
    ).exclude(content_hash__in=bases).delete()
    AutosaveStep.objects.create(
        revision=head, content_hash=head.content_hash, body=head.body
    )


def restore(draft: Draft, revision: Revision, author) -> SaveResult:
    """Make an old revision's text current again, as a new revision.

    Always on top of whatever the head is when the lock is taken: restoring is
    a deliberate choice, never a conflict.
    """
    return save_text(
        draft.pk,
        author,
        revision.body,
        kind=Revision.Kind.RESTORE,
        base_number=None,
        message=f"Restored revision {revision.number}",
        on_head=True,
    )


def _same_version(head: Revision, kind: str, message: str) -> bool:
    """Ctrl+S again on an unchanged named version is not a new version."""
    named = Revision.Kind.NAMED
    return kind == named and head.kind == named and message in ("", head.message)


def _may_coalesce(head: Revision, author) -> bool:
    return (
        head.kind == Revision.Kind.AUTOSAVE
        and author is not None
        and head.author_id == author.pk
        and timezone.now() - head.updated_at < AUTOSAVE_WINDOW
        # A published revision is frozen, even if it began as an autosave.
        and not Publication.objects.filter(revision=head).exists()
    )


def _append(
    draft,
    head,
    author,
    body,
    kind,
    message,
    base_number,
    sources,
    import_hash="",
    *,
    base_hash: str = "",
    merged_head: Revision | None = None,
    becomes_head: bool = True,
    resolves: int | None = None,
    words: int | None = None,
) -> Revision:
    """A new revision numbered after the newest (conflicts may sit above the head)."""
    counted = (
        {"word_count": words, "content_hash": hash_text(body)}
        if words is not None
        else {}
    )
    revision = Revision.objects.create(
        draft=draft,
        number=max(head.number, getattr(head, "newest", None) or 0) + 1,
        body=body,
        author=author,
        kind=kind,
        message=message,
        base_number=base_number,
        sources=sources or [],
        import_hash=import_hash,
        base_hash=base_hash,
        merged_head=merged_head.number if merged_head else None,
        merged_head_author=merged_head.author if merged_head else None,
        resolves=resolves,
        **counted,
    )
    if becomes_head:
        draft.head = revision
        draft.save(update_fields=["head", "updated_at"])
    else:
        Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
    return revision


def base_of(revision: Revision) -> dict:
    """What a client sends back to say which text it is editing."""
    return {"base_number": revision.number, "base_hash": revision.content_hash}
