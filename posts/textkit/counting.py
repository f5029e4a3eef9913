"""What a word count is made of, and which count a declared number meant.

Pure Python (no Django). The total is `metrics.word_count` (the preview's words);
the breakdown says how many of them are the title, the reference list and the
hashtags, so a writer can compare with a generator that counts the prose only.

    >>> b = breakdown("# Title here\\n\\nFour words of prose.\\n\\n#AI #ML")
    >>> (b.prose, b.title, b.references, b.hashtags, b.total)
    (4, 2, 0, 2, 8)
    >>> meant(5, b).name
    'prose'

Title: heading lines before the first paragraph of prose (the generator's
"# LinkedIn Post - …" line). References: the "Additional documents to read on
this" line and the list that follows it. Hashtags: every hashtag word, wherever
it stands. Prose: the rest, so the four parts always add up to the total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from posts.textkit.document import parse_document, words_of
from posts.textkit.scaffolding import outside_fences

_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_REFERENCES_LABEL = "additional documents to read on this"
_LIST_ITEM = re.compile(r"^[ \t]{0,8}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_HASHTAG_WORD = re.compile(r"^#[^\W\d_]\w*[^\w]*$|^#\d+[^\W\d_]\w*[^\w]*$")


@dataclass(frozen=True)
class WordBreakdown:
    prose: int
    title: int
    references: int
    hashtags: int

    @property
    def total(self) -> int:
        return self.prose + self.title + self.references + self.hashtags


@dataclass(frozen=True)
class Reading:
    """One way of counting a draft's words: which parts it takes in."""

    name: str  # "prose" | "prose and title" | "prose and hashtags" | "everything"
    words: int

    @property
    def description(self) -> str:
        return {
            "prose": "the prose alone",
            "everything": "everything (title, references and hashtags too)",
        }.get(self.name, f"the {self.name}")


def _hashtag_words(words) -> int:
    return sum(1 for word in words if _HASHTAG_WORD.match(word))


def words_in(lines: list[str]) -> tuple[str, ...]:
    """The words a reading of these lines (as one Markdown text) gives."""
    plain = [_PLAIN_HEADING.match(line) for line in lines]
    if all(plain):  # what a reading of these lines would give, without one
        return tuple(w for m in plain if m for w in words_of(m.group(1) or ""))
    return parse_document("\n".join(lines)).words


# A heading line with nothing Markdown reads in its words (no emphasis, code,
# link, entity, escape, tag, closing hashes or control character): its words are the line's own,
# and reading a generator's title line costs a Markdown pass per text.
_PLAIN_HEADING = re.compile(
    r"^ {0,3}#{1,6}(?:[ \t]+([^\\`*_\[\]()<>!&~#|=\x00-\x1f\x7f\ud800-\udfff]*))?$"
)


def breakdown(markdown: str) -> WordBreakdown:
    """The preview's words split into prose, title, references and hashtags."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title_lines: list[str] = []
    reference_lines: list[str] = []
    seen_prose = False
    in_references = False
    for _, line in outside_fences("\n".join(lines)):
        stripped = line.strip()
        if in_references:
            if _LIST_ITEM.match(line):
                reference_lines.append(line)
                continue
            if not stripped:
                continue
            in_references = False
        if stripped.strip("*_: \t").lower() == _REFERENCES_LABEL:
            reference_lines.append(stripped)
            in_references = True
        elif _HEADING.match(line) and not seen_prose:
            title_lines.append(line)
        elif stripped:
            seen_prose = True
    total_words = parse_document(markdown).words
    title_words = words_in(title_lines)
    reference_words = words_in(reference_lines)
    title = len(title_words) - _hashtag_words(title_words)
    references = len(reference_words) - _hashtag_words(reference_words)
    hashtags = _hashtag_words(total_words)
    prose = max(0, len(total_words) - title - references - hashtags)
    return WordBreakdown(prose, title, references, hashtags)


def readings(parts: WordBreakdown) -> list[Reading]:
    """The counts a generator plausibly means, narrowest first."""
    ends = {parts.prose, parts.total}
    middle = [
        Reading("prose and title", parts.prose + parts.title),
        Reading("prose and hashtags", parts.prose + parts.hashtags),
        Reading("prose and references", parts.prose + parts.references),
    ]
    found = [Reading("prose", parts.prose)]
    for reading in middle:  # a combination only where it is a number of its own
        if reading.words not in ends and all(r.words != reading.words for r in found):
            found.append(reading)
    if parts.total != parts.prose:
        found.append(Reading("everything", parts.total))
    return found


def meant(declared: int, parts: WordBreakdown) -> Reading:
    """The reading closest to the declared number (the narrower one on a tie)."""
    return min(readings(parts), key=lambda r: abs(r.words - declared))
