"""The rows an import writes, built in memory: the draft, its first revision,
its fields and metadata from the parse, the voice profile from a checklist.

Built without a query, so that the importer can write one file's rows or a
whole batch's with bulk_create.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import PurePath

from posts.models import Draft, Revision
from posts.textkit.metrics import PLATFORMS
from posts.textkit.parsing import ParsedDraft
from series.models import Part, Series, VoiceElement


def new_draft_rows(
    part: Part,
    number: int,
    parsed: ParsedDraft,
    *,
    user,
    file: str,
    body_hash: str,
    warnings: list[str],
) -> tuple[Draft, Revision]:
    """An unsaved draft and its first revision (save the draft first)."""
    draft = Draft(
        part=part, number=number, created_by=user, **draft_fields(parsed, warnings)
    )
    revision = Revision(
        draft=draft,
        number=1,
        body=parsed.body,
        author=user,
        kind=Revision.Kind.IMPORT,
        message=f"Imported from {file_name(file)}",
        import_hash=parsed.content_hash,
        # Revision.save() would count and hash the text again: the parse did.
        word_count=parsed.word_count,
        content_hash=body_hash,
    )
    return draft, revision


def voice_profile_rows(series: Series, elements: list) -> list[VoiceElement]:
    """VoiceElement rows for checks' voice elements, in order, one per label."""
    rows: list[VoiceElement] = []
    seen: set[str] = set()
    for position, element in enumerate(elements):
        label = element.label[:200]
        if label in seen:
            continue
        seen.add(label)
        rows.append(
            VoiceElement(
                series=series,
                label=label,
                mode=element.mode,
                phrases="\n".join(element.phrases),
                pattern=element.pattern,
                starts_with=element.starts_with,
                position=position,
            )
        )
    return rows


def file_name(file: str) -> str:
    """The name alone: the command gets paths, and a revision note is for the
    series' members, who have no business with the server's folders."""
    return PurePath(file).name or file


def draft_fields(parsed: ParsedDraft, warnings: list[str]) -> dict:
    platform = parsed.platform.lower() if parsed.platform else ""
    if platform and platform not in PLATFORMS:
        warnings.append(
            f"Unknown platform “{parsed.platform}”: using the series' platform."
        )
        platform = ""
    metadata = {
        "front_matter": parsed.metadata,
        "title": parsed.title,
        "declared_part": parsed.part,
        "part_title": [parsed.part_title, parsed.part_title_rank],
        "topic": parsed.topic,
        "hashtags": parsed.hashtags,
        "references": [asdict(ref) for ref in parsed.references],
    }
    if parsed.scaffolding is not None:
        metadata["scaffolding"] = {
            "declared_word_count": parsed.scaffolding.declared_word_count,
            "voice_elements": [
                asdict(item) for item in parsed.scaffolding.voice_elements
            ],
            "raw": parsed.scaffolding.raw,
        }
    return {
        "title": parsed.title[:300],
        "strategy": parsed.strategy[:100],
        "platform": platform,
        "generated": parsed.generated,
        "declared_word_count": parsed.declared_word_count,
        "metadata": metadata,
    }


# What _draft_fields writes into Draft.metadata; any other key (voice ticks) is the writer's.
_IMPORTED_METADATA = {
    "front_matter",
    "title",
    "declared_part",
    "part_title",
    "topic",
    "hashtags",
    "references",
    "scaffolding",
}


def reimported_metadata(old: dict, new: dict) -> dict:
    """The new file's metadata replaces the old file's; what the writer added stays."""
    kept = {key: value for key, value in old.items() if key not in _IMPORTED_METADATA}
    return {**kept, **new}
