"""Dates of a plan: a writer's zone, a series' weekly cadence.

A cadence "weekly, Tuesday 09:00" is read in the series owner's zone: the
slot after `after` is the next Tuesday at 09:00 there, whatever the offset
that day (summer time moves the UTC hour, not the writer's).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.db.models import Max
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from series.models import Part, Series, WriterSettings


def zone_for(user) -> ZoneInfo:
    """The user's zone (one query), UTC if they never chose one."""
    name = (
        WriterSettings.objects.filter(user=user)
        .values_list("time_zone", flat=True)
        .first()
        if user.is_authenticated
        else None
    )
    return zone_named(name or "UTC")


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


def next_slot(
    weekday: int, at: dt.time, zone: ZoneInfo, after: dt.datetime
) -> dt.datetime:
    """The first `weekday` at `at` (in `zone`) strictly after `after`.

    >>> next_slot(1, dt.time(9), ZoneInfo("UTC"), dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
    datetime.datetime(2026, 12, 8, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC'))
    """
    local = after.astimezone(zone)
    day = local.date() + dt.timedelta(days=(weekday - local.weekday()) % 7)
    slot = dt.datetime.combine(day, at, tzinfo=zone)
    if slot <= after:
        slot = dt.datetime.combine(day + dt.timedelta(days=7), at, tzinfo=zone)
    return slot


def proposed_date(series: Series, now: dt.datetime | None = None) -> dt.datetime | None:
    """Where a new part of `series` goes: the cadence's slot after the last
    planned part (or after now), or None without a cadence. Two queries."""
    if series.cadence_weekday is None or series.cadence_time is None:
        return None
    now = now or timezone.now()
    last = Part.objects.filter(series=series).aggregate(Max("planned_at"))[
        "planned_at__max"
    ]
    after = max(last, now) if last else now
    zone = zone_for(series.owner)
    return next_slot(series.cadence_weekday, series.cadence_time, zone, after)


@receiver(pre_save, sender=Part, dispatch_uid="schedule-propose")
def _propose(sender, instance: Part, raw: bool = False, **kwargs) -> None:
    """A new part of a series with a cadence gets its proposed date, unless
    someone gave it one."""
    if raw or not instance._state.adding or instance.planned_at is not None:
        return
    instance.planned_at = proposed_date(instance.series)
