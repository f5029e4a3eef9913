"""Reminders: one e-mail to the owner of a part due within 48 hours with no
chosen draft, once per planned date (tasks run at once in tests)."""

import datetime as dt
import io
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from posts.models import Publication, Reminder
from posts.schedule.reminders import due_parts, send_reminder
from series.models import WriterSettings
from tests.factories import PartFactory, head, make_draft

HOUR = dt.timedelta(hours=1)


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("451 the mail server is down")


@pytest.fixture
def owner(user):
    user.email = "writer@example.com"
    user.save()
    return user


@pytest.fixture
def due(owner, series):
    return PartFactory.create(
        series=series, number=2, title="Backprop", planned_at=timezone.now() + 30 * HOUR
    )


def run() -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_a_part_due_soon_without_a_chosen_draft_mails_its_owner_once(due, owner):
    WriterSettings.objects.create(user=owner, time_zone="Europe/Berlin")
    make_draft(due)  # a draft, but none chosen: not ready
    assert "Enqueued 1 reminder." in run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["writer@example.com"]
    assert "Part 2 of “Neural Networks” is due" in message.subject
    assert "(CET)" in message.subject  # the owner's zone
    assert f"/parts/{due.pk}/" in message.body
    reminder = Reminder.objects.get(part=due)
    assert reminder.planned_at == due.planned_at and reminder.sent_at is not None

    assert "Enqueued 0 reminders." in run()
    assert len(mail.outbox) == 1


def test_a_ready_or_published_part_gets_no_reminder(due, owner):
    draft = make_draft(due, chosen=True)
    published = PartFactory.create(
        series=due.series, number=3, planned_at=timezone.now() + 40 * HOUR
    )
    Publication.objects.create(
        part=published,
        revision=head(make_draft(published)),
        published_on=timezone.localdate(),
    )
    run()
    assert mail.outbox == []
    draft.chosen = False
    draft.save()
    run()
    assert len(mail.outbox) == 1  # only the part with no chosen draft, Part 2


def test_parts_outside_the_48_hours_or_in_the_trash_get_no_reminder(series, owner):
    now = timezone.now()
    PartFactory.create(series=series, number=1, planned_at=now - HOUR)  # late
    PartFactory.create(series=series, number=2, planned_at=now + 49 * HOUR)
    PartFactory.create(series=series, number=3)  # not planned
    trashed = PartFactory.create(series=series, number=4, planned_at=now + HOUR)
    trashed.deleted_at = now
    trashed.save()
    run()
    assert mail.outbox == []


def test_an_owner_without_an_address_is_not_reminded(user, series):
    PartFactory.create(series=series, number=1, planned_at=timezone.now() + HOUR)
    assert list(due_parts()) == []


def test_the_same_task_twice_sends_once(due):
    stamp = due.planned_at.isoformat()
    first = send_reminder.enqueue(due.pk, stamp)
    second = send_reminder.enqueue(due.pk, stamp)
    assert (first.return_value, second.return_value) == (True, False)
    assert len(mail.outbox) == 1


def test_a_task_that_finds_the_date_moved_sends_nothing(due):
    stamp = due.planned_at.isoformat()
    due.planned_at += 3 * HOUR
    due.save()
    assert send_reminder.enqueue(due.pk, stamp).return_value is False
    assert mail.outbox == []


def test_a_part_moved_to_another_date_is_reminded_again(due):
    run()
    due.planned_at += 3 * HOUR
    due.save()
    run()
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(part=due).count() == 2


def test_a_failed_send_leaves_no_record_so_the_next_run_retries(due, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenMailServer"}}
    run()  # the immediate backend logs the task's failure
    assert not Reminder.objects.exists()
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    run()
    assert len(mail.outbox) == 1


def test_send_reminders_refuses_a_negative_interval(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", every=-1)
