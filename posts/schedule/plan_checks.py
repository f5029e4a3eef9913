"""Findings that read the plan (planned dates), beside the text checks of
posts.checks: kept in their own module so that the text checks can change
without touching these.

- plan-order (error): Part N+1 is planned before Part N.
- plan-due-soon (warning): a part due within 48 hours has no chosen draft yet.
- plan-teaser-week (warning): a draft says "next week's post (Part N)" but
  Part N is not planned about a week after the draft's part (5 to 9 days).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

DUE_SOON = dt.timedelta(hours=48)
WEEK = (dt.timedelta(days=5), dt.timedelta(days=9))
_NEXT_WEEK = re.compile(
    r"next week['’]s (?:post|article|part)\s*\(\s*part\s+(\d+)\s*\)", re.I
)


@dataclass(frozen=True)
class PlanFinding:
    code: str
    severity: str  # "error" / "warning"
    part_number: int
    message: str


@dataclass(frozen=True)
class PlannedItem:
    """What the plan checks need of one part (no database access here)."""

    number: int
    planned_at: dt.datetime | None
    ready: bool  # a draft is chosen, or it went out
    published: bool
    texts: tuple[str, ...] = ()  # its drafts' current texts


def plan_findings(
    items: list[PlannedItem], now: dt.datetime | None = None
) -> list[PlanFinding]:
    now = now or timezone.now()
    out: list[PlanFinding] = []
    by_number = {item.number: item for item in items}
    ordered = sorted(items, key=lambda i: i.number)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if (
            earlier.planned_at
            and later.planned_at
            and later.planned_at < earlier.planned_at
        ):
            out.append(
                PlanFinding(
                    "plan-order",
                    "error",
                    later.number,
                    f"Part {later.number} is planned before Part {earlier.number}.",
                )
            )
    for item in ordered:
        due = item.planned_at
        if (
            due
            and not item.ready
            and not item.published
            and now <= due <= now + DUE_SOON
        ):
            out.append(
                PlanFinding(
                    "plan-due-soon",
                    "warning",
                    item.number,
                    f"Part {item.number} is due within 48 hours and no draft is chosen.",
                )
            )
        for number in {int(n) for text in item.texts for n in _NEXT_WEEK.findall(text)}:
            target = by_number.get(number)
            if not (item.planned_at and target and target.planned_at):
                continue
            gap = target.planned_at - item.planned_at
            if not WEEK[0] <= gap <= WEEK[1]:
                out.append(
                    PlanFinding(
                        "plan-teaser-week",
                        "warning",
                        item.number,
                        f"Part {item.number} promises Part {number} next week, but it is planned "
                        f"{gap.days} days later.",
                    )
                )
    return out


def for_parts(parts) -> list[PlanFinding]:
    """plan_findings() for parts loaded by posts.publishing.exports.load_parts()
    (each with `.live_drafts` and its publication): no query of its own."""
    items = [
        PlannedItem(
            part.number,
            part.planned_at,
            any(draft.chosen for draft in part.live_drafts),
            getattr(part, "publication", None) is not None,
            tuple(draft.body for draft in part.live_drafts),
        )
        for part in parts
    ]
    return plan_findings(items)
