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

How it works:

    1. Paragraph alignment: common prefix/suffix trimmed, then
       difflib.SequenceMatcher(autojunk=False) on whole paragraphs when the
       slice is small, otherwise patience-style anchors (paragraphs unique on
       both sides, longest increasing run) splitting it into small slices.
    2. Unmatched paragraphs: exact text elsewhere -> "moved"; near-same
       elsewhere (beats any candidate in place) -> "moved"; otherwise paired in
       place by word similarity (best monotone pairing near each region's
       diagonal) -> "changed"; the rest are "delete" / "insert".
    3. Words: the same matcher on the tokens of each paired paragraph only.

It stays linear in the text and finds moves, on the standard library alone.
Whole-text difflib on words is quadratic; difflib on paragraphs then words
pairs replaced paragraphs by position and knows no moves, so it marks far
more words; diff-match-patch has no notion of paragraphs or moves.
`bench/diff_engines.py` measures them against this one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from posts.textkit.align import CHANGE_THRESHOLD as CHANGE_THRESHOLD
from posts.textkit.align import MOVE_THRESHOLD as MOVE_THRESHOLD
from posts.textkit.align import align_paragraphs, similarity
from posts.textkit.layout import Layout, edge_of, gap_between, split_layout
from posts.textkit.role_align import align_by_role
from posts.textkit.words import Codebook, Words, tokenize, word_opcodes

# The parts live next door: layout.py (paragraphs and the whitespace around
# them), words.py (tokens, word runs), matching.py (linear SequenceMatcher),
# align.py (paragraph pairing and moves). This module is the public face.


class Span(NamedTuple):
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


# --- paragraphs and words --------------------------------------------------


def paragraphs(text: str) -> list[str]:
    """Paragraph texts, exact, without the blank lines between them.

    >>> paragraphs("One\\nline two.\\n\\n\\n  Indented.\\n")
    ['One\\nline two.', '  Indented.']
    """
    return split_layout(text).bodies


def tokens(paragraph: str) -> list[str]:
    """Words and marks, each with the whitespace after it; they join back exactly.

    >>> tokens("Rules—they don't, see https://x.org/a-b.")
    ['Rules', '—', 'they ', "don't", ', ', 'see ', 'https://x.org/a-b', '.']
    """
    return tokenize(paragraph)


def word_spans(a: str, b: str) -> tuple[list[Span], list[Span]]:
    """Word-level spans of two versions of a paragraph: (left, right).

    Left holds "equal" and "delete" spans, right "equal" and "insert" spans.

    >>> left, right = word_spans("a quick fox", "a slow fox")
    >>> [(s.kind, s.text) for s in left]
    [('equal', 'a '), ('delete', 'quick'), ('equal', ' fox')]
    """
    book = Codebook()
    return _word_spans(Words([a], book), Words([b], book), 0, 0)


def _word_spans(wa: Words, wb: Words, i: int, j: int) -> tuple[list[Span], list[Span]]:
    """word_spans of paragraph i of A and paragraph j of B."""
    a, b = wa.paragraph(i), wb.paragraph(j)
    if a == b:
        return _whole("equal", a), _whole("equal", b)
    ops = word_opcodes(wa, wb, i, j)
    left = _side_spans(
        wa.tokens(i), [(tag, i1, i2) for tag, i1, i2, _, _ in ops], "delete"
    )
    right = _side_spans(
        wb.tokens(j), [(tag, j1, j2) for tag, _, _, j1, j2 in ops], "insert"
    )
    return left, right


def _side_spans(
    tokens: list[str], runs: list[tuple[str, int, int]], kind: str
) -> list[Span]:
    """One side's spans from its runs of tokens: the whitespace after a
    highlight moves out of it, into the equal text that follows."""
    spans: list[Span] = []
    equal = ""  # equal text not yet written out
    for tag, start, end in runs:
        if start == end:
            continue
        text = "".join(tokens[start:end])
        if tag == "equal":
            equal += text
            continue
        word = text.rstrip() or text  # a change of whitespace alone stays marked
        if equal:
            spans.append(Span("equal", equal))
        spans.append(Span(kind, word))
        equal = text[len(word) :]
    if equal:
        spans.append(Span("equal", equal))
    return spans


def _whole(kind: str, text: str | None) -> list[Span]:
    return [Span(kind, text)] if text else []


