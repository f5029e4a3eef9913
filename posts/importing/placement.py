"""Where an imported file goes: which part, the part's title, and when to ask.

An import reads what it needs of a series once (SeriesState.load: four
queries, whatever the number of files), then decides each file's place in
Python and keeps the snapshot in step with what it writes.

A file is placed without asking when it says where it goes:
- its part number (`part:` or "Part N" in the topic);
- no number, but the title of one of the series' parts;
- no number, into a series with no parts yet: it is Part 1.
Anything else (no part number, and from another series or naming no part
of this one) is a Question: the caller asks the writer, who answers with a Choice
(a part number, or NEW_PART), and the file is imported again with it.

A part's title comes from the file that names the part most explicitly
(ParsedDraft.part_title_rank: a topic "Series Part 2: Title" beats a heading,
which beats a bare title); a title the writer gave the part is never
replaced, and a file that calls the part something else than the file its
title came from is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django.utils.text import slugify

from posts.models import Draft, Revision
from posts.textkit.drafts import ParsedDraft
from series.models import Part, Series, VoiceElement

NEW_PART: Literal["new"] = "new"
type Choice = int | Literal["new"] | None  # None: place it by what the file says

_BY_HAND = 4  # above any file's rank: a title nobody's file gave, so the writer's


@dataclass
class DraftRow:
    pk: int
    head_hash: str  # the content hash of its current text
    named: tuple[str, int]  # what its file called the part, and how explicitly


@dataclass
class PartState:
    part: Part
    loaded: bool = False  # drafts and top_number read (SeriesState.drafts_of)
    drafts: dict[int, DraftRow] = field(default_factory=dict)  # live, by number
    top_number: int = 0  # the highest draft number, the trash included

    def title_rank(self) -> int:
        """How explicitly the part's current title was named (see the module docstring)."""
        title = self.part.title
        if not title or title == f"Part {self.part.number}":
            return 0
        ranks = [row.named[1] for row in self.drafts.values() if row.named[0] == title]
        return max(ranks) if ranks else _BY_HAND


@dataclass
class SeriesState:
    """What an import needs to know of one series, each piece read once per
    batch and only when a file needs it: the parts when the state is made,
    a part's drafts when a file goes there, the import hashes of a batch in
    one query (prefetch_hashes), the voice profile's existence when a file
    brings a checklist."""

    series: Series
    parts: dict[int, PartState]  # live parts by number
    top_part: int  # the highest part number, the trash included
    imported: dict[str, int | None] = field(default_factory=dict)  # hash -> draft
    has_voice_profile: bool | None = None

    @classmethod
    def load(cls, series: Series) -> SeriesState:
        parts: dict[int, PartState] = {}
        top_part = 0
        for part in Part.everything.filter(series=series).order_by("pk"):
            top_part = max(top_part, part.number)
            if part.deleted_at is None:
                parts[part.number] = PartState(part)
        return cls(series, parts, top_part)

    @property
    def next_part_number(self) -> int:
        return self.top_part + 1

    def part_choices(self) -> list[tuple[int, str]]:
        return [(n, self.parts[n].part.title) for n in sorted(self.parts)]

    def prefetch_hashes(self, hashes: list[str]) -> None:
        """Which of these files were imported before: one query for a batch."""
        wanted = [h for h in dict.fromkeys(hashes) if h not in self.imported]
        if not wanted:
            return
        found = (
            Revision.objects.filter(
                import_hash__in=wanted, draft__part__series=self.series
            )
            .order_by("pk")
            .values_list("import_hash", "draft_id")
        )
        for import_hash, draft_id in found:
            if self.imported.get(import_hash) is None:
                self.imported[import_hash] = draft_id
        for import_hash in wanted:
            self.imported.setdefault(import_hash, None)

    def imported_draft(self, import_hash: str) -> int | None:
        """The draft a file with this hash made (trashed or not), or None."""
        self.prefetch_hashes([import_hash])
        return self.imported[import_hash]

    def drafts_of(self, part_state: PartState) -> PartState:
        if not part_state.loaded:
            rows = (
                Draft.everything.filter(part=part_state.part)
                .order_by("pk")
                .values_list(
                    "pk",
                    "number",
                    "deleted_at",
                    "head__content_hash",
                    "metadata__part_title",
                )
            )
            for pk, number, deleted_at, head_hash, named in rows:
                part_state.top_number = max(part_state.top_number, number)
                if deleted_at is None:
                    part_state.drafts[number] = DraftRow(
                        pk, head_hash or "", _named(named)
                    )
            part_state.loaded = True
        return part_state

    def voice_profile_exists(self) -> bool:
        if self.has_voice_profile is None:
            self.has_voice_profile = VoiceElement.objects.filter(
                series=self.series
            ).exists()
        return self.has_voice_profile


def _named(value: object) -> tuple[str, int]:
    if isinstance(value, list | tuple) and len(value) == 2:
        title, rank = value
        if isinstance(title, str) and isinstance(rank, int):
            return title, rank
    return "", 0


@dataclass(frozen=True)
class Place:
    number: int
    note: str = ""  # how it was decided, when the writer should hear it


@dataclass(frozen=True)
class Question:
    """The file's place is not clear: ask the writer (reason says why)."""

    reason: str


def decide(state: SeriesState, parsed: ParsedDraft, choice: Choice) -> Place | Question:
    if choice == NEW_PART:
        return Place(state.next_part_number)
    if isinstance(choice, int):
        return Place(choice)
    series = state.series
    foreign = slugify(parsed.series or series.title) != slugify(series.title)
    if parsed.part is not None:
        return Place(parsed.part)
    if foreign:
        return Question(
            f"The file is from the series “{parsed.series}”, not “{series.title}”, and names no part."
        )
    named = parsed.part_title.casefold()
    for number, part_state in sorted(state.parts.items()):
        if named and part_state.part.title.casefold() == named:
            return Place(
                number,
                f"No part number in the file: placed in Part {number}, whose title it names.",
            )
    if not state.parts:
        return Place(
            state.next_part_number,
            f"No part number in the file (no `part:` and no “Part N” in the title): placed as Part {state.next_part_number}, the series' first.",
        )
    return Question(
        "The file names no part number and no part of this series."
        if not named
        else f"The file names no part number, and no part is called “{parsed.part_title}”."
    )


def title_for(part_state: PartState, parsed: ParsedDraft) -> tuple[str | None, str]:
    """(the part's new title or None to keep it, a warning or "") for a file
    about to join the part."""
    current = part_state.part.title
    named, rank = parsed.part_title, parsed.part_title_rank
    if not rank:
        return None, ""
    current_rank = part_state.title_rank()
    if rank > current_rank:
        if current and current != f"Part {part_state.part.number}":
            return named, (
                f"Part {part_state.part.number} is now titled “{named}”: this file names it "
                f"more explicitly than the one that gave “{current}”."
            )
        return named, ""
    # A title the writer gave is deliberate; files disagreeing with each other are flagged.
    if current_rank < _BY_HAND and named.casefold() != current.casefold():
        return None, (
            f"This file calls Part {part_state.part.number} “{named}”; "
            f"the part keeps its title “{current}”."
        )
    return None, ""
