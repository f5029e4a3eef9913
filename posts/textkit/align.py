"""Paragraph alignment for the prose diff: which paragraphs of A are equal
to, changed into, or moved to which paragraphs of B (steps 1 and 2 in the
posts.textkit.diff docstring).

Pure Python (no Django). Paragraphs are compared by word similarity (the Dice
coefficient of their sets of distinct words, lower-cased, punctuation left out):

    >>> a = Words(["We keep rules."], Codebook())
    >>> b = Words(["We keep the rules."], Codebook())
    >>> round(_similarity(a.bag(0), b.bag(0)), 2)
    0.86
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter

from posts.textkit.matching import matching_blocks
from posts.textkit.words import Codebook, Words

CHANGE_THRESHOLD = 0.5  # word similarity (Dice) for pairing paragraphs in place
MOVE_THRESHOLD = 0.75  # word similarity for calling a paragraph elsewhere "moved"

_PAIR_BAND = 4  # paragraphs either side of a region's diagonal tried for pairs
_MOVE_CANDIDATES = 5
_MAX_WORD_SPREAD = 16  # words in more paragraphs than this do not suggest moves
_NONE = float("-inf")  # the best total of a cell outside the band
# Up to this many (A, B) pairs, _near_moves counts shared rare words with bits.
_BITS_PAIRS = 100_000


def _similarity(x: frozenset[str], y: frozenset[str]) -> float:
    """Dice coefficient of two sets of words: 1.0 same words, 0.0 none shared."""
    total = len(x) + len(y)
    if not total:
        return 1.0
    return 2 * len(x & y) / total


def _dice(x: int, y: int) -> float:
    """_similarity of two bags as bits (Words.bits)."""
    total = x.bit_count() + y.bit_count()
    if not total:
        return 1.0
    return 2 * (x & y).bit_count() / total


def _pair_in_place(
    a_ids: list[int],
    b_ids: list[int],
    bags_a: dict[int, int],
    bags_b: dict[int, int],
) -> list[tuple[int, int]]:
    """Monotone pairs with similarity >= CHANGE_THRESHOLD and the best total.

    Only pairs near the region's diagonal are tried (a band _PAIR_BAND wide),
    so a long region of edited paragraphs costs linear, not quadratic, time.
    Row x of the table holds the best totals from cell (x, y) on, for y from
    lows[x] to one past the band's end (0.0 there at B's end, else -inf).
    """
    n, m = len(a_ids), len(b_ids)
    if not n or not m:
        return []
    half = _PAIR_BAND * max(n, m)  # band: |x * m - y * n| <= half
    lows = [0] * (n + 1)
    sims: list[list[float]] = [[] for _ in range(n)]
    scores: list[list[float]] = [[] for _ in range(n)] + [[0.0] * (m + 1)]
    b_bags = [bags_b[y] for y in b_ids]
    b_sizes = [bag.bit_count() for bag in b_bags]
    for x in range(n - 1, -1, -1):
        low = max(0, -(-(x * m - half) // n))
        high = min(m - 1, (x * m + half) // n)
        bag = bags_a[a_ids[x]]
        size = bag.bit_count()
        row_sim = [
            2 * (bag & b_bags[y]).bit_count() / total
            if (total := size + b_sizes[y])
            else 1.0
            for y in range(low, high + 1)
        ]
        row = [_NONE] * (high - low + 1) + [0.0 if high + 1 == m else _NONE]
        below, shift = scores[x + 1], low - lows[x + 1]
        for k in range(high - low, -1, -1):
            s = row_sim[k]
            diag = below[k + 1 + shift] if k + 1 + shift >= 0 else _NONE
            down = below[k + shift] if k + shift >= 0 else _NONE
            take = s + diag if s >= CHANGE_THRESHOLD else _NONE
            row[k] = max(take, down, row[k + 1])
        lows[x], sims[x], scores[x] = low, row_sim, row

    def best(x: int, y: int) -> float:
        k = y - lows[x]
        return scores[x][k] if 0 <= k < len(scores[x]) else _NONE

    pairs, x, y = [], 0, 0
    while x < n and y < m and 0 <= y - lows[x] < len(sims[x]):
        s, here = sims[x][y - lows[x]], scores[x][y - lows[x]]
        if s >= CHANGE_THRESHOLD and here == s + best(x + 1, y + 1):
            pairs.append((a_ids[x], b_ids[y]))
            x, y = x + 1, y + 1
        elif here == best(x + 1, y):
            x += 1
        else:
            y += 1
    return pairs


def _near_moves(
    a_ids: list[int],
    b_ids: list[int],
    bags_a: dict[int, frozenset[str]],
    bags_b: dict[int, frozenset[str]],
    bits_a: dict[int, int],
    bits_b: dict[int, int],
    book: Codebook,
) -> list[tuple[float, int, int]]:
    """Candidate (similarity, i, j) >= MOVE_THRESHOLD, best first. Candidates
    come from shared rare words (for each i, the _MOVE_CANDIDATES paragraphs of
    B sharing most of them), so this stays linear in the text size; ties go to
    the lower j, so the answer never depends on how sets iterate.

    The shared rare words are counted by bits (an AND per pair) when A and B
    hold few paragraphs, by each word's holders otherwise: the same counts."""
    if not a_ids or not b_ids:
        return []
    spread = Counter(chain.from_iterable(bags_b[j] for j in b_ids))
    rare = frozenset(w for w, n in spread.items() if n <= _MAX_WORD_SPREAD)
    found = []
    if len(a_ids) * len(b_ids) <= _BITS_PAIRS:
        b_ids = sorted(b_ids)
        rare_bits = book.bits(rare)
        b_rare = [bits_b[j] & rare_bits for j in b_ids]
        order = range(len(b_ids))
        for i in a_ids:
            mine = bits_a[i] & rare_bits
            if not mine:
                continue
            counts = [(mine & theirs).bit_count() for theirs in b_rare]
            # Stable: equal counts keep B's order, so the lower j comes first.
            for k in sorted(order, key=counts.__getitem__, reverse=True)[
                :_MOVE_CANDIDATES
            ]:
                if not counts[k]:
                    break
                j = b_ids[k]
                s = _dice(bits_a[i], bits_b[j])
                if s >= MOVE_THRESHOLD:
                    found.append((s, i, j))
    else:
        holders: defaultdict[str, list[int]] = defaultdict(list)
        for j in b_ids:
            for word in bags_b[j] & rare:
                holders[word].append(j)
        for i in a_ids:
            shared = Counter(chain.from_iterable(holders[w] for w in bags_a[i] & rare))
            # By j, then (stable) by count, most first: ties go to the lower j.
            best = sorted(sorted(shared.items()), key=itemgetter(1), reverse=True)
            for j, _ in best[:_MOVE_CANDIDATES]:
                s = _dice(bits_a[i], bits_b[j])
                if s >= MOVE_THRESHOLD:
                    found.append((s, i, j))
    found.sort(key=lambda c: (-c[0], c[1], c[2]))
    return found


