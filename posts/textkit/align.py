"""Paragraph alignment for the prose diff: which paragraphs of A are equal
to, changed into, or moved to which paragraphs of B (steps 1 and 2 in the
posts.textkit.diff docstring).

Pure Python (no Django). Paragraphs are compared by word similarity (the Dice
coefficient of their word bags):

    >>> round(_similarity(_bag("We keep rules."), _bag("We keep the rules.")), 2)
    0.86
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from posts.textkit.matching import matching_blocks

CHANGE_THRESHOLD = 0.5  # word similarity (Dice) for pairing paragraphs in place
MOVE_THRESHOLD = 0.75  # word similarity for calling a paragraph elsewhere "moved"

_PAIR_BAND = 4  # paragraphs either side of a region's diagonal tried for pairs
_MOVE_CANDIDATES = 5
_MAX_WORD_SPREAD = 16  # words in more paragraphs than this do not suggest moves

_BAG_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def _bag(paragraph: str) -> Counter[str]:
    return Counter(_BAG_WORD.findall(paragraph.lower()))


def _similarity(x: Counter[str], y: Counter[str]) -> float:
    """Dice coefficient of two word bags: 1.0 same words, 0.0 none shared."""
    total = x.total() + y.total()
    if not total:
        return 1.0
    if len(x) > len(y):
        x, y = y, x
    shared = sum(min(n, y[word]) for word, n in x.items() if word in y)
    return 2 * shared / total


def _pair_in_place(a_ids: list[int], b_ids: list[int], sim) -> list[tuple[int, int]]:
    """Monotone pairs with similarity >= CHANGE_THRESHOLD and the best total.

    Only pairs near the region's diagonal are tried (a band _PAIR_BAND wide),
    so a long region of edited paragraphs costs linear, not quadratic, time.
    """
    n, m = len(a_ids), len(b_ids)
    if not n or not m:
        return []
    half = _PAIR_BAND * max(n, m)  # band: |x * m - y * n| <= half
    score: dict[tuple[int, int], float] = {}
    cell_sim: dict[tuple[int, int], float] = {}

    def best(x: int, y: int) -> float:
        if x == n or y == m:
            return 0.0
        return score.get((x, y), float("-inf"))

    for x in range(n - 1, -1, -1):
        low = max(0, -(-(x * m - half) // n))
        high = min(m - 1, (x * m + half) // n)
        for y in range(high, low - 1, -1):
            s = cell_sim[x, y] = sim(a_ids[x], b_ids[y])
            take = s + best(x + 1, y + 1) if s >= CHANGE_THRESHOLD else float("-inf")
            score[x, y] = max(take, best(x + 1, y), best(x, y + 1))
    pairs, x, y = [], 0, 0
    while x < n and y < m and (x, y) in score:
        s = cell_sim[x, y]
        if s >= CHANGE_THRESHOLD and score[x, y] == s + best(x + 1, y + 1):
            pairs.append((a_ids[x], b_ids[y]))
            x, y = x + 1, y + 1
        elif score[x, y] == best(x + 1, y):
            x += 1
        else:
            y += 1
    return pairs


def _near_moves(
    a_ids: list[int], b_ids: list[int], bag_a, bag_b, sim
) -> list[tuple[float, int, int]]:
    """Candidate (similarity, i, j) >= MOVE_THRESHOLD, best first. Candidates
    come from shared rare words, so this stays linear in the text size."""
    index: defaultdict[str, list[int]] = defaultdict(list)
    for j in b_ids:
        for word in bag_b(j):
            index[word].append(j)
    found = []
    for i in a_ids:
        shared: Counter[int] = Counter()
        for word in bag_a(i):
            holders = index.get(word, ())
            if len(holders) <= _MAX_WORD_SPREAD:
                shared.update(holders)
        for j, _ in shared.most_common(_MOVE_CANDIDATES):
            s = sim(i, j)
            if s >= MOVE_THRESHOLD:
                found.append((s, i, j))
    found.sort(key=lambda c: (-c[0], c[1], c[2]))
    return found


def align_paragraphs(
    pa: list[str], pb: list[str]
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """(equal, changed, moved): each maps a paragraph index in A to one in B."""
    blocks = matching_blocks(pa, pb)

    equal: dict[int, int] = {}
    region_a: dict[int, int] = {}  # unmatched paragraph -> gap between blocks
    region_b: dict[int, int] = {}
    i = j = 0
    for region, (bi, bj, size) in enumerate(blocks):
        region_a.update(dict.fromkeys(range(i, bi), region))
        region_b.update(dict.fromkeys(range(j, bj), region))
        equal.update((bi + k, bj + k) for k in range(size))
        i, j = bi + size, bj + size

    bags_a: dict[int, Counter[str]] = {}
    bags_b: dict[int, Counter[str]] = {}

    def bag_a(x: int) -> Counter[str]:
        if x not in bags_a:
            bags_a[x] = _bag(pa[x])
        return bags_a[x]

    def bag_b(y: int) -> Counter[str]:
        if y not in bags_b:
            bags_b[y] = _bag(pb[y])
        return bags_b[y]

    def sim(x: int, y: int) -> float:
        return _similarity(bag_a(x), bag_b(y))

    moved: dict[int, int] = {}
    changed: dict[int, int] = {}

    # Same text elsewhere: moved.
    spare_b: defaultdict[str, list[int]] = defaultdict(list)
    for y in sorted(region_b):
        spare_b[pb[y]].append(y)
    for x in sorted(region_a):
        if spare_b.get(pa[x]):
            moved[x] = spare_b[pa[x]].pop(0)

    def left_a() -> list[int]:
        return [x for x in sorted(region_a) if x not in moved and x not in changed]

    def left_b() -> list[int]:
        used = set(moved.values()) | set(changed.values())
        return [y for y in sorted(region_b) if y not in used]

    # Near-same text elsewhere: moved, unless something in place is as close.
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    for _, x, y in _near_moves(left_a(), left_b(), bag_a, bag_b, sim):
        if x in taken_a or y in taken_b:
            continue
        taken_a.add(x)
        taken_b.add(y)
        if region_a[x] != region_b[y]:
            moved[x] = y

    # Changed in place: pair within each region.
    by_region_a: defaultdict[int, list[int]] = defaultdict(list)
    by_region_b: defaultdict[int, list[int]] = defaultdict(list)
    for x in left_a():
        by_region_a[region_a[x]].append(x)
    for y in left_b():
        by_region_b[region_b[y]].append(y)
    for region, xs in by_region_a.items():
        changed.update(_pair_in_place(xs, by_region_b.get(region, []), sim))

    # Near-same but crossing inside one region (two paragraphs swapped and edited).
    for _, x, y in _near_moves(left_a(), left_b(), bag_a, bag_b, sim):
        if x not in moved and y not in moved.values():
            moved[x] = y

    return equal, changed, moved


def word_bag(paragraph: str) -> Counter[str]:
    """The paragraph's words, lower-cased and counted: what similarity compares."""
    return _bag(paragraph)


def similarity(x: Counter[str], y: Counter[str]) -> float:
    """Word similarity of two word bags (Dice), 0.0 to 1.0."""
    return _similarity(x, y)
