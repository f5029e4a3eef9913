"""The metrics table above the compared texts."""

from __future__ import annotations

from dataclasses import dataclass

from posts.checks.checking import DraftReport
from posts.compare.sides import Side
from posts.textkit.metrics import Metrics


@dataclass(frozen=True)
class MetricRow:
    label: str
    a: object
    b: object
    differs: bool


@dataclass(frozen=True)
class MetricTable:
    """The rows, and the one summary line shown while they are folded away."""

    rows: list[MetricRow]
    headline: list[MetricRow]  # the few rows named in the summary line
    differing: int


HEADLINE = ("Words", "Characters", "Voice")


def metric_table(
    a: Side, b: Side, checks: tuple[DraftReport, DraftReport] | None = None
) -> MetricTable:
    """The metrics table folded to one line: the texts come first on any screen."""
    rows = metric_rows(a, b, checks)
    return MetricTable(
        rows=rows,
        headline=[row for row in rows if row.label in HEADLINE],
        differing=sum(row.differs for row in rows),
    )


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
            "Voice",
            str(a.profile_tally),
            str(b.profile_tally),
            a.profile_tally != b.profile_tally,
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
