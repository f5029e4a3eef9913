"""What the API takes and gives: pydantic schemas, the OpenAPI document's types."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

from posts.textkit.metrics import PLATFORMS

# Text a form field takes: Django refuses NUL characters in every CharField.
NO_NUL = r"^[^\x00]*$"


def _unicode(text: str) -> str:
    """JSON can carry a lone surrogate (\\ud800), which is no character at all."""
    try:
        text.encode()
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode text (a lone surrogate)") from None
    return text


# Every string the API takes: text that can be stored.
Text = Annotated[str, AfterValidator(_unicode)]
Platform = StrEnum("Platform", {key: key for key in PLATFORMS})  # type: ignore[misc]


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict] | None = None


# --- series and parts ---------------------------------------------------------


class SeriesIn(Schema):
    title: Text = Field(max_length=200, pattern=r"^[^\x00]*\S[^\x00]*$")
    description: Text = Field("", max_length=10_000, pattern=NO_NUL)
    default_platform: Platform = Platform("linkedin")


class SeriesOut(Schema):
    slug: str
    title: str
    description: str
    default_platform: str
    role: str
    url: str
    updated_at: datetime


class DraftSummary(Schema):
    id: int
    number: int
    title: str
    strategy: str
    platform: str
    chosen: bool
    words: int
    head: int | None
    updated_at: datetime
    url: str


class PartOut(Schema):
    id: int
    number: int
    title: str
    drafts: list[DraftSummary]


class SeriesDetail(SeriesOut):
    parts: list[PartOut]


# --- drafts -------------------------------------------------------------------

# `part` and `new_part: true` together are refused (422): the schema says so,
# so that a client reading it never sends what it allows and we refuse.
_PART_OR_NEW_PART = ConfigDict(
    json_schema_extra={
        "not": {
            "required": ["part", "new_part"],
            "properties": {"part": {"type": "integer"}, "new_part": {"const": True}},
        }
    }
)


class ImportIn(Schema):
    model_config = _PART_OR_NEW_PART

    text: Text = Field(description="The generator's file, front matter and all.")
    filename: Text = Field(
        "draft.md",
        min_length=1,
        max_length=200,
        pattern=r"(?i)^[^/\\]+\.(md|markdown|txt)$",
        description="Its name (.md, .markdown or .txt): the importer reads the part and strategy from it when the front matter does not say.",
    )
    series: Text | None = Field(
        None,
        max_length=220,
        description="The series' slug. Without it, the file's `series:` key names it (created when it does not exist).",
    )
    part: int | None = Field(
        None,
        ge=1,
        le=1_000_000,
        description="Place the file in this part (created when missing), whatever it says. Without `part` or `new_part`, a file whose part is not clear (no part number, and from another series or naming none of its parts) is refused with 422, listing the parts.",
    )
    new_part: bool = Field(
        False, description="Place the file in a new part at the end of the series."
    )


class ImportFileIn(Schema):
    text: Text = Field(description="The generator's file, front matter and all.")
    filename: Text = Field(
        "draft.md",
        min_length=1,
        max_length=200,
        pattern=r"(?i)^[^/\\]+\.(md|markdown|txt)$",
        description="Its name (.md, .markdown or .txt).",
    )


class ImportBatchIn(Schema):
    model_config = _PART_OR_NEW_PART

    files: list[ImportFileIn] = Field(min_length=1, max_length=200)
    part: int | None = Field(
        None,
        ge=1,
        le=1_000_000,
        description="Place every file in this part (created when missing).",
    )
    new_part: bool = Field(
        False, description="Place each file in a new part at the end of the series."
    )


class ImportBatchItem(Schema):
    filename: str
    status: Literal["imported", "unchanged", "new_revision", "needs_choice", "rejected"]
    part: int | None
    draft: DraftSummary | None
    words: int | None
    declared_words: int | None
    warnings: list[str]
    ignored: list[str]
    detail: str | None = Field(
        description="Why the file was not imported (rejected, or which part to send it again with)."
    )


class ImportBatchOut(Schema):
    files: list[ImportBatchItem]


class ImportOut(Schema):
    status: Literal["imported", "unchanged", "new_revision"]
    series: str
    part: int
    draft: DraftSummary
    words: int | None
    declared_words: int | None
    warnings: list[str]
    ignored: list[str]


class RevisionOut(Schema):
    number: int
    kind: str
    message: str
    base_number: int | None
    content_hash: str
    words: int
    author: str | None
    created_at: datetime


class HeadRevision(RevisionOut):
    body: str


class WordPartsOut(Schema):
    prose: int
    title: int = Field(description="Heading lines above the first paragraph.")
    references: int = Field(
        description="The “Additional documents to read on this” list."
    )
    hashtags: int
    total: int = Field(description="All four; the same number as `words`.")


class MetricsOut(Schema):
    words: int
    word_parts: WordPartsOut
    characters: int = Field(
        description="As the platform counts them: X weighs links as 23 and most "
        "emoji and CJK as 2, Bluesky counts graphemes, Mastodon graphemes with "
        "links as 23."
    )
    char_limit: int | None
    over_limit: int
    reading_minutes: int
    hashtags: list[str]
    link_count: int
    fold_desktop: str | None = Field(
        description="What shows before “…see more” on a desktop feed."
    )
    platform: str


class DraftOut(Schema):
    id: int
    number: int
    series: str
    part: int
    part_id: int
    title: str
    strategy: str
    platform: str
    chosen: bool
    generated: date | None
    declared_word_count: int | None
    metadata: dict
    head: HeadRevision
    metrics: MetricsOut
    url: str


class RevisionIn(Schema):
    text: Text = Field(pattern=NO_NUL, description="The whole text, Markdown.")
    base_number: int = Field(
        ge=1, le=2**31 - 1, description="The revision the text was edited from."
    )
    base_hash: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="That revision's content_hash: a save says exactly which text it started from.",
    )
    message: Text = Field(
        "", max_length=500, pattern=NO_NUL, description="The version's name."
    )


class SaveOut(Schema):
    status: Literal["saved", "unchanged", "merged", "conflict"]
    revision: RevisionOut
    conflict_with: int | None = Field(
        description="The head this save did not start from and overlaps: the text is stored anyway, as a conflicting revision, and the head stays current."
    )
    merged_with: int | None = Field(
        description="The head a save from an older revision was merged with: `revision` is the merge, the new head."
    )
    notes: list[str] = Field(
        description='What the merge combined, e.g. "ann\'s edit to ¶3 was merged in".'
    )


# --- checks -------------------------------------------------------------------


class FindingOut(Schema):
    part: int
    draft: int
    kind: str
    severity: str
    code: str
    message: str
    evidence: str


class DraftChecks(Schema):
    draft: int
    voice_score: float = Field(
        description="Verified share of the series' voice profile; an unticked "
        "manual element counts as not verified, never as present."
    )
    voice_summary: str = Field(
        description="“profile 8 of 11 verified, 3 to tick; own checklist …”."
    )
    errors: int
    warnings: int
    findings: list[FindingOut]


# --- review -------------------------------------------------------------------


class CommentOut(Schema):
    id: int
    author: str
    body: str
    deleted: bool
    resolved: bool
    created_at: datetime


class ThreadOut(CommentOut):
    quote: str
    revision: int
    outdated: bool
    replies: list[CommentOut]


class SuggestionOut(Schema):
    id: int
    author: str
    base: int
    status: str
    note: str
    body: str
    created_at: datetime
