"""A series as one .zip that Postwright reads back: every live draft, and a manifest.

    manifest.json                     what no Markdown file says: the series, its
                                      parts, voice profile, chosen drafts,
                                      publications, each draft's fields and metadata
                                      (declared count, checklist, topic, ticks)
    index.md                          a table of contents for people
    01-how-networks-learn/
      draft-1-balanced.md             front matter the importer reads, then the text
      draft-2-voice-match.md
      published-draft-1.md            only when the text went out and changed since

The same series gives the same bytes: entries are written in a fixed order
with a fixed date, and nothing in them depends on when or by whom it was
exported. posts.importing.archive reads it back (export, import into an empty
account, export again: the same bytes).
"""

from __future__ import annotations

import io
import json
import zipfile

from django.utils.text import slugify

from posts.models import Draft
from posts.publishing.exports import load_parts, part_copy
from posts.textkit.parsing import dump_draft
from series.models import Part, Series

FORMAT = "postwright-series"
VERSION = 1
MANIFEST = "manifest.json"
INDEX = "index.md"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest date: no export time


def part_folder(part: Part) -> str:
    slug = slugify(part.title)[:60].strip("-") or "part"
    return f"{part.number:02d}-{slug}"


def draft_file(part: Part, draft: Draft) -> str:
    strategy = slugify(draft.strategy)[:40].strip("-")
    name = f"draft-{draft.number}" + (f"-{strategy}" if strategy else "")
    return f"{part_folder(part)}/{name}.md"


def draft_front_matter(part: Part, draft: Draft) -> dict:
    """The keys parse_draft reads, so that a file taken out of the zip imports alone."""
    fields: dict = {}
    topic = draft.metadata.get("topic") if isinstance(draft.metadata, dict) else None
    if topic:
        fields["topic"] = topic
    fields |= {
        "title": draft.title or part.title,
        "series": part.series.title,
        "part": part.number,
        "draft_number": draft.number,
        "platform": draft.platform or part.series.default_platform,
        "strategy": draft.strategy,
    }
    if draft.declared_word_count is not None:
        fields["word_count"] = draft.declared_word_count
    if draft.generated:
        fields["generated"] = draft.generated
    return fields


def manifest(series: Series, parts: list) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "series": {
            "title": series.title,
            "description": series.description,
            "default_platform": series.default_platform,
        },
        "voice_profile": [
            {
                "label": element.label,
                "mode": element.mode,
                "phrases": element.phrases,
                "pattern": element.pattern,
                "starts_with": element.starts_with,
            }
            for element in series.voice_elements.order_by("position", "pk")
        ],
        "parts": [_part_entry(part) for part in parts],
    }


def _part_entry(part) -> dict:
    drafts = sorted(part.live_drafts, key=lambda d: d.number)
    chosen = next((d for d in drafts if d.chosen), None)
    publication = getattr(part, "publication", None)
    entry: dict = {
        "number": part.number,
        "title": part.title,
        "notes": part.notes,
        "chosen_draft": chosen.number if chosen else None,
        "publication": None,
        "drafts": [
            {
                "number": draft.number,
                "file": draft_file(part, draft),
                "title": draft.title,
                "strategy": draft.strategy,
                "platform": draft.platform,
                "generated": draft.generated.isoformat() if draft.generated else None,
                "declared_word_count": draft.declared_word_count,
                "chosen": draft.chosen,
                "metadata": draft.metadata,
            }
            for draft in drafts
        ],
    }
    if publication is not None:
        published = publication.revision
        on = next((d for d in drafts if d.pk == published.draft_id), None)
        entry["publication"] = {
            "draft": on.number if on else None,
            "published_on": publication.published_on.isoformat(),
            "url": publication.url,
            "file": (
                None
                if on is None or on.head_id == published.pk
                else f"{part_folder(part)}/published-draft-{on.number}.md"
            ),
        }
    return entry


def export_series_archive(series: Series) -> bytes:
    """The series' .zip (see the module docstring). Four queries."""
    drafts = Draft.objects.select_related("head").order_by("number")
    parts = load_parts(series, drafts=drafts)
    described = manifest(series, parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(
            archive,
            MANIFEST,
            json.dumps(described, indent=2, ensure_ascii=False) + "\n",
        )
        _write(archive, INDEX, _index(series, parts))
        for part, entry in zip(parts, described["parts"], strict=True):
            for draft, item in zip(
                sorted(part.live_drafts, key=lambda d: d.number),
                entry["drafts"],
                strict=True,
            ):
                text = dump_draft(draft_front_matter(part, draft), draft.body)
                _write(archive, item["file"], text)
            published = entry["publication"]
            if published and published["file"]:
                front = {"part": part.number, "draft_number": published["draft"]}
                body = part.publication.revision.body
                _write(archive, published["file"], dump_draft(front, body))
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, text.encode("utf-8"))


def _index(series: Series, parts: list) -> str:
    lines = [f"# {series.title}", ""]
    if series.description:
        lines += [series.description, ""]
    for part in parts:
        copy = part_copy(part)
        if copy is None:
            lines.append(f"{part.number}. {part.title} (no drafts)")
            continue
        lines.append(f"{part.number}. {part.title} · {copy.status}")
        for draft in sorted(part.live_drafts, key=lambda d: d.number):
            words = draft.head.word_count if draft.head else 0
            chosen = ", chosen" if draft.chosen else ""
            lines.append(
                f"   - [{draft}]({draft_file(part, draft)}) · {words} words{chosen}"
            )
    lines += [
        "",
        "Exported from Postwright: import this .zip to recreate the series "
        "(manifest.json holds what the files do not).",
        "",
    ]
    return "\n".join(lines)
