import json

from django.core.management.base import BaseCommand, CommandError

from posts.checks.checking import report, series_context
from posts.models import Draft
from series.models import Series


class Command(BaseCommand):
    help = "Run voice, declared-value, continuity and platform checks on every draft of a series."

    def add_arguments(self, parser):
        parser.add_argument(
            "series", metavar="SERIES", help="the series' slug or title"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        series = _find(options["series"])
        context = series_context(series)
        # The outline holds only live parts; a draft of a part in the trash is
        # neither checked nor checked against (it would be "after the last part").
        drafts = Draft.objects.filter(
            part__series=series, part__deleted_at__isnull=True
        ).select_related("part__series", "head")
        rows = [
            {
                "part": draft.part.number,
                "draft": draft.number,
                "kind": f.kind,
                "severity": f.severity,
                "code": f.code,
                "message": f.message,
                "evidence": f.evidence,
            }
            for draft in drafts.order_by("part__number", "number")
            for f in report(draft, context).findings
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            for r in rows:
                evidence = f" — “{r['evidence']}”" if r["evidence"] else ""
                self.stdout.write(
                    f"part {r['part']} draft {r['draft']} {r['kind']} {r['severity']}: {r['message']}{evidence}"
                )
            self.stdout.write(
                f"{len(rows)} finding{'s' if len(rows) != 1 else ''} in {drafts.count()} drafts."
            )
        if rows:
            raise SystemExit(1)


def _find(slug_or_title: str) -> Series:
    found = list(Series.objects.filter(slug=slug_or_title)) or list(
        Series.objects.filter(title__iexact=slug_or_title.strip())[:2]
    )
    if not found:
        raise CommandError(
            f"No series “{slug_or_title}” (give its slug or title).", returncode=2
        )
    if len(found) > 1:
        raise CommandError(
            f"Several series are called “{slug_or_title}”: give the slug.", returncode=2
        )
    return found[0]
