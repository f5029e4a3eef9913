"""Paragraph layout for the prose diff: a text as its paragraphs and the
whitespace around them, and which whitespace to use when apply_changes
rebuilds a text from rows of both sides.

Pure Python (no Django).

    >>> layout = split_layout("\\nOne\\nline two.\\n\\n\\nThree.")
    >>> layout
    Layout(head='\\n', bodies=['One\\nline two.', 'Three.'], seps=['\\n\\n\\n'], tail='')
    >>> layout.text() == "\\nOne\\nline two.\\n\\n\\nThree."
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from posts.textkit.diff import Row

_LINE = re.compile(r"[^\n]*\n|[^\n]+")


@dataclass(frozen=True)
class Layout:
    head: str  # whitespace before the first paragraph
    bodies: list[str]
    seps: list[str]  # seps[k] sits between bodies[k] and bodies[k + 1]
    tail: str  # whitespace after the last paragraph

    def text(self) -> str:
        parts = [self.head]
        for k, body in enumerate(self.bodies):
            parts.append(body)
            parts.append(self.seps[k] if k < len(self.seps) else "")
        parts.append(self.tail)
        return "".join(parts)


def split_layout(text: str) -> Layout:
    if not text.strip():
        return Layout("", [text] if text else [], [], "")
    bodies: list[str] = []
    gaps: list[str] = []  # gaps[0] is the head, gaps[k] follows bodies[k - 1]
    gap: list[str] = []
    body: list[str] = []
    for line in _LINE.findall(text):
        if line.strip():
            if not body:
                gaps.append("".join(gap))
                gap = []
            body.append(line)
        else:
            if body:
                _close(body, bodies, gap)
                body = []
            gap.append(line)
    if body:
        _close(body, bodies, gap)
    gaps.append("".join(gap))
    return Layout(gaps[0], bodies, gaps[1:-1], gaps[-1])


def paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) in text of each paragraph: runs of non-blank lines.

    >>> paragraph_spans("One\\ntwo.\\n\\n\\nThree.")
    ((0, 8), (11, 17))
    """
    layout = split_layout(text)
    spans = []
    at = len(layout.head)
    for k, body in enumerate(layout.bodies):
        spans.append((at, at + len(body)))
        at += len(body) + (len(layout.seps[k]) if k < len(layout.seps) else 0)
    return tuple(spans)


def _close(lines: list[str], bodies: list[str], gap: list[str]) -> None:
    """The final line break of a paragraph, and any "\r" before it, belongs
    to the gap after it: no paragraph ends in "\r"."""
    joined = "".join(lines)
    # Only the last line can end in "\n": the body is what comes before it
    # and any "\r" in front of it (a regex searching for "\r*\n\Z" tried
    # every character of the paragraph: a tenth of a long diff).
    body = (joined[:-1] if joined.endswith("\n") else joined).rstrip("\r")
    bodies.append(body)
    gap.append(joined[len(body) :])


def _positions(row: Row) -> tuple[int | None, int | None]:
    return row.left_no, row.right_no


def gap_between(
    x: Row,
    x_uses_b: bool,
    y: Row,
    take: set[int],
    la: Layout,
    lb: Layout,
    default: str,
) -> str:
    xa, xb = _positions(x)
    ya, yb = _positions(y)
    # The separator before y on a side where y directly follows x, else None.
    sep_a = xa - 1 if xa is not None and ya == xa + 1 else None
    sep_b = xb - 1 if xb is not None and yb == xb + 1 else None
    if sep_a is not None and sep_b is not None:
        return lb.seps[sep_b] if x.index in take else la.seps[sep_a]
    if sep_b is not None:
        return lb.seps[sep_b]
    if sep_a is not None:
        return la.seps[sep_a]
    if x_uses_b and xb is not None and xb < len(lb.bodies):
        return lb.seps[xb - 1]
    if xa is not None and xa < len(la.bodies):
        return la.seps[xa - 1]
    if xb is not None and xb < len(lb.bodies):
        return lb.seps[xb - 1]
    return default


def edge_of(row: Row, take: set[int], la: Layout, lb: Layout, *, first: bool) -> str:
    """Whitespace before the first paragraph (first=True) or after the last."""
    xa, xb = _positions(row)
    edge_a = xa is not None and xa == (1 if first else len(la.bodies))
    edge_b = xb is not None and xb == (1 if first else len(lb.bodies))
    # At neither edge (only in a partial take) A's: we start from A.
    use_b = row.index in take if edge_a and edge_b else edge_b
    layout = lb if use_b else la
    return layout.head if first else layout.tail
