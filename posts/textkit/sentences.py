"""Sentences and words as the checks read them; the splitting is remembered.

Pure Python (no Django). Every check of a draft reads its sentences, so they all
go through the one memoised _sentences and a text is split once.

    >>> split_sentences("One. Two!")
    ['One.', 'Two!']
    >>> _words("And the  best part?")
    'and the best part'
"""

from __future__ import annotations

import re
from functools import lru_cache

from posts.textkit import metrics

_FENCE_LINE = re.compile(r"^[ \t]*(```|~~~)")
_RULE = re.compile(r"^(?:[-*_][ \t]*){3,}$")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]")
_BLOCK_START = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|>|[-*+][ \t]|\d+[.)][ \t])")
_EMPHASIS = re.compile(r"\*\*|__|`+|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+")
_WORDLIKE = re.compile(r"[^\W_]")


def split_sentences(text: str) -> list[str]:
    """Sentences as a reader sees them.

    >>> split_sentences("# Title\\n\\nIt **works**. See [docs](https://x.y)!")
    ['Title', 'It works.', 'See docs!']
    """
    return list(_sentences(text))


@lru_cache(maxsize=512)
def _sentences(text: str) -> tuple[str, ...]:
    """split_sentences, remembered: every check of a draft reads its sentences."""
    sentences: list[str] = []
    unit: list[str] = []

    def flush() -> None:
        for piece in _SENTENCE_BREAK.split(" ".join(unit)):
            piece = piece.strip()
            if _WORDLIKE.search(piece):
                sentences.append(piece)
        unit.clear()

    in_fence = False
    for line in text.splitlines():
        if _FENCE_LINE.match(line):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        if not line.strip() or _RULE.match(line.strip()):
            flush()
            continue
        if _BLOCK_START.match(line):
            flush()
        unit.append(_EMPHASIS.sub("", metrics.strip_markup(line)).strip())
        if _HEADING.match(line):
            flush()
    flush()
    return tuple(sentences)


# ---------------------------------------------------------------- words

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def _words(text: str) -> str:
    """'And the  best part?' -> 'and the best part' (the unit phrase matching uses)."""
    return " ".join(_TOKEN.findall(text.translate(_QUOTES).casefold()))
