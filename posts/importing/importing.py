"""Import generator files into a series: the browser and `import_drafts` share this.

One file, one transaction (a savepoint inside import_run): a rejected file
stores nothing, the others still import. A dry run is the real run rolled
back (import_run). Placement:
- series: the caller's choice, else the file's `series:` key;
- part: by number (`part:` or "Part N" in the topic), created when missing,
  titled from the topic; a file with no part number becomes a new part;
- draft: `draft_number`, else the next free number.
The same file again (same bytes after normalising) is reported as already
imported. A file for an existing draft number with different text becomes a
new revision of that draft (kind: import): history is never overwritten, and
edits made in Postwright since the last file, which the new text replaces, are
named in a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from django.db import transaction
from django.urls import reverse

from posts.editor.saving import create_draft, save_text
from posts.models import Draft, Revision
from posts.textkit import checks
from posts.textkit.metrics import PLATFORMS
from posts.textkit.parsing import DraftRejected, ParsedDraft, parse_draft
from series.access import may
from series.models import Part, Series, VoiceElement


class Status:
    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    NEW_REVISION = "new_revision"
    REJECTED = "rejected"


@dataclass
class ImportOutcome:
    file: str
    status: str
    series: Series | None = None
    part: Part | None = None
    draft: Draft | None = None
    words: int | None = None
    declared_words: int | None = None
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # front matter keys nothing reads
    error: str = ""

    @property
    def ignored_note(self) -> str:
        if not self.ignored:
            return ""
        return f"Ignored front matter keys (kept with the draft): {', '.join(self.ignored)}."

    @property
    def url(self) -> str:
        return (
            reverse("posts:draft", args=[self.draft.pk])
            if self.draft and self.draft.pk
            else ""
        )

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "status": self.status,
            "series": self.series.slug if self.series else None,
            "part": self.part.number if self.part else None,
            "draft": self.draft.number if self.draft else None,
            "words": self.words,
            "declared_words": self.declared_words,
            "warnings": self.warnings,
            "ignored": self.ignored,
            "error": self.error or None,
            "url": self.url or None,
        }


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@contextmanager
def import_run(*, dry_run: bool = False) -> Iterator[list[ImportOutcome]]:
    """One transaction around a whole import: collect each file's outcome in the list.

    A dry run is the real run rolled back at the end, so every file sees the
    parts, drafts and series the ones before it made, exactly as it will for
    real. Each file still gets its own savepoint (import_file), so a rejected
    file undoes only itself.
    """
    outcomes: list[ImportOutcome] = []
    try:
        with transaction.atomic():
            yield outcomes
            if dry_run:
                raise _DryRun
    except _DryRun:
        _forget_rolled_back(outcomes)


def _forget_rolled_back(outcomes: list[ImportOutcome]) -> None:
    """Drafts the dry run made are gone: no page to link to."""
    drafts = [o.draft for o in outcomes if o.draft is not None and o.draft.pk]
    still_there = set(
        Draft.everything.filter(pk__in=[d.pk for d in drafts]).values_list(
            "pk", flat=True
        )
    )
    for draft in drafts:
        if draft.pk not in still_there:
            draft.pk = None


def import_file(
    data: bytes | str,
    filename: str,
    *,
    user,
    series: Series | None = None,
) -> ImportOutcome:
    try:
        parsed = parse_draft(data, filename)
    except DraftRejected as rejected:
        return ImportOutcome(filename, Status.REJECTED, error=rejected.reason)
    outcome = ImportOutcome(
        filename,
        Status.IMPORTED,
        words=parsed.word_count,
        declared_words=parsed.declared_word_count,
        warnings=list(parsed.warnings),
        ignored=list(parsed.ignored_keys),
    )
    try:
        with transaction.atomic():
            _place(parsed, outcome, user, series)
    except DraftRejected as rejected:
        return ImportOutcome(
            filename, Status.REJECTED, error=rejected.reason, warnings=outcome.warnings
        )
    return outcome


def _place(
    parsed: ParsedDraft, outcome: ImportOutcome, user, series: Series | None
) -> None:
    series = series or _series_from_key(parsed, user)
    outcome.series = series
    # Ordered by pk, not by the models' ordering: that would join every
    # revision's draft, part and series just to sort (a third of an import's time).
    already = (
        Revision.objects.filter(
            import_hash=parsed.content_hash, draft__part__series=series
        )
        .select_related("draft__part")
        .order_by("pk")
        .first()
    )
    if already is not None:
        outcome.status, outcome.part, outcome.draft = (
            Status.UNCHANGED,
            already.draft.part,
            already.draft,
        )
        outcome.warnings.append(
            f"Already imported as Part {already.draft.part.number}, {already.draft}."
        )
        return
    part = _part_for(series, parsed, outcome)
    outcome.part = part
    existing = (
        Draft.objects.filter(part=part, number=parsed.draft_number)
        .order_by("pk")
        .first()
        if parsed.draft_number
        else None
    )
    if existing is None:
        outcome.draft = create_draft(
            part,
            user,
            parsed.body,
            kind=Revision.Kind.IMPORT,
            message=f"Imported from {_file_name(outcome.file)}",
            import_hash=parsed.content_hash,
            number=parsed.draft_number,
            **_draft_fields(parsed, outcome),
        )
    elif existing.body == parsed.body:
        outcome.status, outcome.draft = Status.UNCHANGED, existing
        outcome.warnings.append(
            f"Part {part.number}, {existing} already has exactly this text."
        )
        return
    else:
        assert existing.head is not None  # create_draft gives every draft its head
        replaced = _edits_replaced(existing, existing.head)
        result = save_text(
            existing.pk,
            user,
            parsed.body,
            kind=Revision.Kind.IMPORT,
            base_number=existing.head.number,
            base_hash=existing.head.content_hash,
            message=f"Re-imported from {_file_name(outcome.file)}",
            import_hash=parsed.content_hash,
        )
        # save_text moved the head in the database, not on `existing`: a full
        # save() would write the old head back. Write only the import's fields.
        fields = _draft_fields(parsed, outcome)
        fields["metadata"] = _reimported_metadata(existing.metadata, fields["metadata"])
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.head = result.revision
        existing.save(update_fields=[*fields, "updated_at"])
        outcome.status, outcome.draft = Status.NEW_REVISION, existing
        if replaced:
            outcome.warnings.append(replaced)
    _seed_voice_profile(series, parsed)


def _edits_replaced(draft: Draft, head: Revision) -> str:
    """What a regenerated file replaces besides the last file's text: edits made
    here since. They stay in the history, but the writer must hear that they
    are no longer the current text, or the next look at the draft finds them gone."""
    last_file = (
        draft.revisions.filter(kind=Revision.Kind.IMPORT).order_by("-number").first()
    )
    if last_file is not None and last_file.body == head.body:
        return ""
    since = (
        f"since revision {last_file.number} was imported"
        if last_file is not None
        else "in Postwright"
    )
    return (
        f"The edits made {since} are not in this file's text; "
        f"they stay in the history as revision {head.number}."
    )


def _file_name(file: str) -> str:
    """The name alone: the command gets paths, and a revision note is for the
    series' members, who have no business with the server's folders."""
    return PurePath(file).name or file


def _series_from_key(parsed: ParsedDraft, user) -> Series:
    if not parsed.series:
        raise DraftRejected(
            "No series chosen: pick one, or add a `series:` line to the front matter."
        )
    found = find_series(user, parsed.series)
    if found is not None:
        if not may(user, found, "edit"):
            raise DraftRejected(f"You cannot add drafts to the series “{found}”.")
        return found
    return Series.objects.create(owner=user, title=parsed.series)


def find_series(user, slug_or_title: str) -> Series | None:
    """A series the user can see, by slug or (case-insensitive) title."""
    visible = Series.objects.for_user(user).prefetch_related("memberships")
    return (
        visible.filter(slug=slug_or_title).first()
        or visible.filter(title__iexact=slug_or_title.strip()).order_by("pk").first()
    )


def _part_for(series: Series, parsed: ParsedDraft, outcome: ImportOutcome) -> Part:
    if parsed.part is None:
        number = series.next_part_number()
        outcome.warnings.append(
            f"No part number in the file (no `part:` and no “Part N” in the title): placed as Part {number}."
        )
    else:
        number = parsed.part
    part = (
        Part.objects.select_for_update()
        .filter(series=series, number=number)
        .order_by("pk")
        .first()
    )
    if part is None:
        title = parsed.metadata.get("subtitle") or parsed.title or f"Part {number}"
        part = Part.objects.create(series=series, number=number, title=str(title)[:300])
    return part


def _draft_fields(parsed: ParsedDraft, outcome: ImportOutcome) -> dict:
    platform = parsed.platform.lower() if parsed.platform else ""
    if platform and platform not in PLATFORMS:
        outcome.warnings.append(
            f"Unknown platform “{parsed.platform}”: using the series' platform."
        )
        platform = ""
    metadata = {
        "front_matter": parsed.metadata,
        "title": parsed.title,
        "declared_part": parsed.part,
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
    "hashtags",
    "references",
    "scaffolding",
}


def _reimported_metadata(old: dict, new: dict) -> dict:
    """The new file's metadata replaces the old file's; what the writer added stays."""
    kept = {key: value for key, value in old.items() if key not in _IMPORTED_METADATA}
    return {**kept, **new}


def _seed_voice_profile(series: Series, parsed: ParsedDraft) -> None:
    """The first checklist imported into a series becomes its voice profile."""
    if parsed.scaffolding is None or not parsed.scaffolding.voice_elements:
        return
    if VoiceElement.objects.filter(series=series).exists():
        return
    items = [(item.label, item.phrase) for item in parsed.scaffolding.voice_elements]
    elements = checks.voice_elements_from_checklist(items)
    seen: set[str] = set()
    for position, element in enumerate(elements):
        label = element.label[:200]
        if label in seen:
            continue
        seen.add(label)
        VoiceElement.objects.create(
            series=series,
            label=label,
            mode=element.mode,
            phrases="\n".join(element.phrases),
            pattern=element.pattern,
            starts_with=element.starts_with,
            position=position,
        )
