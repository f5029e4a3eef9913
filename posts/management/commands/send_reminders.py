"""Enqueue the 'due soon' reminders; the task worker sends them.

    manage.py send_reminders              # once (from cron, say every 15 minutes)
    manage.py send_reminders --every 900  # again and again (make run does this)

A part is due when it is planned within 48 hours, has no chosen draft and is
not published; each is reminded once per planned date (posts.schedule.reminders).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from posts.schedule.reminders import enqueue_due


class Command(BaseCommand):
    help = "Enqueue an e-mail to the owner of each part due within 48 hours with no chosen draft."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, scanning again every SECONDS (0: once).",
        )

    def handle(self, *args, every: int, **options):
        if every < 0:
            raise CommandError("--every must be 0 or more.")
        while True:
            count = enqueue_due()
            if count or not every:
                self.stdout.write(
                    f"Enqueued {count} reminder{'s' if count != 1 else ''}."
                )
            if not every:
                return
            close_old_connections()
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
