"""Sequence matching for the prose diff: difflib, kept linear on big inputs.

Pure Python (no Django). Works on any two lists of hashable items: the
paragraphs of two texts, or the words of two paragraphs.

    >>> matching_blocks(["a", "b", "c"], ["a", "x", "c"])
    [(0, 0, 1), (2, 2, 1), (3, 3, 0)]
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

_SMALL = 250_000  # len(a) * len(b) up to which SequenceMatcher runs directly


Blocks = list[tuple[int, int, int]]


def _difflib_blocks(a: Sequence, b: Sequence) -> Blocks:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [block for block in matcher.get_matching_blocks() if block[2]]


def matching_blocks(
    a: Sequence,
    b: Sequence,
    small: Callable[[Sequence, Sequence], Blocks] = _difflib_blocks,
) -> Blocks:
    """Like SequenceMatcher.get_matching_blocks(), but never quadratic on big
    inputs: big slices are split at items unique on both sides (patience diff);
    a big slice with no such item is left unmatched (one change).

    `small` matches the small slices (difflib's SequenceMatcher by default);
    posts.textkit.words passes Myers' diff on words written as characters."""
    found: list[tuple[int, int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        start = alo
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            alo, blo = alo + 1, blo + 1
        if alo > start:
            found.append((start, blo - (alo - start), alo - start))
        end = ahi
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
        if ahi < end:
            found.append((ahi, bhi, end - ahi))
        if alo == ahi or blo == bhi:
            continue
        if (ahi - alo) * (bhi - blo) <= _SMALL:
            found.extend(
                (alo + i, blo + j, n) for i, j, n in small(a[alo:ahi], b[blo:bhi]) if n
            )
            continue
        anchors = _unique_anchors(a, b, alo, ahi, blo, bhi)
        prev_a, prev_b = alo, blo
        for i, j in anchors:
            found.append((i, j, 1))
            stack.append((prev_a, i, prev_b, j))
            prev_a, prev_b = i + 1, j + 1
        if anchors:
            stack.append((prev_a, ahi, prev_b, bhi))
    found.sort()
    blocks: list[tuple[int, int, int]] = []
    for i, j, n in found:
        if (
            blocks
            and blocks[-1][0] + blocks[-1][2] == i
            and blocks[-1][1] + blocks[-1][2] == j
        ):
            blocks[-1] = (blocks[-1][0], blocks[-1][1], blocks[-1][2] + n)
        else:
            blocks.append((i, j, n))
    blocks.append((len(a), len(b), 0))
    return blocks


def _unique_anchors(
    a: Sequence, b: Sequence, alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Items occurring once in each slice, longest run increasing on both sides."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    pairs = [
        (i, where_b[a[i]])
        for i in range(alo, ahi)
        if count_a[a[i]] == 1 and a[i] in where_b
    ]
    # Longest increasing subsequence on the B positions (patience sorting).
    tops: list[int] = []
    top_at: list[int] = []
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pile = bisect_left(tops, j)
        back.append(top_at[pile - 1] if pile else -1)
        if pile == len(tops):
            tops.append(j)
            top_at.append(k)
        else:
            tops[pile], top_at[pile] = j, k
    chain: list[tuple[int, int]] = []
    k = top_at[-1] if top_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]
