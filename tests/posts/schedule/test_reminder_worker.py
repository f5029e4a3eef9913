"""End to end: reminders enqueued into the database backend, sent by the real
`db_worker` in another process (the test database is shared through a file or
PostgreSQL; the e-mail through files, which both processes can see)."""

import datetime as dt
import io
import os
import subprocess
import sys
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from posts.models import Reminder
from tests.factories import PartFactory

ROOT = Path(__file__).resolve().parents[3]
DATABASE = {"BACKEND": "django_tasks_db.DatabaseBackend"}


def database_url() -> str:
    """The URL of the database this test runs on, for the worker process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_db_worker_sends_a_reminder_once(user, series, tmp_path):
    user.email = "writer@example.com"
    user.save()
    part = PartFactory.create(
        series=series, number=1, planned_at=timezone.now() + dt.timedelta(hours=5)
    )
    with override_settings(TASKS={"default": DATABASE}):
        call_command("send_reminders", stdout=io.StringIO())
        call_command("send_reminders", stdout=io.StringIO())
    # The second scan enqueued it again: the task itself must not send twice.
    assert DBTaskResult.objects.count() == 2
    outbox = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "SECRET_KEY": settings.SECRET_KEY,
    }
    env.pop("TASKS_BACKEND", None)
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
        + ["--no-startup-delay", "--interval", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["SUCCESSFUL", "SUCCESSFUL"]
    files = list(outbox.iterdir())
    assert len(files) == 1
    # The file backend writes each message followed by a line of dashes.
    raw = files[0].read_bytes().rsplit(b"\n" + b"-" * 79, 1)[0]
    message = message_from_bytes(raw, policy=default)
    assert message["To"] == "writer@example.com"
    assert message["Subject"].startswith(f"Part 1 of “{series.title}” is due")
    assert f"/parts/{part.pk}/" in message.get_content()
    assert Reminder.objects.get(part=part).sent_at is not None
