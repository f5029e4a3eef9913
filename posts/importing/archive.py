"""Read back a series' .zip (posts.publishing.archive): the series as it was exported.

With its manifest.json, the manifest is the truth for what no file says
(parts, voice profile, chosen drafts, publications, each draft's fields and
metadata) and each draft's file gives its text. Into an empty account it
recreates the series; into the series it came from it changes nothing (a
draft whose text differs becomes a new revision, as any re-import). What
the series already has (its voice profile, a part's title, a chosen draft,
a publication) is kept, never overwritten.

A zip without a manifest (an older export, or files zipped by hand) is read
as its .md files, each imported as a generator file; index.md is skipped.
Each draft is written in its own transaction; a broken entry is reported and
stores nothing, and the others still import.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from posts import pages
from posts.importing.importing import (
    Importer,
    ImportOutcome,
    Status,
    find_series,
    voice_profile_rows,
)
from posts.models import Draft, Publication, Revision
from posts.publishing.archive import FORMAT, INDEX, MANIFEST, VERSION
from posts.textkit.checks import VoiceElement as CheckedElement
from posts.textkit.parsing import MAX_BYTES, DraftRejected, parse_draft
from series.access import may
from series.models import Part, Series, VoiceElement

MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 2000


class ArchiveRejected(DraftRejected):
    """The zip as a whole cannot be read."""


def import_archive(
    data: bytes, filename: str, *, user, series: Series | None = None
) -> list[ImportOutcome]:
    try:
        archive = _open(data)
        if MANIFEST not in archive.namelist():
            return _loose_files(archive, filename, user, series)
        described = _manifest(archive)
        series = series or _series_for(described["series"], user)
    except ArchiveRejected as rejected:
        return [ImportOutcome(filename, Status.REJECTED, error=rejected.reason)]
    reader = _Reader(archive, filename, user, series)
    reader.voice_profile(described["voice_profile"])
    outcomes = []
    for part_entry in described["parts"]:
        outcomes += reader.part(part_entry)
    return outcomes


def _open(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ArchiveRejected("The .zip is over 20 MB; a series export is far smaller.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ArchiveRejected("This is not a .zip file that can be read.") from None
    infos = archive.infolist()
    if (
        len(infos) > MAX_ENTRIES
        or sum(i.file_size for i in infos) > MAX_ARCHIVE_BYTES * 5
    ):
        raise ArchiveRejected("The .zip holds more than a series export ever does.")
    return archive


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise DraftRejected(f"The .zip has no file {name}.") from None
    if info.file_size > MAX_BYTES:
        raise DraftRejected(f"{name} is over 1 MB; a post is far shorter.")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError):
        raise DraftRejected(f"{name} cannot be unpacked from the .zip.") from None


def _loose_files(archive, filename, user, series) -> list[ImportOutcome]:
    names = sorted(
        n
        for n in archive.namelist()
        if n.lower().endswith((".md", ".markdown", ".txt"))
        and n.rsplit("/", 1)[-1] != INDEX
    )
    if not names:
        raise ArchiveRejected("The .zip holds no Markdown files.")
    importer, outcomes = Importer(user, series), []
    for name in names:
        try:
            data = _read(archive, name)
        except DraftRejected as rejected:
            outcomes.append(ImportOutcome(name, Status.REJECTED, error=rejected.reason))
            continue
        outcomes.append(importer.import_file(data, name))
    return outcomes


def _manifest(archive: zipfile.ZipFile) -> dict:
    try:
        described = json.loads(_read(archive, MANIFEST))
    except (DraftRejected, ValueError):
        described = None
    if (
        not isinstance(described, dict)
        or described.get("format") != FORMAT
        or not isinstance(described.get("series"), dict)
        or not isinstance(described.get("parts"), list)
    ):
        raise ArchiveRejected("manifest.json is not a Postwright series manifest.")
    if described.get("version") != VERSION:
        raise ArchiveRejected(
            f"This export is format version {described.get('version')}; this Postwright reads version {VERSION}."
        )
    described.setdefault("voice_profile", [])
    return described


def _series_for(entry: dict, user) -> Series:
    title = str(entry.get("title") or "").strip()[:200]
    if not title:
        raise ArchiveRejected("manifest.json names no series.")
    found = find_series(user, title)
    if found is not None:
        if not may(user, found, "edit"):
            raise ArchiveRejected(f"You cannot add drafts to the series “{found}”.")
        return found
    return Series.objects.create(
        owner=user,
        title=title,
        description=str(entry.get("description") or ""),
        default_platform=str(entry.get("default_platform") or "linkedin"),
    )


@dataclass
class _Reader:
    archive: zipfile.ZipFile
    filename: str
    user: User
    series: Series

    def voice_profile(self, items: list) -> None:
        if self.series.voice_elements.exists() or not items:
            return
        elements = [
            CheckedElement(
                label=str(item["label"]),
                mode=str(item.get("mode") or "phrases"),
                phrases=tuple(str(item.get("phrases") or "").splitlines()),
                pattern=str(item.get("pattern") or ""),
                starts_with=bool(item.get("starts_with")),
            )
            for item in items
            if isinstance(item, dict) and item.get("label")
        ]
        VoiceElement.objects.bulk_create(voice_profile_rows(self.series, elements))
        pages.changed([self.series.pk])  # bulk_create sends no signal

    def part(self, entry: dict) -> list[ImportOutcome]:
        try:
            number = int(entry["number"])
            drafts = list(entry.get("drafts") or [])
        except (KeyError, TypeError, ValueError):
            return [
                ImportOutcome(
                    self.filename,
                    Status.REJECTED,
                    error="manifest.json has a part without a number.",
                )
            ]
        part = Part.objects.filter(series=self.series, number=number).first()
        if part is None:
            part = Part.objects.create(
                series=self.series,
                number=number,
                title=str(entry.get("title") or f"Part {number}")[:300],
                notes=str(entry.get("notes") or ""),
            )
        outcomes = [self.draft(part, item, entry) for item in drafts]
        self.publication(part, entry.get("publication"))
        return outcomes

    def draft(self, part: Part, item: dict, part_entry: dict) -> ImportOutcome:
        name = str(item.get("file") or "")
        try:
            data = _read(self.archive, name)
            parsed = parse_draft(data, name)
            with transaction.atomic():
                # The draft is written in bulk, without signals: the pages go.
                pages.changed([self.series.pk])
                return self._write(part, item, part_entry, name, parsed, data)
        except DraftRejected as rejected:
            return ImportOutcome(name, Status.REJECTED, error=rejected.reason)
        except (KeyError, TypeError, ValueError):
            return ImportOutcome(
                name,
                Status.REJECTED,
                error="manifest.json describes this draft wrongly.",
            )

    def _write(
        self, part: Part, item: dict, part_entry: dict, name: str, parsed, data: bytes
    ) -> ImportOutcome:
        number, body = int(item["number"]), parsed.body
        outcome = ImportOutcome(
            name, Status.IMPORTED, series=self.series, part=part, words=None
        )
        existing = (
            Draft.objects.select_related("head")
            .filter(part=part, number=number)
            .first()
        )
        if existing is not None:
            # The series it came from, or one that has this draft already: a
            # different text is a new revision, as any re-import; nothing else changes.
            outcome.draft = existing
            if existing.body == body:
                outcome.status = Status.UNCHANGED
            else:
                Importer(self.user, self.series).import_file(
                    data, name, place=part.number
                )
                existing.refresh_from_db()
                outcome.status = Status.NEW_REVISION
            outcome.words = existing.head.word_count if existing.head else 0
            return outcome
        generated = item.get("generated")
        chosen = (
            bool(item.get("chosen")) and not part.drafts.filter(chosen=True).exists()
        )
        draft = Draft.objects.create(
            part=part,
            number=number,
            title=str(item.get("title") or "")[:300],
            strategy=str(item.get("strategy") or "")[:100],
            platform=str(item.get("platform") or ""),
            generated=datetime.date.fromisoformat(generated) if generated else None,
            declared_word_count=item.get("declared_word_count"),
            metadata=item.get("metadata")
            if isinstance(item.get("metadata"), dict)
            else {},
            chosen=chosen,
            created_by=self.user,
        )
        texts = [body]
        published = part_entry.get("publication") or {}
        if published.get("draft") == number and published.get("file"):
            texts.insert(0, parse_draft(_read(self.archive, published["file"])).body)
        revision = None
        for position, text in enumerate(texts, start=1):
            revision = Revision.objects.create(
                draft=draft,
                number=position,
                body=text,
                author=self.user,
                kind=Revision.Kind.IMPORT,
                message=f"Imported from {self.filename}",
                import_hash=parsed.content_hash if position == len(texts) else "",
            )
        assert revision is not None  # texts holds at least the draft's own
        draft.head = revision
        draft.save(update_fields=["head", "updated_at"])
        outcome.draft, outcome.words = draft, revision.word_count
        return outcome

    def publication(self, part: Part, entry) -> None:
        if (
            not isinstance(entry, dict)
            or Publication.objects.filter(part=part).exists()
        ):
            return
        number = entry.get("draft")
        draft = (
            part.drafts.filter(number=number).first()
            if isinstance(number, int)
            else None
        )
        if draft is None or draft.head is None:
            return
        first = draft.revisions.order_by("number").first()
        revision = first if entry.get("file") and first is not None else draft.head
        Publication.objects.create(
            part=part,
            revision=revision,
            published_on=datetime.date.fromisoformat(entry["published_on"]),
            url=str(entry.get("url") or ""),
            created_by=self.user,
        )
