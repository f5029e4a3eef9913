"""search(user, query, filters): one interface, two engines.

PostgreSQL: the stored tsvector (GIN index), ranked by ts_rank, snippets by
ts_headline, all in one query. SQLite: FTS5, ranked by bm25, snippets by
snippet(), one query for the ranked ids of matching visible rows and one for
those rows. Either way the count of queries does not depend on how much is
indexed or found.

The query is what a person types: words are taken out of it (no operators
reach either engine), every word must match, and the last one matches as a
prefix too, so results come as you type ("foggy mount" finds "mountain").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse

from posts.models import Draft, Publication
from posts.review.approval import with_review_state
from posts.search.indexing import CONFIG, MARK_END, MARK_START
from posts.search.models import SearchEntry
from series.models import Series

LIMIT = 20
STATUSES = ["draft", "chosen", "approved", "published"]
_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_WORDS = 12


@dataclass(frozen=True)
class Filters:
    series: str = ""  # a slug
    part: int | None = None
    platform: str = ""
    status: str = ""  # one of STATUSES
    author: str = ""  # a username


@dataclass
class Hit:
    entry: SearchEntry
    title: list[tuple[str, bool]]  # (text, is a match)
    snippet: list[tuple[str, bool]]
    rank: float = 0.0

    @property
    def url(self) -> str:
        entry = self.entry
        if entry.kind == SearchEntry.Kind.COMMENT:
            return (
                reverse("posts:review", args=[entry.draft_id])
                + f"#c-{entry.object_id}-body"
            )
        if entry.kind == SearchEntry.Kind.DRAFT:
            return reverse("posts:draft", args=[entry.object_id])
        if entry.kind == SearchEntry.Kind.PART:
            return reverse("posts:part", args=[entry.object_id])
        return reverse("posts:series", args=[entry.series.slug])

    @property
    def where(self) -> str:
        """ "Data Pipelines · Part 2 · Draft 1" (as far as the row goes)."""
        entry = self.entry
        place = [entry.series.title]
        if entry.draft_id and entry.draft:
            place += [f"Part {entry.draft.part.number}", str(entry.draft)]
        elif entry.part_id and entry.kind != SearchEntry.Kind.PART and entry.part:
            place.append(f"Part {entry.part.number}")
        if entry.kind == SearchEntry.Kind.COMMENT and entry.author:
            place.append(f"comment by {entry.author.username}")
        return " · ".join(place)


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)

    @property
    def more(self) -> bool:
        """More matched than are shown (LIMIT)."""
        return len(self.hits) > LIMIT

    @property
    def shown(self) -> list[Hit]:
        return self.hits[:LIMIT]


def words(query: str) -> list[str]:
    return _WORD.findall(query.lower())[:_MAX_WORDS]


def search(user, query: str, filters: Filters | None = None) -> Results:
    terms = words(query)
    results = Results(query)
    if not terms or not user.is_authenticated:
        return results
    rows = visible(user, filters or Filters())
    if connection.vendor == "postgresql":
        results.hits = _postgres(rows, terms)
    else:
        results.hits = _sqlite(rows, terms)
    return results


def visible(user, filters: Filters) -> QuerySet:
    """Rows in the user's live series, none in the trash, narrowed by `filters`."""
    rows = SearchEntry.objects.filter(
        Q(part__isnull=True) | Q(part__deleted_at__isnull=True),
        Q(draft__isnull=True) | Q(draft__deleted_at__isnull=True),
        Q(comment__isnull=True) | Q(comment__deleted_at__isnull=True),
        series__in=Series.objects.for_user(user),
    )
    if filters.series:
        rows = rows.filter(series__slug=filters.series)
    if filters.part:
        rows = rows.filter(part_id=filters.part)
    if filters.author:
        rows = rows.filter(author__username=filters.author)
    if filters.platform:
        platform = Coalesce(
            NullIf("draft__platform", Value("")), "series__default_platform"
        )
        rows = rows.alias(platform=platform).filter(
            draft__isnull=False, platform=filters.platform
        )
    if filters.status:
        rows = rows.filter(draft__in=drafts_in_status(filters.status))
    return rows


def drafts_in_status(status: str) -> QuerySet:
    """Ids of drafts in `status`: chosen for their part, approved (the approval
    still holds for the head's text), published (their revision went out), or
    draft (none of those)."""
    drafts = Draft.everything.all()
    published = Publication.objects.values("revision__draft_id")
    if status == "chosen":
        return drafts.filter(chosen=True).values("pk")
    if status == "published":
        return drafts.filter(pk__in=published).values("pk")
    approved = (
        with_review_state(Draft.everything.all())
        .filter(verdict_kind="approved", verdict_hash=F("head__content_hash"))
        .filter(Q(request_at__isnull=True) | Q(verdict_at__gte=F("request_at")))
        .values("pk")
    )
    if status == "approved":
        return approved
    return (
        drafts.filter(chosen=False)
        .exclude(pk__in=published)
        .exclude(pk__in=approved)
        .values("pk")
    )


_RELATED = ("series", "part", "draft__part", "comment", "author")


def _postgres(rows: QuerySet, terms: list[str]) -> list[Hit]:
    # 'word' & 'word' & 'last':*  — every term quoted, so no operator gets through.
    raw = " & ".join(f"'{t}'" for t in terms) + ":*"
    query = SearchQuery(raw, search_type="raw", config=CONFIG)
    found = (
        rows.filter(vector=query)
        .annotate(
            rank=SearchRank(F("vector"), query),
            title_marked=SearchHeadline(
                "title",
                query,
                config=CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                highlight_all=True,
            ),
            snippet_marked=SearchHeadline(
                "body",
                query,
                config=CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=30,
                min_words=12,
                max_fragments=2,
            ),
        )
        .select_related(*_RELATED)
        .order_by("-rank", "kind", "object_id")[: LIMIT + 1]
    )
    return [
        Hit(e, segments(e.title_marked), segments(e.snippet_marked), e.rank)
        for e in found
    ]


def sqlite_query(rows: QuerySet, terms: list[str]) -> tuple[str, list]:
    """The FTS5 query for `terms` among `rows`: (sql, params)."""
    match = " ".join(f'"{t}"' for t in terms) + "*"
    allowed, params = rows.values("id").order_by().query.sql_with_params()
    # The inner query ranks and cuts to LIMIT + 1; only those rows get the
    # (costly) highlight and snippet: SQLite computes a result column for every
    # row it sorts, and a common word matches most of the table. The unary plus
    # on rowid keeps the IN lists out of FTS5's index: given `rowid IN (…)`,
    # SQLite runs the whole MATCH once per listed id (5 s instead of 40 ms for
    # a common word over 10,000 drafts, bench/search.py).
    rank = "bm25(posts_search_fts, 4.0, 1.0)"
    sql = (
        f"SELECT rowid, {rank}, highlight(posts_search_fts, 0, %s, %s),"
        " snippet(posts_search_fts, 1, %s, %s, '…', 24)"
        " FROM posts_search_fts WHERE posts_search_fts MATCH %s AND +rowid IN ("
        " SELECT rowid FROM posts_search_fts WHERE posts_search_fts MATCH %s"
        f" AND +rowid IN ({allowed}) ORDER BY {rank}, rowid LIMIT %s)"
        f" ORDER BY {rank}, rowid"
    )
    marks = [MARK_START, MARK_END]
    return sql, [*marks, *marks, match, match, *params, LIMIT + 1]


def _sqlite(rows: QuerySet, terms: list[str]) -> list[Hit]:
    sql, params = sqlite_query(rows, terms)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    entries = SearchEntry.objects.select_related(*_RELATED).in_bulk(
        [row[0] for row in found]
    )
    return [
        Hit(entries[pk], segments(title), segments(snippet), -score)
        for pk, score, title, snippet in found
        if pk in entries
    ]


def segments(marked: str | None) -> list[tuple[str, bool]]:
    """ "a \\x02b\\x03 c" -> [("a ", False), ("b", True), (" c", False)]:
    the template escapes each piece and wraps matches in <mark>."""
    out: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{MARK_START}{MARK_END}]", marked or "")):
        if piece:
            out.append((piece, i % 2 == 1))
    return out
