"""Find a comment's quoted words again after the text changed.

Pure Python (no Django). A comment remembers the words it is about (the
quote), a little text before and after them (prefix, suffix) and where the
quote started. All of it is in *normalized* text: the rendered draft's text
with every run of whitespace made one space and the ends stripped, which is
what the browser (review.js) computes from the page and `anchor_text` reads
off the one parse of the Markdown (posts.textkit.document), from the same HTML.

    >>> text = normalize("Networks  learn.\\n\\nLayers learn too.")
    >>> a = locate(text, "learn", prefix="Layers ", suffix=" too.", position=0)
    >>> (a.start, a.end, text[a.start:a.end])
    (23, 28, 'learn')
    >>> locate(text, "forget", prefix="", suffix="", position=0) is None
    True

When the quote occurs more than once, the occurrence whose surroundings match
the remembered prefix and suffix best wins; a tie goes to the one nearest the
old position. A quote that does not occur any more gives None: the caller
shows the comment as outdated, with its original quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from posts.textkit.document import normalize, parse_document

__all__ = ["CONTEXT", "Anchor", "anchor_text", "context_of", "locate", "normalize"]

CONTEXT = 32  # characters of prefix/suffix remembered on each side


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int


def anchor_text(markdown: str) -> str:
    """The normalized text a reader sees when the Markdown is rendered.

    >>> anchor_text("Networks  **learn**.\\n\\n- [Layers](https://x.y) too.")
    'Networks learn. Layers too.'
    """
    return parse_document(markdown).anchor_text


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix (CONTEXT characters each) around text[start:end]."""
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def locate(
    text: str, quote: str, *, prefix: str, suffix: str, position: int
) -> Anchor | None:
    """Where `quote` sits in normalized `text` now, or None if it is gone."""
    quote = normalize(quote)
    if not quote:
        return None
    best: tuple[int, int, int] | None = None  # (-score, distance, start)
    start = text.find(quote)
    while start != -1:
        score = _common_suffix(text[:start], prefix) + _common_prefix(
            text[start + len(quote) :], suffix
        )
        key = (-score, abs(start - position), start)
        if best is None or key < best:
            best = key
        start = text.find(quote, start + 1)
    if best is None:
        return None
    return Anchor(best[2], best[2] + len(quote))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n
