"""Where each paragraph of a text came from, while it is still there.

A composed or merged revision records its sources (a paragraph of another
draft's revision). Later edits change the text; this module matches the
current paragraphs against the source paragraphs: an identical paragraph is
"from Draft 2 · voice-match, r2", a paragraph that is still recognisably the
source is the same "; edited since", and one edited away (or deleted) has no
note. Pure Python, no Django.

>>> trace("Hook B.\\n\\nMy own words.", [Origin("from Draft 2, r1", "Hook B.")])
[Note(paragraph=1, label='from Draft 2, r1', edited=False, opening='Hook B.')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from posts.textkit.layout import split_layout
from posts.textkit.words import tokenize

# How much of a source paragraph's words must remain for it to count as "edited since".
STILL_THERE = 0.6


@dataclass(frozen=True)
class Origin:
    label: str  # "from Draft 2 · voice-match, r2"
    text: str  # the source paragraph as it was taken


@dataclass(frozen=True)
class Note:
    paragraph: int  # 1-based, among the current text's non-empty paragraphs
    label: str
    edited: bool
    opening: str = ""  # the paragraph's first words, to recognise it by


def _words(text: str) -> list[str]:
    return [t.strip().lower() for t in tokenize(text) if t.strip()]


def trace(current: str, origins: Sequence[Origin]) -> list[Note]:
    """A note for each current paragraph that came from one of `origins`.

    Each origin explains at most one paragraph; exact copies are matched first,
    then the closest remaining pairs above STILL_THERE.
    """
    paragraphs = [p for p in split_layout(current).bodies if p.strip()]
    free = list(range(len(origins)))
    notes: dict[int, Note] = {}
    for n, text in enumerate(paragraphs, start=1):
        for i in free:
            if _words(origins[i].text) == _words(text):
                notes[n] = Note(n, origins[i].label, edited=False)
                free.remove(i)
                break
    pairs = []
    for n, text in enumerate(paragraphs, start=1):
        if n in notes:
            continue
        mine = _words(text)
        for i in free:
            theirs = _words(origins[i].text)
            matcher = SequenceMatcher(None, theirs, mine, autojunk=False)
            if (
                matcher.real_quick_ratio() < STILL_THERE
                or matcher.quick_ratio() < STILL_THERE
            ):
                continue
            kept = sum(block.size for block in matcher.get_matching_blocks()) / max(
                len(theirs), 1
            )
            if kept >= STILL_THERE:
                pairs.append((-kept, n, i))
    for _, n, i in sorted(pairs):
        if n not in notes and i in free:
            notes[n] = Note(n, origins[i].label, edited=True)
            free.remove(i)
    return [
        Note(n, note.label, note.edited, _opening(paragraphs[n - 1]))
        for n, note in sorted(notes.items())
    ]


def _opening(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"
