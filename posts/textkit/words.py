"""Words for the prose diff: tokenizing a paragraph, and the word-level runs
of equal and changed tokens between two versions of it.

Pure Python (no Django); posts.textkit.diff turns the runs into spans.
"""

from __future__ import annotations

import re

from posts.textkit.matching import matching_blocks

_W = r"[\w\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f\u200c\u200d]"
TOKEN = re.compile(
    rf"""
    (?:
        (?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)[^\s<>"]*[^\s<>"'.,;:!?)\]}}]
      | [#@]?{_W}+(?:['’\-.,:/@&+]{_W}+)*
      | [^\w\s](?:[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]|\u200d[^\w\s])*
    )\s*
    | \s+
    """,
    re.VERBOSE,
)
_HAS_WORD = re.compile(r"\w")


Opcode = tuple[str, int, int, int, int]  # (tag, i1, i2, j1, j2) as in difflib


def word_opcodes(ka: list[str], kb: list[str], ta: list[str]) -> list[Opcode]:
    """Equal/change runs; an equal run of bare punctuation between two changes
    is folded into them, so "a, b" -> "c; d" is one change, not three."""
    ops: list[Opcode] = []
    i = j = 0
    for bi, bj, size in matching_blocks(ka, kb):
        if i < bi or j < bj:
            ops.append(("change", i, bi, j, bj))
        if size:
            ops.append(("equal", bi, bi + size, bj, bj + size))
        i, j = bi + size, bj + size
    merged: list[Opcode] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        bare = (
            tag == "equal"
            and 0 < k < len(ops) - 1
            and not _HAS_WORD.search("".join(ta[i1:i2]))
        )
        if (bare or tag == "change") and merged and merged[-1][0] == "change":
            _, m1, _, n1, _ = merged[-1]
            merged[-1] = ("change", m1, i2, n1, j2)
        elif bare:
            merged.append(("change", i1, i2, j1, j2))
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged
