import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from posts.importing.archive import MAX_ARCHIVE_BYTES, import_archive
from posts.importing.importing import (
    NEW_PART,
    Choice,
    Importer,
    ImportOutcome,
    Status,
    find_series,
    import_run,
)
from posts.textkit.parsing import MAX_BYTES
from series.access import may
from series.models import Series

NOT_IMPORTED = (Status.REJECTED, Status.NEEDS_CHOICE)


class Command(BaseCommand):
    help = "Import generator Markdown files (or folders of them) into a series."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="a .md file, a folder of them, or a series .zip exported by Postwright",
        )
        parser.add_argument(
            "--series", help="slug or title; a new title creates the series"
        )
        parser.add_argument(
            "--user", help="who imports (default: the only superuser, else 'demo')"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, store nothing"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--part",
            type=int,
            metavar="N",
            help="place the files in Part N (created when missing), whatever they say",
        )
        where.add_argument(
            "--new-part",
            action="store_true",
            help="place each file in a new part at the end of the series",
        )

    def handle(self, *args, **options):
        user = _user(options["user"])
        # A dry run is this same run rolled back, the new series included.
        place: Choice = NEW_PART if options["new_part"] else options["part"]
        if place is not None and not isinstance(place, str) and place < 1:
            raise CommandError("--part takes a part number from 1.", returncode=2)
        with import_run(dry_run=options["dry_run"]) as outcomes:
            series = _series(user, options["series"]) if options["series"] else None
            importer = Importer(user, series)
            for path in _expand(options["paths"]):
                outcomes += _import_path(path, importer, place)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    [o.as_json() for o in outcomes], indent=2, ensure_ascii=False
                )
            )
        else:
            for outcome in outcomes:
                self.stdout.write(_text_line(outcome, options["dry_run"]))
        if any(o.status in NOT_IMPORTED for o in outcomes):
            raise SystemExit(1)


def _user(username: str | None):
    users = get_user_model().objects
    if username:
        try:
            return users.get(username=username)
        except users.model.DoesNotExist:
            raise CommandError(f"No user called “{username}”.", returncode=2) from None
    superusers = list(users.filter(is_superuser=True)[:2])
    if len(superusers) == 1:
        return superusers[0]
    demo = users.filter(username="demo").first()
    if demo is None:
        raise CommandError("Say who imports with --user USERNAME.", returncode=2)
    return demo


def _series(user, slug_or_title: str) -> Series:
    found = find_series(user, slug_or_title)
    if found is None:
        return Series.objects.create(owner=user, title=slug_or_title.strip())
    if not may(user, found, "edit"):
        raise CommandError(f"{user} cannot add drafts to “{found}”.", returncode=2)
    return found


def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files.extend(sorted(path.glob("*.md")) if path.is_dir() else [path])
    return files


def _import_path(path: Path, importer: Importer, place: Choice) -> list[ImportOutcome]:
    name = str(path)
    if not path.is_file():
        return [ImportOutcome(name, Status.REJECTED, error="No such file.")]
    if path.suffix.lower() == ".zip":
        if path.stat().st_size > MAX_ARCHIVE_BYTES:
            error = "The .zip is over 20 MB; a series export is far smaller."
            return [ImportOutcome(name, Status.REJECTED, error=error)]
        data = path.read_bytes()
        return import_archive(data, name, user=importer.user, series=importer.series)
    if path.stat().st_size > MAX_BYTES:
        error = "The file is over 1 MB; a post is far shorter."
        return [ImportOutcome(name, Status.REJECTED, error=error)]
    return [importer.import_file(path.read_bytes(), name, place=place)]


def _text_line(o: ImportOutcome, dry_run: bool) -> str:
    if o.status == Status.NEEDS_CHOICE:
        parts = ", ".join(f"{n}: {title}" for n, title in o.choices)
        existing = f"--part N (the parts: {parts}) or " if parts else ""
        return (
            f"needs a part {o.file}: {o.error}\n"
            f"    Import it again with {existing}--new-part (Part {o.new_part_number})."
        )
    if o.status == Status.REJECTED or not (o.series and o.part and o.draft):
        return f"rejected {o.file}: {o.error}"
    status = f"{o.status} (dry run)" if dry_run else o.status
    # Only a rejected file lacks these.
    assert o.series is not None and o.part is not None and o.draft is not None
    line = f"{status} {o.file} -> {o.series.slug} part {o.part.number} draft {o.draft.number} ({o.words} words)"
    notes = [*o.warnings, o.ignored_note] if o.ignored else o.warnings
    return "\n".join([line, *(f"    {note}" for note in notes)])
