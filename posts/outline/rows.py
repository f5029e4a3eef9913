"""The part page's drafts matrix: metrics, checks and review state of each draft."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.timesince import timesince

from posts import derived
from posts.checks.checking import DraftReport, SeriesContext, report
from posts.models import Draft
from posts.review.approval import annotated_state
from posts.textkit.counting import Reading, meant
from posts.textkit.metrics import Metrics


@dataclass(frozen=True)
class DraftRow:
    draft: Draft
    metrics: Metrics
    checks: DraftReport | None = None  # voice, continuity and platform findings
    review: str = ""  # drafting / in review / changes requested / approved

    @property
    def declared_reading(self) -> Reading | None:
        """The count the declared number most plausibly meant (None: none declared)."""
        declared = self.draft.declared_word_count
        return None if declared is None else meant(declared, self.metrics.word_parts)

    @property
    def declared_gap(self) -> int | None:
        """That count minus the declared one; None when nothing was declared."""
        reading = self.declared_reading
        if reading is None or self.draft.declared_word_count is None:
            return None
        return reading.words - self.draft.declared_word_count


def draft_rows(drafts, series_checks: SeriesContext | None = None) -> list[DraftRow]:
    """Metrics (and checks, given the series' context) of each draft's head.

    No queries beyond loading `drafts` with their head (the part and series
    must already be on each draft); drafts loaded through
    posts.review.approval.with_review_state() also get their review state.
    """
    return [
        DraftRow(
            d,
            derived.measured(derived.head_hash(d), d.body, d.effective_platform),
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


def rows_key(drafts, series_checks: SeriesContext | None = None) -> tuple:
    """Everything the part page's drafts matrix shows, as plain values: the
    fragment's cache key (posts.fragments). Read off the loaded drafts, no query.

    Per draft: what its row prints (number, strategy, chosen, the head's
    number, time and author), what its numbers and checks are computed from
    (the head's content hash, the platform, the declared count, the
    metadata the checks read) and its review state; the series' outline and
    voice profile (their fingerprint) for the checks.
    """
    return (
        series_checks.version if series_checks else None,
        tuple(
            (
                d.pk,
                d.number,
                d.strategy,
                d.chosen,
                d.effective_platform,
                d.declared_word_count,
                derived.fingerprint(d.metadata),
                derived.head_hash(d),
                d.head.number if d.head else None,
                d.head.updated_at if d.head else None,
                timesince(d.head.updated_at) if d.head else None,
                d.head.author.username if d.head and d.head.author else None,
                annotated_state(d) if hasattr(d, "request_at") else "",
            )
            for d in drafts
        ),
    )
