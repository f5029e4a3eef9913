"""What parse_draft (posts.textkit.parsing) hands out: a ParsedDraft or a DraftRejected.

Pure Python (no Django). These shapes and limits are shared by the modules
that read each part of a file (encoding, frontmatter, scaffolding, titles).

ParsedDraft fields:
    title          front matter title/topic, else the first '# ' heading, else
                   the filename stem, else "Untitled". "Part N" is cut out:
                   "Neural Networks Part 1: How They Learn" gives title
                   "Neural Networks", part 1, metadata["subtitle"] "How They Learn"
                   (also "Part 2 - ...", "(Part 3)", "Part Two").
    series         front matter series, else the title before "Part N", else None
    part, draft_number, generated, declared_word_count
                   None when absent (a value of the wrong type rejects the
                   file, naming every such key); declared_word_count is front matter word_count, else the
                   scaffolding's "**Word Count:** 316 words"
    strategy       front matter strategy, else the filename's end after
                   "partN-" ("nn-part1-voice-match.md" -> "voice-match"), else ""
    platform       a key of metrics.PLATFORMS; unknown or absent -> "linkedin"
    metadata       unknown front matter keys, lower-cased, JSON-safe (dates as
                   ISO strings), plus "subtitle" when cut from the title
    body           LF line endings, otherwise exactly as written; only the
                   blank lines after the front matter and before the
                   scaffolding's '---' are dropped
    scaffolding    Scaffolding or None; .raw is the text from its '---' line on
    hashtags       metrics.hashtags(body), in order, duplicates kept
    references     the "Additional documents to read on this" items
    warnings       human sentences about what was ignored or guessed
    ignored_keys   front matter keys nothing reads, in file order (they are
                   still kept in .metadata)
    word_count     metrics.word_count(body)
    plain          the body's plain text (document.parse_document(body).plain), read
                   in the same parse as word_count and hashtags: the search index
                   takes it from here, so an import renders each file once
    content_hash   sha256 hex of the whole input as UTF-8, without BOM, LF endings
    part_title, part_title_rank
                   what the file calls its part, and how explicitly: 3 the
                   subtitle of a front matter topic naming the part ("Series
                   Part 2: Backpropagation"), 2 the same in the first heading,
                   1 a title or heading that names no part, 0 nothing ("")
    topic          the front matter's topic or title as written, else ""
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

MAX_NUMBER = 1_000_000  # part, draft and word numbers above this are typos


class DraftRejected(ValueError):
    """The file cannot become a draft; .reason says why, for the writer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ChecklistItem:
    label: str  # '"That is because" phrasing'
    phrase: str | None  # 'That is because': the quoted text the label starts with
    ticked: bool  # ✅ True, ❌ False


@dataclass(frozen=True)
class Scaffolding:
    declared_word_count: int | None
    voice_elements: list[ChecklistItem]
    raw: str  # the split-off text, from its '---' line to the end


@dataclass(frozen=True)
class Reference:
    text: str
    url: str | None


@dataclass(frozen=True)
class ParsedDraft:
    title: str
    series: str | None
    part: int | None
    draft_number: int | None
    strategy: str
    platform: str
    generated: datetime.date | None
    declared_word_count: int | None
    metadata: dict
    body: str
    scaffolding: Scaffolding | None
    hashtags: list[str]
    references: list[Reference]
    warnings: list[str]
    ignored_keys: list[str]
    word_count: int
    content_hash: str
    plain: str
    part_title: str = ""
    part_title_rank: int = 0
    topic: str = ""  # the front matter's topic (or title) as written, else ""
