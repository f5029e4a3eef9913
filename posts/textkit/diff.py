"""Prose diff for the compare view: paragraphs first, then words inside each pair.

Pure Python (no Django). The compare template renders the result directly,
with auto-escaping; nothing here builds HTML.

    >>> a = "Intro.\\n\\nWe keep rules—they help.\\n"
    >>> b = "Intro.\\n\\nWe keep rules—we help.\\n\\nNew ending.\\n"
    >>> d = diff_texts(a, b)
    >>> [(r.kind, r.left_no, r.right_no) for r in d.rows]
    [('equal', 1, 1), ('changed', 2, 2), ('insert', None, 3)]
    >>> [(s.kind, s.text) for s in d.rows[1].right_spans]
    [('equal', 'We keep rules—'), ('insert', 'we'), ('equal', ' help.')]
    >>> apply_changes(a, b, d, take={1})
    'Intro.\\n\\nWe keep rules—we help.\\n'
    >>> apply_changes(a, b, d, take=d.change_indexes) == b
    True

Data:
    Diff(rows, changes)   changes = number of rows whose kind is not "equal".
    Row(index, kind, left, right, left_no, right_no, left_spans, right_spans)
        kind "equal"   same paragraph on both sides.
             "changed" paired paragraphs (word similarity >= CHANGE_THRESHOLD);
                       spans are word-level: equal + delete on the left,
                       equal + insert on the right. A "changed" row with
                       left == right differs only in the blank lines around it
                       (needed so that apply_changes can reproduce B exactly).
             "insert"  left is None (a gap), right_spans = [Span("insert", right)].
             "delete"  right is None, left_spans = [Span("delete", left)].
             "moved"   the paragraph (same text, or word similarity >=
                       MOVE_THRESHOLD) sits elsewhere in B. The row is listed at
                       its place in B; left_no says where it was in A. Spans are
                       word-level when the text also changed.
        index is the row's position in Diff.rows: the same two texts always give
        the same rows, so an index is a stable id for a change (apply_changes).
    Equal spans may differ in whitespace between the sides (words are compared
    without their trailing whitespace). Joining a row's spans gives back
    exactly its paragraph text.

Paragraphs are runs of non-blank lines; a blank line is empty or whitespace
only. A paragraph's text is exact (indentation, single newlines, trailing
spaces kept); the blank lines between paragraphs, before the first and after
the last are kept aside so that apply_changes can rebuild either text byte for
byte. A text with no words at all is one "paragraph" made of its whitespace,
so that even a whitespace-only edit shows up as a change.

Words: a word is a run of letters/digits joined by ' ’ - . , : / @ & +
("don't", "hands-on", "1,000", "e.g"), a URL is one word, any other character
(an em dash, a comma) is its own token, and each token carries the whitespace
after it. So "rules—they" is "rules", "—", "they": a highlight never starts or
ends inside a word. Trailing whitespace of a highlight is moved out of it.

How it works, and why (numbers from bench/diff_engines.py; prose generated from
our word list, ~5% of words edited, one paragraph moved, one added and one
removed; best of 5 runs, Python 3.13):

    engine               300 words  5k words   50k words  50k/5k  marked@50k  move
    linear-control          0.2 ms    3.5 ms     41.3 ms   11.7x      -         -
    difflib-words           0.9 ms  114.0 ms  15461.5 ms  135.6x    4127        no
    difflib-words-nojunk    1.0 ms  169.6 ms  29683.0 ms  175.0x    4127        no
    difflib-paras           0.7 ms   15.2 ms    150.2 ms    9.9x   15397        no
    postwright (this)       1.5 ms   25.6 ms    304.0 ms   11.9x    3892       yes
    dmp-words (PyPI)        8.4 ms  241.9 ms   7117.7 ms   29.4x    4323        no
    fast-dmp-words (C++)    0.9 ms   11.1 ms    131.9 ms   11.9x    4323        no

    ("marked" = word tokens highlighted; "linear-control" only tokenizes, so
    11.7x is what plainly linear work measured as on that shared 2-core box;
    our similarity and word-diff call counts grow 7.8x and 9.8x from 5k to
    50k words.)

    1. Paragraph alignment: common prefix/suffix trimmed, then
       difflib.SequenceMatcher(autojunk=False) on whole paragraphs when the
       slice is small, otherwise patience-style anchors (paragraphs unique on
       both sides, longest increasing run) splitting it into small slices.
    2. Unmatched paragraphs: exact text elsewhere -> "moved"; near-same
       elsewhere (beats any candidate in place) -> "moved"; otherwise paired in
       place by word similarity (best monotone pairing near each region's
       diagonal) -> "changed"; the rest are "delete" / "insert".
    3. Words: the same matcher on the tokens of each paired paragraph only.

    Chosen because it stays linear and gives the finest highlights with
    moves, on the standard library alone. Whole-text difflib on words is
    quadratic here (15-30 s at 50k words; autojunk=True, the default, also
    turns frequent words into junk, which only hides the cost). Pure-Python
    diff-match-patch in word mode is 7 s at 50k and superlinear. difflib on
    paragraphs then words is 2x faster than ours but pairs replaced
    paragraphs by position and knows no moves: it marks 4x more words. The
    C++ fast-diff-match-patch is 2.3x faster than ours, but it is a compiled
    dependency with no notion of paragraphs or moves, and 0.3 s for 50k words
    (a book) is fine for a page view.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

CHANGE_THRESHOLD = 0.5  # word similarity (Dice) for pairing paragraphs in place
MOVE_THRESHOLD = 0.75  # word similarity for calling a paragraph elsewhere "moved"

_SMALL = 250_000  # len(a) * len(b) up to which SequenceMatcher runs directly
_PAIR_BAND = 4  # paragraphs either side of a region's diagonal tried for pairs
_MOVE_CANDIDATES = 5
_MAX_WORD_SPREAD = 16  # words in more paragraphs than this do not suggest moves


@dataclass(frozen=True)
class Span:
    kind: str  # "equal" | "insert" | "delete"
    text: str


@dataclass(frozen=True)
class Row:
    index: int
    kind: str  # "equal" | "changed" | "insert" | "delete" | "moved"
    left: str | None
    right: str | None
    left_no: int | None
    right_no: int | None
    left_spans: list[Span]
    right_spans: list[Span]


@dataclass(frozen=True)
class Collapsed:
    """A folded run of equal rows; templates test ``item.kind == "collapsed"``."""

    count: int
    rows: list[Row]
    kind: str = "collapsed"


@dataclass(frozen=True)
class Diff:
    rows: list[Row]
    changes: int

    @property
    def is_identical(self) -> bool:
        return self.changes == 0

    @property
    def change_indexes(self) -> set[int]:
        return {row.index for row in self.rows if row.kind != "equal"}


# --- paragraphs ------------------------------------------------------------

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_LINE_END = re.compile(r"\r*\n\Z|\r+\Z")  # so no paragraph ends in \r


@dataclass(frozen=True)
class _Layout:
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


def _layout(text: str) -> _Layout:
    if not text.strip():
        return _Layout("", [text] if text else [], [], "")
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
    return _Layout(gaps[0], bodies, gaps[1:-1], gaps[-1])


def _close(lines: list[str], bodies: list[str], gap: list[str]) -> None:
    """The final line break of a paragraph belongs to the gap after it."""
    joined = "".join(lines)
    end = _LINE_END.search(joined)
    cut = end.start() if end else len(joined)
    bodies.append(joined[:cut])
    gap.append(joined[cut:])


def paragraphs(text: str) -> list[str]:
    """Paragraph texts, exact, without the blank lines between them.

    >>> paragraphs("One\\nline two.\\n\\n\\n  Indented.\\n")
    ['One\\nline two.', '  Indented.']
    """
    return _layout(text).bodies


# --- words -----------------------------------------------------------------

_W = r"[\w\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f\u200c\u200d]"
_TOKEN = re.compile(
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


def tokens(paragraph: str) -> list[str]:
    """Words and marks, each with the whitespace after it; they join back exactly.

    >>> tokens("Rules—they don't, see https://x.org/a-b.")
    ['Rules', '—', 'they ', "don't", ', ', 'see ', 'https://x.org/a-b', '.']
    """
    return _TOKEN.findall(paragraph)


def word_spans(a: str, b: str) -> tuple[list[Span], list[Span]]:
    """Word-level spans of two versions of a paragraph: (left, right).

    Left holds "equal" and "delete" spans, right "equal" and "insert" spans.

    >>> left, right = word_spans("a quick fox", "a slow fox")
    >>> [(s.kind, s.text) for s in left]
    [('equal', 'a '), ('delete', 'quick'), ('equal', ' fox')]
    """
    if a == b:
        return _whole("equal", a), _whole("equal", b)
    ta, tb = tokens(a), tokens(b)
    ka, kb = [t.rstrip() for t in ta], [t.rstrip() for t in tb]
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in _opcodes(ka, kb, ta):
        left_text, right_text = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        if tag == "equal":
            left.append(("equal", left_text))
            right.append(("equal", right_text))
        else:
            left.append(("delete", left_text))
            right.append(("insert", right_text))
    return _tidy(left), _tidy(right)


def _whole(kind: str, text: str | None) -> list[Span]:
    return [Span(kind, text)] if text else []


def _opcodes(ka: list[str], kb: list[str], ta: list[str]) -> list[list[int | str]]:
    """Equal/change runs; an equal run of bare punctuation between two changes
    is folded into them, so "a, b" -> "c; d" is one change, not three."""
    ops: list[list] = []
    i = j = 0
    for bi, bj, size in _matching_blocks(ka, kb):
        if i < bi or j < bj:
            ops.append(["change", i, bi, j, bj])
        if size:
            ops.append(["equal", bi, bi + size, bj, bj + size])
        i, j = bi + size, bj + size
    merged: list[list] = []
    for k, op in enumerate(ops):
        bare = (
            op[0] == "equal"
            and 0 < k < len(ops) - 1
            and not _HAS_WORD.search("".join(ta[op[1] : op[2]]))
        )
        if (bare or op[0] == "change") and merged and merged[-1][0] == "change":
            merged[-1][2], merged[-1][4] = op[2], op[4]
        elif bare:
            merged.append(["change", *op[1:]])
        else:
            merged.append(op)
    return merged


def _tidy(parts: list[tuple[str, str]]) -> list[Span]:
    """Drop empty parts, move a highlight's trailing whitespace out of it, merge."""
    spans: list[Span] = []
    for kind, text in parts:
        pieces = [(kind, text)]
        word = text.rstrip()
        if kind != "equal" and word and word != text:
            pieces = [(kind, word), ("equal", text[len(word) :])]
        for piece_kind, piece in pieces:
            if not piece:
                continue
            if spans and spans[-1].kind == piece_kind:
                spans[-1] = Span(piece_kind, spans[-1].text + piece)
            else:
                spans.append(Span(piece_kind, piece))
    return spans