# --- rows ------------------------------------------------------------------


def diff_texts(a: str, b: str) -> Diff:
    """Rows for showing A and B side by side; see the module docstring."""
    la, lb = split_layout(a), split_layout(b)
    book = Codebook()
    wa, wb = Words(la.bodies, book), Words(lb.bodies, book)
    equal, changed, moved = align_paragraphs(la.bodies, lb.bodies, wa, wb)
    return _rows(la, lb, wa, wb, equal, changed, moved)


def diff_siblings(a: str, b: str) -> Diff:
    """Rows for two sibling drafts of one part: aligned by role (posts.textkit.role_align).

    Drafts that are one text edited (at least half of the shorter one's
    paragraphs are the same or nearly, as a move would need) are aligned as
    revisions are, moves and all.

    Pairs too different for word highlights to help keep their text whole on
    both sides, shown side by side as they are; apply_changes works as for
    diff_texts.
    """
    la, lb = split_layout(a), split_layout(b)
    book = Codebook()
    wa, wb = Words(la.bodies, book), Words(lb.bodies, book)
    equal, changed, moved = align_paragraphs(la.bodies, lb.bodies, wa, wb)
    shorter = min(len(la.bodies), len(lb.bodies))
    close = sum(
        similarity(wa.bag(i), wb.bag(j)) >= MOVE_THRESHOLD for i, j in changed.items()
    )
    if 2 * (len(equal) + len(moved) + close) >= shorter:
        # One text, edited: aligned as revisions are.
        return _rows(la, lb, wa, wb, equal, changed, moved)
    equal, changed, moved, plain = align_by_role(la.bodies, lb.bodies, wa, wb)
    return _rows(la, lb, wa, wb, equal, changed, moved, plain)


def _rows(
    la: Layout,
    lb: Layout,
    wa: Words,
    wb: Words,
    equal: dict[int, int],
    changed: dict[int, int],
    moved: dict[int, int],
    plain: set[int] | None = None,
) -> Diff:
    """`plain`: A indexes of changed pairs shown whole, without word highlights."""
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
        left = pa[i] if i is not None else None
        right = pb[j] if j is not None else None
        if kind == "equal":
            assert i is not None and j is not None  # a pair of paragraphs
            if _layout_differs(la, lb, i, j, both):
                kind = "changed"
        if kind == "changed" and plain and i in plain:
            left_spans, right_spans = _whole("equal", left), _whole("equal", right)
        elif kind in {"changed", "moved"}:
            assert i is not None and j is not None  # a pair of paragraphs
            left_spans, right_spans = _word_spans(wa, wb, i, j)
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
    la: Layout, lb: Layout, i: int, j: int, both: set[tuple[int, int]]
) -> bool:
    """Whitespace around a paragraph equal on both sides that apply_changes
    would have to choose between (it is then a change, see gap_between)."""
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
    la, lb = split_layout(a), split_layout(b)
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
    items.extend((row, False) for row in sorted(stays[-1], key=_a_place))
    for pos, row in enumerate(rows):
        taken = row.index in take
        if (
            row.kind in {"equal", "changed"}
            or (taken and row.kind in {"insert", "moved"})
            or (not taken and row.kind == "delete")
        ):
            items.append((row, taken))
        items.extend((r, False) for r in sorted(stays[pos], key=_a_place))
    if not items:
        return ""

    default = (lb.seps or la.seps or ["\n\n"])[0]
    parts = [edge_of(items[0][0], take, la, lb, first=True)]
    for (x, x_uses_b), (y, _) in zip(items, items[1:], strict=False):
        parts.append(_side_text(x, x_uses_b))
        parts.append(gap_between(x, x_uses_b, y, take, la, lb, default))
    last, last_uses_b = items[-1]
    parts.append(_side_text(last, last_uses_b))
    parts.append(edge_of(last, take, la, lb, first=False))
    return "".join(parts)


def _a_place(row: Row) -> int:
    """Where a moved row sat in A (moved rows always have a left side)."""
    assert row.left_no is not None
    return row.left_no


def _side_text(row: Row, uses_b: bool) -> str:
    """The row's text from B or A; items only use a side that the row has."""
    text = row.right if uses_b else row.left
    assert text is not None
    return text


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
