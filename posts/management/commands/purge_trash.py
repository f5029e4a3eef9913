"""Delete for good what has been in the trash longer than --days (default 30).

    manage.py purge_trash              # older than 30 days
    manage.py purge_trash --days 7 --dry-run

A series takes its parts, drafts and revisions with it; a part its drafts.
A draft with a published revision is kept (the publication record needs it)
and reported. Deleted and hidden comments go too (see posts.review.trash:
a thread starter with replies loses its words and keeps its place).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from posts.models import Draft
from posts.review.trash import purge_comments
from series.models import Part, Series


class Command(BaseCommand):
    help = "Permanently delete series, parts, drafts and comments trashed more than N days ago."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would go."
        )

    def handle(self, *args, days: int, dry_run: bool, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        verb = "Would remove" if dry_run else "Removed"
        removed = kept = 0
        # Outermost first, so a part whose series goes is not listed twice.
        for label, queryset in self._candidates(cutoff):
            for item in queryset:
                where = f" of {item.part}" if label == "draft" else ""
                name = f"{label} “{item}”{where} (trashed {item.deleted_at:%Y-%m-%d})"
                if dry_run:
                    self.stdout.write(f"{verb} {name}")
                    removed += 1
                    continue
                try:
                    with transaction.atomic():
                        item.delete()
                except ProtectedError:
                    kept += 1
                    self.stdout.write(f"Kept {name}: it holds a published revision")
                    continue
                removed += 1
                self.stdout.write(f"{verb} {name}")
        for name in purge_comments(cutoff, dry_run=dry_run):
            removed += 1
            self.stdout.write(f"{verb} {name}")
        summary = f"{verb} {removed} item{'s' if removed != 1 else ''} trashed before {cutoff:%Y-%m-%d %H:%M}."
        if kept:
            summary += f" Kept {kept} with published revisions."
        self.stdout.write(self.style.SUCCESS(summary))

    def _candidates(self, cutoff):
        old = {"deleted_at__lt": cutoff}
        return [
            ("series", Series.everything.filter(**old).order_by("deleted_at")),
            (
                "part",
                Part.everything.filter(**old)
                .exclude(series__deleted_at__lt=cutoff)
                .select_related("series")
                .order_by("deleted_at"),
            ),
            (
                "draft",
                Draft.everything.filter(**old)
                .exclude(part__deleted_at__lt=cutoff)
                .exclude(part__series__deleted_at__lt=cutoff)
                .select_related("part__series")
                .order_by("deleted_at"),
            ),
        ]
