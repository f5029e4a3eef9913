"""E-mail to people: sent after the transaction commits, through a Django task.

A slow or broken mail server must never hold a database lock, fail a save,
or tell someone about a change that was rolled back. So views and helpers
call send_after_commit() inside their transaction; the task is enqueued only
once it commits. With the default ImmediateBackend the task runs right then,
in the same request, and a failure is logged by django.tasks, not raised; a
TASKS backend with a worker moves the sending out of the request altogether.
"""

from __future__ import annotations

from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task


@task
def send_email(subject: str, body: str, to: list[str]) -> None:
    send_mail(subject, body, None, to)


def send_after_commit(subject: str, body: str, to: list[str]) -> None:
    """Enqueue send_email once the current transaction commits (at once outside
    one); nothing is sent if it rolls back. robust: a failure to enqueue is logged
    and never undoes or fails what was saved."""
    transaction.on_commit(
        partial(send_email.enqueue, subject, body, list(to)), robust=True
    )
