"""Export a series' final copy to files; the publishing page's downloads, offline.

    python manage.py export_series SERIES --output PATH [--format zip|md|txt]
                                   [--chosen-only] [--user USERNAME]

SERIES is a slug or a title (any case). Formats:
- zip (default): PATH is the .zip to write: every live draft, index.md and
  manifest.json, which import_drafts reads back (posts.publishing.archive);
  with --chosen-only, the final copy: one .md per part plus index.md.
- md: PATH is one combined Markdown file.
- txt: PATH ending in .txt is one combined plain-text file; any other PATH is
  a folder (created if needed) with one .txt per part (01-title.txt, …).
An existing folder as PATH for zip or md gets <series-slug>.zip / .md inside.
Exit status 1, with a message, when the series or the user does not exist.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from posts.importing.importing import find_series
from posts.publishing import exports
from series.models import Series


class Command(BaseCommand):
    help = (
        "Export a series as a .zip of Markdown files, one combined .md, or plain text."
    )

    def add_arguments(self, parser):
        parser.add_argument("series", metavar="SERIES", help="slug or title")
        parser.add_argument("--output", "-o", required=True, metavar="PATH")
        parser.add_argument("--format", choices=["zip", "md", "txt"], default="zip")
        parser.add_argument(
            "--chosen-only",
            action="store_true",
            help="leave out parts without a chosen draft (default: export their "
            "latest-edited draft with status 'unchosen')",
        )
        parser.add_argument(
            "--user", help="export as this user: only their series are found"
        )

    def handle(self, *args, **options):
        series = _series(options["series"], options["user"])
        fmt, chosen_only = options["format"], options["chosen_only"]
        path = Path(options["output"])
        if fmt == "txt" and path.suffix.lower() != ".txt":
            written = _write_txt_folder(series, path, chosen_only)
        else:
            if path.is_dir():
                path = path / f"{series.slug}.{fmt}"
            written = [_write_file(series, path, fmt, chosen_only)]
        self.stdout.write(f"Exported “{series}” to {', '.join(map(str, written))}")


def _series(slug_or_title: str, username: str | None) -> Series:
    if username:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called “{username}”.")
        found = find_series(user, slug_or_title)
    else:
        found = Series.objects.filter(slug=slug_or_title).first()
        if found is None:
            titled = list(
                Series.objects.filter(title__iexact=slug_or_title.strip())[:2]
            )
            if len(titled) > 1:
                raise CommandError(
                    f"Several series are called “{slug_or_title}”; give the slug "
                    "(or --user) instead."
                )
            found = titled[0] if titled else None
    if found is None:
        raise CommandError(f"No series “{slug_or_title}” (give its slug or title).")
    return found


def _write_file(series: Series, path: Path, fmt: str, chosen_only: bool) -> Path:
    content = exports.export_series(series, fmt, chosen_only=chosen_only)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"Could not write {path}: {error.strerror}.") from None
    return path


def _write_txt_folder(series: Series, folder: Path, chosen_only: bool) -> list[Path]:
    copies = exports.series_copies(series, chosen_only=chosen_only)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for copy in copies:
            text = exports.export_part_txt(copy)
            (folder / copy.filename("txt")).write_text(text, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"Could not write to {folder}: {error.strerror}.") from None
    return [folder / copy.filename("txt") for copy in copies] or [folder]
