"""E-mail the owner when a part is due within 48 hours and not ready.

`manage.py send_reminders` finds the due parts and enqueues one
send_reminder task each; the task backend's worker (`manage.py db_worker`,
which `make run` starts) sends them.

Once per part and planned date: the task first records a Reminder (a unique
pair), then sends, so a scan run twice, or two workers taking the same part,
send one e-mail. A failed send removes its record and raises, so the next
scan tries again; a worker killed between the record and the send leaves
that reminder unsent (at most once, never twice).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.tasks import task
from django.utils import timezone

from posts.schedule.models import Reminder
from posts.schedule.planning import due_soon
from series.models import Part
from series.schedule import zone_for


def due_parts(now: dt.datetime | None = None) -> QuerySet[Part]:
    """Live parts planned from now to 48 hours on, with no chosen draft, not
    published, whose owner has an e-mail address and was not reminded for
    this planned date yet. One query."""
    reminded = Reminder.objects.filter(
        part=OuterRef("pk"), planned_at=OuterRef("planned_at")
    )
    return (
        due_soon(Part.objects.filter(series__deleted_at__isnull=True), now)
        .exclude(series__owner__email="")
        .exclude(Exists(reminded))
        .order_by("planned_at", "pk")
    )


def enqueue_due(now: dt.datetime | None = None) -> int:
    """Enqueue a reminder for every due part; how many were enqueued."""
    count = 0
    for part in due_parts(now).only("pk", "planned_at"):
        assert part.planned_at is not None  # due_parts() filters on it
        send_reminder.enqueue(part.pk, part.planned_at.isoformat())
        count += 1
    return count


@task
def send_reminder(part_id: int, planned_at: str) -> bool:
    """Send the reminder if the part is still due at that date and not ready;
    True when this call sent it."""
    due = dt.datetime.fromisoformat(planned_at)
    part = (
        due_parts()
        .filter(pk=part_id, planned_at=due)
        .select_related("series__owner")
        .first()
    )
    if part is None:  # ready, moved, published, trashed or reminded meanwhile
        return False
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(part=part, planned_at=due)
    except IntegrityError:  # another worker took it
        return False
    try:
        _send(part, due)
    except Exception:
        reminder.delete()
        raise
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
    return True


def _send(part: Part, due: dt.datetime) -> None:
    owner = part.series.owner
    when = due.astimezone(zone_for(owner))
    stamp = f"{when:%a %d %b %H:%M} ({when.tzname()})"
    url = settings.SITE_URL.rstrip("/") + part.get_absolute_url()
    send_mail(
        f"Part {part.number} of “{part.series.title}” is due {stamp}",
        f"Part {part.number}, “{part.title}”, is planned for {stamp} and no draft "
        f"is chosen yet.\n\nChoose one: {url}",
        None,
        [owner.email],
    )
