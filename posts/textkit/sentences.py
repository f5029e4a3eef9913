"""Sentences and words as the checks read them.

Pure Python (no Django). Sentences come from the one parse of a text
(`posts.textkit.document`), which keeps its last reading, so every check of a draft reads
the same sentences and a text is split once.

    >>> split_sentences("# Title\\n\\nIt **works**. See [docs](https://x.y)!")
    ['Title', 'It works.', 'See docs!']
    >>> phrase_words("And the  best part?")
    'and the best part'

Headings and list items are sentences of their own, emphasis marks and link
targets are not part of them, fenced code is skipped. A break is ".", "!",
"?" or "…" (optionally followed by a closing quote or bracket) and then
whitespace; "e.g. this" is split, which is fine for evidence.
"""

from __future__ import annotations

import re

from posts.textkit.document import parse_document

STRAIGHT_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"}
)
_STRAIGHT_PAIRS = tuple((chr(k), v) for k, v in STRAIGHT_QUOTES.items())


def straighten(text: str) -> str:
    """`text.translate(STRAIGHT_QUOTES)`, fast: curly quotes and dashes made plain.

    str.translate looks every character up in the table (20 µs for a sentence);
    most sentences are ASCII and come back as they are.

    >>> straighten("It’s “done” — now")
    'It\'s "done" - now'
    """
    if text.isascii():
        return text
    for curly, plain in _STRAIGHT_PAIRS:
        if curly in text:
            text = text.replace(curly, plain)
    return text


_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def sentences_of(text: str) -> tuple[str, ...]:
    """The sentences of a Markdown text, as a reader of the preview sees them."""
    return parse_document(text).sentences


def split_sentences(text: str) -> list[str]:
    return list(sentences_of(text))


def phrase_words(text: str) -> str:
    """'And the  best part?' -> 'and the best part' (the unit phrase matching uses)."""
    return " ".join(_TOKEN.findall(straighten(text).casefold()))