def align_paragraphs(
    pa: Sequence[str],
    pb: Sequence[str],
    words_a: Words | None = None,
    words_b: Words | None = None,
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """(equal, changed, moved): each maps a paragraph index in A to one in B.

    words_a / words_b: the paragraphs' words, when the caller needs them too
    (only paragraphs outside the equal runs are ever tokenized)."""
    blocks = matching_blocks(pa, pb)
    if words_a is None or words_b is None:
        book = Codebook()
        words_a, words_b = Words(pa, book), Words(pb, book)

    equal: dict[int, int] = {}
    region_a: dict[int, int] = {}  # unmatched paragraph -> gap between blocks
    region_b: dict[int, int] = {}
    i = j = 0
    for region, (bi, bj, size) in enumerate(blocks):
        region_a.update(dict.fromkeys(range(i, bi), region))
        region_b.update(dict.fromkeys(range(j, bj), region))
        equal.update((bi + k, bj + k) for k in range(size))
        i, j = bi + size, bj + size

    bags_a = {x: words_a.bag(x) for x in region_a}
    bags_b = {y: words_b.bag(y) for y in region_b}
    bits_a = {x: words_a.bits(x) for x in region_a}
    bits_b = {y: words_b.bits(y) for y in region_b}

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
    xs, ys = left_a(), left_b()
    # With one region only, nothing can be elsewhere: no candidates needed.
    several = len({region_a[x] for x in xs} | {region_b[y] for y in ys}) > 1
    near = (
        _near_moves(xs, ys, bags_a, bags_b, bits_a, bits_b, words_a.book)
        if several
        else []
    )
    for _, x, y in near:
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
        changed.update(_pair_in_place(xs, by_region_b.get(region, []), bits_a, bits_b))

    # Near-same but crossing inside one region (two paragraphs swapped and edited).
    crossing = _near_moves(
        left_a(), left_b(), bags_a, bags_b, bits_a, bits_b, words_a.book
    )
    for _, x, y in crossing:
        if x not in moved and y not in moved.values():
            moved[x] = y

    return equal, changed, moved


def similarity(x: frozenset[str], y: frozenset[str]) -> float:
    """Word similarity of two paragraphs' bags (Words.bag, one Codebook), 0.0 to 1.0."""
    return _similarity(x, y)
