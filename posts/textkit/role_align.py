"""Paragraph alignment for sibling drafts: by purpose first, then by similarity.

Two drafts of one part from different generator strategies share few
sentences, so the revision aligner (posts.textkit.align) finds few pairs and
shows a column of deletions, then a column of insertions. Here hook faces
hook and teaser faces teaser: paragraphs are paired inside each purpose
(posts.textkit.roles), in order, the pairs with the best total similarity;
body paragraphs only pair when one is the other reworded. Pure Python, no Django.

The result has align_paragraphs' shape (equal, changed, moved: index maps
from A's paragraphs to B's), so posts.textkit.diff turns it into rows.
"""

from __future__ import annotations

from collections import defaultdict

from posts.textkit.align import CHANGE_THRESHOLD, similarity
from posts.textkit.roles import BODY, classify
from posts.textkit.words import Codebook, Words

# Body paragraphs pair only when they are one paragraph reworded: taking a
# paired row replaces A's paragraph, and two different body paragraphs are
# more often wanted both (an insert row adds B's).
BODY_PAIRING = CHANGE_THRESHOLD
_PAIR_BONUS = 0.01  # other roles pair even when they share no word


def _roles(bodies: list[str]) -> list[str | None]:
    roles: list[str | None] = [None] * len(bodies)
    for p in classify("\n\n".join(bodies)):
        roles[p.index - 1] = p.purpose
    return roles


def align_by_role(
    pa: list[str], pb: list[str], wa: Words | None = None, wb: Words | None = None
) -> tuple[dict[int, int], dict[int, int], dict[int, int], set[int]]:
    """(equal, changed, moved, plain) for paragraphs `pa` of A and `pb` of B.

    `plain` holds the A indexes of changed pairs too different for word
    highlights to help: they are shown side by side as they are. `wa`, `wb`:
    the paragraphs' words when the caller has read them (one Codebook).
    """
    if wa is None or wb is None:
        book = Codebook()
        wa, wb = Words(pa, book), Words(pb, book)
    ra, rb = _roles(pa), _roles(pb)
    a_by: defaultdict[str, list[int]] = defaultdict(list)
    b_by: defaultdict[str, list[int]] = defaultdict(list)
    for i, purpose in enumerate(ra):
        if purpose:
            a_by[purpose].append(i)
    for j, purpose in enumerate(rb):
        if purpose:
            b_by[purpose].append(j)
    pairs: list[tuple[int, int, float]] = []
    for purpose, a_ids in a_by.items():
        b_ids = b_by.get(purpose, [])
        pairs += _pair_in_order(
            [(i, wa.bag(i)) for i in a_ids], [(j, wb.bag(j)) for j in b_ids], purpose
        )
    chain = _monotone(pairs)
    equal = {i: j for i, j, _ in chain if pa[i] == pb[j]}
    changed = {i: j for i, j, _ in chain if pa[i] != pb[j]}
    plain = {i for i, j, sim in chain if i in changed and sim < 0.5}
    moved = _exact_moves(
        pa, pb, set(equal) | set(changed), set(equal.values()) | set(changed.values())
    )
    return equal, changed, moved, plain


def _pair_in_order(
    a: list[tuple[int, frozenset[str]]],
    b: list[tuple[int, frozenset[str]]],
    purpose: str,
) -> list[tuple[int, int, float]]:
    """Monotone pairs of one purpose's paragraphs with the best total similarity.

    Roles hold a few paragraphs each, so the table is small; the body of a
    long post is the exception, and its pairs are only tried in a band
    around the diagonal.
    """
    n, m = len(a), len(b)
    if not n or not m:
        return []
    band = max(8, abs(n - m) + 8)
    minimum = BODY_PAIRING if purpose == BODY else 0.0

    def worth(x: int, y: int) -> float | None:
        if abs(x * m // n - y) > band:
            return None
        sim = similarity(a[x][1], b[y][1])
        return sim + _PAIR_BONUS if sim >= minimum else None

    # best[x][y]: the best total for a[x:], b[y:]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    took: dict[tuple[int, int], float] = {}
    for x in range(n - 1, -1, -1):
        for y in range(m - 1, -1, -1):
            skip = max(best[x + 1][y], best[x][y + 1])
            score = worth(x, y)
            if score is not None and score + best[x + 1][y + 1] > skip:
                best[x][y] = score + best[x + 1][y + 1]
                took[(x, y)] = score - _PAIR_BONUS
            else:
                best[x][y] = skip
    pairs = []
    x = y = 0
    while x < n and y < m:
        if (x, y) in took and best[x][y] == took[(x, y)] + _PAIR_BONUS + best[x + 1][
            y + 1
        ]:
            pairs.append((a[x][0], b[y][0], took[(x, y)]))
            x, y = x + 1, y + 1
        elif best[x + 1][y] >= best[x][y + 1]:
            x += 1
        else:
            y += 1
    return pairs


def _monotone(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest run of pairs increasing on both sides (roles out of order drop out)."""
    pairs = sorted(pairs)
    tails: list[
        int
    ] = []  # tails[k]: index in pairs of the smallest B end of a run of k + 1
    back: list[int | None] = []
    for k, (_, j, _) in enumerate(pairs):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[tails[mid]][1] < j:
                lo = mid + 1
            else:
                hi = mid
        back.append(tails[lo - 1] if lo else None)
        if lo == len(tails):
            tails.append(k)
        else:
            tails[lo] = k
    run: list[tuple[int, int, float]] = []
    at = tails[-1] if tails else None
    while at is not None:
        run.append(pairs[at])
        at = back[at]
    return run[::-1]


def _exact_moves(
    pa: list[str], pb: list[str], used_a: set[int], used_b: set[int]
) -> dict[int, int]:
    """Unpaired paragraphs whose exact text sits unpaired on the other side."""
    free_b: defaultdict[str, list[int]] = defaultdict(list)
    for j, text in enumerate(pb):
        if j not in used_b and text.strip():
            free_b[text].append(j)
    moved = {}
    for i, text in enumerate(pa):
        if i not in used_a and free_b.get(text):
            moved[i] = free_b[text].pop(0)
    return moved