# --- sequence matching -----------------------------------------------------


def _matching_blocks(a: list, b: list) -> list[tuple[int, int, int]]:
    """Like SequenceMatcher.get_matching_blocks(), but never quadratic on big
    inputs: big slices are split at items unique on both sides (patience diff);
    a big slice with no such item is left unmatched (one change)."""
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
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            found.extend(
                (alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n
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
    a: list, b: list, alo: int, ahi: int, blo: int, bhi: int
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


# --- paragraph alignment ---------------------------------------------------


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


def diff_texts(a: str, b: str) -> Diff:
    """Rows for showing A and B side by side; see the module docstring."""
    la, lb = _layout(a), _layout(b)
    pa, pb = la.bodies, lb.bodies
    blocks = _matching_blocks(pa, pb)

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

    return _rows(la, lb, equal, changed, moved)


def _rows(
    la: _Layout,
    lb: _Layout,
    equal: dict[int, int],
    changed: dict[int, int],
    moved: dict[int, int],
) -> Diff:
    pa, pb = la.bodies, lb.bodies
    pairs = sorted([*equal.items(), *changed.items()])
    moved_b = {y: x for x, y in moved.items()}
    plan: list[tuple[str, int | None, int | None]] = []
    x = y = 0
    for pair_x, pair_y in [*pairs, (len(pa), len(pb))]:
        plan.extend(("delete", k, None) for k in range(x, pair_x) if k not in moved)
        for k in range(y, pair_y):
            plan.append(
                ("moved", moved_b[k], k) if k in moved_b else ("insert", None, k)
            )
        if pair_x < len(pa):
            plan.append(("equal" if pair_x in equal else "changed", pair_x, pair_y))
        x, y = pair_x + 1, pair_y + 1

    both = {(i, j) for _, i, j in plan if i is not None and j is not None}
    rows: list[Row] = []
    for index, (kind, i, j) in enumerate(plan):
        if kind == "equal" and _layout_differs(la, lb, i, j, both):
            kind = "changed"
        left = pa[i] if i is not None else None
        right = pb[j] if j is not None else None
        if kind in {"changed", "moved"}:
            left_spans, right_spans = word_spans(left, right)
        else:
            side = {"equal": "equal", "insert": "insert", "delete": "delete"}[kind]
            left_spans, right_spans = _whole(side, left), _whole(side, right)
        rows.append(
            Row(
                index,
                kind,
                left,
                right,
                None if i is None else i + 1,
                None if j is None else j + 1,
                left_spans,
                right_spans,
            )
        )
    return Diff(rows, sum(row.kind != "equal" for row in rows))


def _layout_differs(
    la: _Layout, lb: _Layout, i: int, j: int, both: set[tuple[int, int]]
) -> bool:
    """Whitespace around a paragraph equal on both sides that apply_changes
    would have to choose between (it is then a change, see _gap)."""
    if i == 0 and j == 0 and la.head != lb.head:
        return True
    if i == len(la.bodies) - 1 and j == len(lb.bodies) - 1:
        return la.tail != lb.tail
    return (i + 1, j + 1) in both and la.seps[i] != lb.seps[j]


# --- applying changes ------------------------------------------------------


def apply_changes(a: str, b: str, diff: Diff, take: set[int]) -> str:
    """A with B's version of the rows in `take` (indexes of diff.rows).

    changed -> B's paragraph, insert -> B's paragraph added at its place,
    delete -> A's paragraph dropped, moved -> the paragraph (B's text) at B's
    place. take=diff.change_indexes gives exactly b, take=set() exactly a.
    Blank lines come from the side a paragraph and its neighbour sit next to
    each other in; "\\n\\n" when they were neighbours in neither.
    """
    la, lb = _layout(a), _layout(b)
    rows = diff.rows
    unknown = set(take) - set(range(len(rows)))
    if unknown:
        raise ValueError(f"no rows with index {sorted(unknown)}")
    for row in rows:
        if (row.left_no and la.bodies[row.left_no - 1 : row.left_no] != [row.left]) or (
            row.right_no and lb.bodies[row.right_no - 1 : row.right_no] != [row.right]
        ):
            raise ValueError("the diff was made from other texts")

    # An untaken move stays at A's place: after the last row before it in A.
    placed: list[tuple[int, int]] = []  # (left_no, row position), rows in A order
    for pos, row in enumerate(rows):
        if row.left_no and row.kind != "moved":
            placed.append((row.left_no, pos))
    stays: defaultdict[int, list[Row]] = defaultdict(list)
    for row in rows:
        if row.kind == "moved" and row.index not in take:
            k = bisect_left(placed, (row.left_no, -1))
            stays[placed[k - 1][1] if k else -1].append(row)

    items: list[tuple[Row, bool]] = []  # (row, uses B's text)
    items.extend((row, False) for row in sorted(stays[-1], key=lambda r: r.left_no))
    for pos, row in enumerate(rows):
        taken = row.index in take
        if (
            row.kind in {"equal", "changed"}
            or (taken and row.kind in {"insert", "moved"})
            or (not taken and row.kind == "delete")
        ):
            items.append((row, taken))
        items.extend((r, False) for r in sorted(stays[pos], key=lambda r: r.left_no))
    if not items:
        return ""

    default = (lb.seps or la.seps or ["\n\n"])[0]
    parts = [_edge(items[0][0], take, la, lb, first=True)]
    for (x, x_uses_b), (y, _) in zip(items, items[1:], strict=False):
        parts.append(x.right if x_uses_b else x.left)
        parts.append(_gap(x, x_uses_b, y, take, la, lb, default))
    last, last_uses_b = items[-1]
    parts.append(last.right if last_uses_b else last.left)
    parts.append(_edge(last, take, la, lb, first=False))
    return "".join(parts)


def _positions(row: Row) -> tuple[int | None, int | None]:
    return row.left_no, row.right_no


def _gap(
    x: Row,
    x_uses_b: bool,
    y: Row,
    take: set[int],
    la: _Layout,
    lb: _Layout,
    default: str,
) -> str:
    xa, xb = _positions(x)
    ya, yb = _positions(y)
    next_in_a = xa is not None and ya == xa + 1
    next_in_b = xb is not None and yb == xb + 1
    if next_in_a and next_in_b:
        return lb.seps[xb - 1] if x.index in take else la.seps[xa - 1]
    if next_in_b:
        return lb.seps[xb - 1]
    if next_in_a:
        return la.seps[xa - 1]
    if x_uses_b and xb is not None and xb < len(lb.bodies):
        return lb.seps[xb - 1]
    if xa is not None and xa < len(la.bodies):
        return la.seps[xa - 1]
    if xb is not None and xb < len(lb.bodies):
        return lb.seps[xb - 1]
    return default


def _edge(row: Row, take: set[int], la: _Layout, lb: _Layout, *, first: bool) -> str:
    """Whitespace before the first paragraph (first=True) or after the last."""
    xa, xb = _positions(row)
    edge_a = xa is not None and xa == (1 if first else len(la.bodies))
    edge_b = xb is not None and xb == (1 if first else len(lb.bodies))
    # At neither edge (only in a partial take) A's: we start from A.
    use_b = row.index in take if edge_a and edge_b else edge_b
    layout = lb if use_b else la
    return layout.head if first else layout.tail


# --- display ---------------------------------------------------------------


def collapse(rows: list[Row], context: int = 1) -> list[Row | Collapsed]:
    """Fold runs of equal rows, keeping `context` rows next to each change.

    A run between two changes folds when it is longer than 2 * context + 1; at
    the start or end of the text only the side next to a change keeps context.
    Folding happens only when it hides at least two rows.
    """
    if context < 0:
        raise ValueError("context must be >= 0")
    out: list[Row | Collapsed] = []
    run: list[Row] = []
    for pos, row in enumerate([*rows, None]):
        if row is not None and row.kind == "equal":
            run.append(row)
            continue
        if run:
            keep_head = context if pos - len(run) > 0 else 0
            keep_tail = context if row is not None else 0
            hidden = len(run) - keep_head - keep_tail
            if hidden >= 2:
                out.extend(run[:keep_head])
                out.append(Collapsed(hidden, run[keep_head : keep_head + hidden]))
                out.extend(run[keep_head + hidden :])
            else:
                out.extend(run)
            run = []
        if row is not None:
            out.append(row)
    return out
