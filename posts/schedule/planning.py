"""The parts on a calendar, each with its state and what the user may do.

One query for any stretch of days: the parts of the user's live series
planned in it, with the user's role and, per part, whether it went out,
whether a draft is chosen, and whether that chosen draft's text is approved.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from posts.models import Draft, Publication, Verdict
from posts.schedule.plan_checks import DUE_SOON
from series.access import Access, column, with_role
from series.models import Part

PLANNED, READY, APPROVED, PUBLISHED, LATE = (
    "planned",
    "ready",
    "approved",
    "published",
    "late",
)
STATES = [PLANNED, READY, APPROVED, PUBLISHED, LATE]


@dataclass(frozen=True)
class PlannedPart:
    part: Part
    when: dt.datetime  # in the writer's zone
    state: str
    access: Access


def with_plan_state(parts):
    """Annotate parts with is_published, has_chosen and is_approved (subqueries)."""
    chosen = Draft.objects.filter(part=OuterRef("pk"), chosen=True)
    approved = Verdict.objects.filter(
        draft__part=OuterRef("pk"),
        draft__chosen=True,
        draft__deleted_at__isnull=True,
        kind=Verdict.Kind.APPROVED,
        content_hash=F("draft__head__content_hash"),
    )
    return parts.annotate(
        is_published=Exists(Publication.objects.filter(part=OuterRef("pk"))),
        has_chosen=Exists(chosen),
        is_approved=Exists(approved),
    )


def due_soon(parts, now: dt.datetime | None = None):
    """Of `parts`, those planned from now to 48 hours on that are not ready:
    no chosen draft, not published (the plan check 'plan-due-soon')."""
    now = now or timezone.now()
    return with_plan_state(parts).filter(
        planned_at__gte=now,
        planned_at__lte=now + DUE_SOON,
        has_chosen=False,
        is_published=False,
    )


def state_of(part, now: dt.datetime) -> str:
    """For a part annotated by with_plan_state()."""
    if part.is_published:
        return PUBLISHED
    if part.planned_at and part.planned_at < now:
        return LATE
    if part.is_approved:
        return APPROVED
    return READY if part.has_chosen else PLANNED


def planned_between(
    user, start: dt.date, end: dt.date, zone: ZoneInfo
) -> list[PlannedPart]:
    """Parts planned from `start` to `end` (inclusive days in `zone`)."""
    since = dt.datetime.combine(start, dt.time(), tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    parts = with_role(
        Part.objects.for_user(user).select_related("series"),
        user,
        column(Part, "series"),
    )
    rows = with_plan_state(parts).filter(planned_at__gte=since, planned_at__lt=until)
    now = timezone.now()
    out = []
    for part in rows.order_by("planned_at", "series__title", "number"):
        access = Access.from_row(part.series.owner_id, user, part.member_role)
        if access is None:  # for_user() and the role agree; never reached
            continue
        out.append(
            PlannedPart(
                part, part.planned_at.astimezone(zone), state_of(part, now), access
            )
        )
    return out


@dataclass
class Day:
    date: dt.date
    in_month: bool
    today: bool
    parts: list[PlannedPart]


@dataclass
class Week:
    days: list[Day]

    @property
    def planned(self) -> bool:
        """Anything planned this week (phones show only such weeks)."""
        return any(day.parts for day in self.days)


def month_grid(
    year: int, month: int, plan: list[PlannedPart], today: dt.date
) -> list[Week]:
    by_day: dict[dt.date, list[PlannedPart]] = {}
    for item in plan:
        by_day.setdefault(item.when.date(), []).append(item)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [
        Week([Day(d, d.month == month, d == today, by_day.get(d, [])) for d in week])
        for week in weeks
    ]


def week_days(start: dt.date, plan: list[PlannedPart], today: dt.date) -> list[Day]:
    by_day: dict[dt.date, list[PlannedPart]] = {}
    for item in plan:
        by_day.setdefault(item.when.date(), []).append(item)
    days = [start + dt.timedelta(days=n) for n in range(7)]
    return [Day(d, True, d == today, by_day.get(d, [])) for d in days]


def moved(part: Part, day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """`part` planned on `day` at the time of day it had (in `zone`), else the
    series' cadence time, else 09:00."""
    if part.planned_at:
        at = part.planned_at.astimezone(zone).time().replace(second=0, microsecond=0)
    else:
        at = part.series.cadence_time or dt.time(9)
    return dt.datetime.combine(day, at, tzinfo=zone)
