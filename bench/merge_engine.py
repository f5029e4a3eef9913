"""The three-way merge next to the diff engine, on the same 5k and 50k pairs.

base = draft A, mine = draft B (the seeded pair: ~5% of words edited, moves,
added and removed paragraphs), theirs = A with one word added to every 7th
paragraph, so both sides change the text and a few paragraphs on both.
"""

from __future__ import annotations

import statistics
from functools import partial

from bench.inprocess import (
    Fixture,
    book_pair,
    interleaved,
    median_ratio,
    pair_texts,
)
from posts.textkit.diff import diff_texts
from posts.textkit.merge3 import merge3, units


def their_edit(base: str) -> str:
    """A second edit of base: "indeed" added at the end of every 7th paragraph."""
    parts = units(base)
    for k in range(1, len(parts), 7):
        body = parts[k].rstrip()
        parts[k] = body + " indeed" + parts[k][len(body) :]
    return "".join(parts)


def merge_engine(fixtures: dict[str, Fixture], rounds: int) -> dict:
    texts = {
        "5k": pair_texts(fixtures["large"].pair),
        "50k": pair_texts(book_pair()),
    }
    out: dict = {}
    for size, (base, mine) in texts.items():
        theirs = their_edit(base)
        n = rounds if size != "50k" else max(3, rounds // 2)
        times = interleaved(
            {
                "merge": partial(merge3, base, mine, theirs),
                "diff": partial(diff_texts, base, mine),
            },
            n,
        )
        merge = merge3(base, mine, theirs)
        out[size] = {
            "words": len(base.split()),
            "merge_ms": statistics.median(times["merge"]) * 1000,
            "diff_ms": statistics.median(times["diff"]) * 1000,
            "ratio": median_ratio(times["merge"], times["diff"]),
            "conflicts": len(merge.conflicts),
            "changes": len(merge.changes),
        }
    out["growth_50k_over_5k"] = out["50k"]["merge_ms"] / out["5k"]["merge_ms"]
    return out
