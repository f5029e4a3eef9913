"""Comparing texts and building one from the best of several (issue #5).

The Django side of the compare page: which two revisions are shown, their
metrics side by side, the diff rows ready for the template, and the two ways
of writing a result: taking changes from B into A (a new merge revision of A)
and composing a new draft from picked paragraphs. Every text change goes
through posts.saving; this module only decides what the text is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction
from django.shortcuts import get_object_or_404

from posts.checking import DraftReport, SeriesContext, report
from posts.models import Draft, Revision
from posts.rendering import render_markdown
from posts.review import annotated_state
from posts.saving import SaveResult, create_draft, save_text
from posts.textkit.diff import Collapsed, Diff, Row, apply_changes, collapse
from posts.textkit.diff import diff_texts as _diff_texts
from posts.textkit.metrics import Metrics, measure
from series.access import get_draft

MESSAGE_LIMIT = 500  # Revision.message max_length


@dataclass
class Side:
    """One of the two texts on the compare page: a revision of a draft."""

    draft: Draft
    revision: Revision
    metrics: Metrics = field(init=False)

    def __post_init__(self) -> None:
        self.metrics = measure(self.revision.body, self.draft.effective_platform)

    @property
    def label(self) -> str:
        return f"Draft {self.draft.number} r{self.revision.number}"

    @property
    def is_head(self) -> bool:
        return self.draft.head_id == self.revision.pk


def load_side(
    user, draft_pk: int, revision_number: int, *, write: bool = False
) -> Side:
    """Two queries for the draft (access check) and one for the revision; 404 if unknown."""
    draft = get_draft(user, draft_pk, write=write)
    if draft.head and draft.head.number == revision_number:
        return Side(draft, draft.head)
    revision = get_object_or_404(
        draft.revisions.select_related("author"), number=revision_number
    )
    return Side(draft, revision)


@lru_cache(maxsize=64)
def diff_texts(a: str, b: str) -> Diff:
    """The engine's diff, remembered: a compare page is reloaded, toggled
    (inline, rendered) and posted back for the same two revisions."""
    return _diff_texts(a, b)


# --- metrics table -----------------------------------------------------------


@dataclass(frozen=True)
class MetricRow:
    label: str
    a: object
    b: object
    differs: bool


def metric_rows(
    a: Side, b: Side, checks: tuple[DraftReport, DraftReport] | None = None
) -> list[MetricRow]:
    """The metrics table above the texts; `differs` marks what to highlight.

    With `checks` (each side's report), the voice score, every voice element
    and the findings are rows too, so taking a paragraph that drops a
    signature phrase shows.
    """
    rows = []
    for label, value_a, value_b, compare in (
        ("Draft", _draft_label(a), _draft_label(b), True),
        ("Strategy", a.draft.strategy or "—", b.draft.strategy or "—", True),
        ("Revision", _revision_label(a), _revision_label(b), False),
        ("Words", a.metrics.words, b.metrics.words, True),
        ("Characters", _chars(a.metrics), _chars(b.metrics), True),
        ("Declared words", _declared(a), _declared(b), True),
        ("Reading time", f"{a.metrics.reading_minutes} min", f"{b.metrics.reading_minutes} min", True),
        ("Hashtags", _tags(a.metrics), _tags(b.metrics), True),
        ("Before “…see more”", _fold(a.metrics), _fold(b.metrics), True),
    ):  # fmt: skip
        rows.append(MetricRow(label, value_a, value_b, compare and value_a != value_b))
    if checks:
        rows += _check_rows(*checks)
    return rows


def _check_rows(a: DraftReport, b: DraftReport) -> list[MetricRow]:
    rows = [
        MetricRow(
            "Voice", f"{a.score_percent}%", f"{b.score_percent}%", a.score != b.score
        )
    ]
    marks = {True: "✓ present", False: "✗ missing", None: "– not ticked"}
    present_b = {hit.element.label: hit.present for hit in b.hits}
    for hit in a.hits:
        other = present_b.get(hit.element.label, hit.present)
        rows.append(
            MetricRow(
                f"· {hit.element.label}",
                marks[hit.present],
                marks[other],
                hit.present != other,
            )
        )
    summary_a, summary_b = _findings_summary(a), _findings_summary(b)
    rows.append(MetricRow("Findings", summary_a, summary_b, summary_a != summary_b))
    return rows


def _findings_summary(checks: DraftReport) -> str:
    if not checks.errors and not checks.warnings:
        return "none"
    parts = (
        [f"{checks.errors} error{'s' * (checks.errors != 1)}"] if checks.errors else []
    )
    if checks.warnings:
        parts.append(f"{checks.warnings} warning{'s' * (checks.warnings != 1)}")
    return ", ".join(parts)


def _draft_label(side: Side) -> str:
    part = side.draft.part
    return f"Draft {side.draft.number} · Part {part.number} ({part.series.title})"


def _revision_label(side: Side) -> str:
    when = side.revision.created_at.strftime("%Y-%m-%d %H:%M")
    latest = " (latest)" if side.is_head else ""
    return (
        f"r{side.revision.number} · {side.revision.get_kind_display()} · {when}{latest}"
    )


def _chars(m: Metrics) -> str:
    if not m.char_limit:
        return str(m.characters)
    over = f" — {m.over_limit} over" if m.over_limit else ""
    return f"{m.characters} / {m.char_limit}{over}"


def _declared(side: Side) -> str:
    declared = side.draft.declared_word_count
    if declared is None:
        return "—"
    gap = side.metrics.words - declared
    return f"{declared} (counted {side.metrics.words}, {gap:+d})"


def _tags(m: Metrics) -> str:
    return f"{m.hashtag_count}: {' '.join(m.hashtags)}" if m.hashtags else "0"


def _fold(m: Metrics) -> str:
    if m.fold_desktop is None:
        return "— (no fold on this platform)"
    return m.fold_desktop.text + ("…" if m.fold_desktop.cut else "")


# --- rows for the template ---------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A diff row as the template shows it; html only in rendered mode."""

    row: Row
    left_html: str = ""
    right_html: str = ""
    kind: str = "row"


@dataclass(frozen=True)
class ShownCollapsed:
    count: int
    rows: list[Shown]
    kind: str = "collapsed"


def shown_rows(diff: Diff, *, rendered: bool) -> list[Shown | ShownCollapsed]:
    """Collapsed rows, each paragraph rendered through render_markdown when asked."""

    def show(row: Row) -> Shown:
        if not rendered:
            return Shown(row)
        return Shown(
            row,
            render_markdown(row.left) if row.left is not None else "",
            render_markdown(row.right) if row.right is not None else "",
        )

    out: list[Shown | ShownCollapsed] = []
    for item in collapse(diff.rows, context=1):
        if isinstance(item, Collapsed):
            out.append(ShownCollapsed(item.count, [show(r) for r in item.rows]))
        else:
            out.append(show(item))
    return out


# --- taking changes from B into A ---------------------------------------------


def take_changes(
    target: Side, source: Side, take: set[int], author, *, diff: Diff | None = None
) -> SaveResult:
    """Write A + the picked rows of B as a new merge revision of A's draft.

    Based on the revision shown: if A's draft moved on meanwhile, save_text
    still stores the text (as a conflict revision) and the result says so.
    """
    diff = diff or diff_texts(target.revision.body, source.revision.body)
    unknown = take - diff.change_indexes
    if unknown:
        raise ValueError(f"no changes with ids {sorted(unknown)}")
    body = apply_changes(target.revision.body, source.revision.body, diff, take)
    sources = [_source(row, source) for row in diff.rows if row.index in take]
    return save_text(
        target.draft.pk,
        author,
        body,
        kind=Revision.Kind.MERGE,
        base_number=target.revision.number,
        base_hash=target.revision.content_hash,
        message=_message("Took", sources),
        sources=sources,
    )


def _source(row: Row, source: Side) -> dict:
    """Where a taken row came from: B's paragraph, or A's paragraph B drops."""
    dropped = row.kind == "delete"
    return {
        "paragraph": row.left_no if dropped else row.right_no,
        "draft": source.draft.number,
        "revision": source.revision.number,
        "draft_id": source.draft.pk,
        "part": source.draft.part.number,
        "kind": "dropped" if dropped else row.kind,
    }


def describe(src: dict) -> str:
    where = f"Draft {src['draft']} r{src['revision']}"
    if src.get("kind") == "dropped":
        return f"¶{src['paragraph']} dropped as in {where}"
    return f"¶{src['paragraph']} from {where}"


def _message(verb: str, sources: list[dict]) -> str:
    text = f"{verb} " + ", ".join(describe(s) for s in sources)
    if len(text) > MESSAGE_LIMIT:  # the full list is in Revision.sources
        text = text[: MESSAGE_LIMIT - 1] + "…"
    return text


# --- composing a new draft ------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    draft: Draft
    paragraph: int  # 1-based, in the draft's head revision
    text: str


def _head_number(draft: Draft) -> int:
    assert draft.head is not None  # create_draft gives every draft its head
    return draft.head.number


def compose_draft(part, author, picks: list[Pick]) -> Draft:
    """A new draft of `part` made of `picks` in order; sources name each paragraph."""
    sources = [
        {
            "paragraph": p.paragraph,
            "draft": p.draft.number,
            "revision": _head_number(p.draft),
            "draft_id": p.draft.pk,
            "part": part.number,
            "position": n,
        }
        for n, p in enumerate(picks, start=1)
    ]
    return create_draft(
        part,
        author,
        "\n\n".join(p.text for p in picks) + "\n",
        kind=Revision.Kind.MERGE,
        message=_message("Composed from", sources),
        sources=sources,
        strategy="composed",
    )


# --- the chosen draft -------------------------------------------------------------


def choose_draft(draft: Draft, chosen: bool) -> None:
    """Make `draft` the part's one chosen draft (or no longer chosen).

    The previous choice is cleared first, in the same transaction, so the
    one-chosen-per-part constraint never sees two.
    """
    with transaction.atomic():
        others = Draft.objects.select_for_update().filter(part=draft.part_id)
        list(others)  # lock the part's drafts: two clicks at once run in turn
        if chosen:
            others.filter(chosen=True).exclude(pk=draft.pk).update(chosen=False)
        Draft.objects.filter(pk=draft.pk).update(chosen=chosen)


# --- the part page's drafts matrix ------------------------------------------------


@dataclass(frozen=True)
class DraftRow:
    draft: Draft
    metrics: Metrics
    checks: DraftReport | None = None  # voice, continuity and platform findings
    review: str = ""  # drafting / in review / changes requested / approved

    @property
    def declared_gap(self) -> int | None:
        """Computed minus declared word count; None when nothing was declared."""
        declared = self.draft.declared_word_count
        return None if declared is None else self.metrics.words - declared


def draft_rows(drafts, series_checks: SeriesContext | None = None) -> list[DraftRow]:
    """Metrics (and checks, given the series' context) of each draft's head.

    No queries beyond loading `drafts` with their head (the part and series
    must already be on each draft); drafts loaded through
    posts.review.with_review_state() also get their review state.
    """
    return [
        DraftRow(
            d,
            measure(d.body, d.effective_platform),
            report(d, series_checks) if series_checks else None,
            annotated_state(d) if hasattr(d, "request_at") else "",
        )
        for d in drafts
    ]


def default_pair(drafts: list[Draft]) -> tuple[Draft | None, Draft | None]:
    """What the part page's A/B pickers start with: the chosen draft (or the
    first) against the next other one."""
    if not drafts:
        return None, None
    a = next((d for d in drafts if d.chosen), drafts[0])
    b = next((d for d in drafts if d.pk != a.pk), a)
    return a, b
