from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from posts.importing.importing import Status, import_file
from series.models import Series

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo"
DEMO_USER, DEMO_PASSWORD = "demo", "postwright-demo"
DEMO_SERIES = "Data Pipelines"


class Command(BaseCommand):
    help = "Create the demo login and a small demo series (safe to run again)."

    def handle(self, *args, **options):
        with transaction.atomic():
            user, created = get_user_model().objects.get_or_create(username=DEMO_USER)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if Series.objects.filter(owner=user, title=DEMO_SERIES).exists():
                self.stdout.write("Demo series already loaded.")
                return
            series = Series.objects.create(
                owner=user,
                title=DEMO_SERIES,
                description="A weekly LinkedIn series: why pipelines break, and how to make them boring.",
            )
            for path in sorted(DEMO_DIR.glob("*.md")):
                outcome = import_file(
                    path.read_bytes(), path.name, user=user, series=series
                )
                if outcome.status == Status.REJECTED:
                    raise RuntimeError(
                        f"Demo file {path.name} was rejected: {outcome.error}"
                    )
        self.stdout.write(f"Loaded the demo series “{DEMO_SERIES}” for {DEMO_USER}.")
