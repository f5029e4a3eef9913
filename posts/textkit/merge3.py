"""Three-way merge of prose: two edits of one base text, combined.

Pure Python (no Django). "mine" and "theirs" are two texts edited from the same
"base"; the merge keeps every change of both where they do not overlap:

    >>> base = "Intro.\\n\\nWe keep rules.\\n\\nThe end.\\n"
    >>> mine = "Intro, rewritten.\\n\\nWe keep rules.\\n\\nThe end.\\n"
    >>> theirs = "Intro.\\n\\nWe keep rules.\\n\\nThe real end.\\n"
    >>> merge3(base, mine, theirs).text
    'Intro, rewritten.\\n\\nWe keep rules.\\n\\nThe real end.\\n'
    >>> merge3(base, base.replace("keep", "bend"), base.replace("rules", "laws")).text
    'Intro.\\n\\nWe bend laws.\\n\\nThe end.\\n'
    >>> m = merge3(base, base.replace("rules", "laws"), base.replace("rules", "norms"))
    >>> m.clean, [(r.base, r.mine, r.theirs) for r in m.conflicts]
    (False, [('We keep rules.\\n\\n', 'We keep laws.\\n\\n', 'We keep norms.\\n\\n')])
    >>> m.resolve(["mine-after-theirs"])
    'Intro.\\n\\nWe keep norms.\\n\\nWe keep laws.\\n\\nThe end.\\n'

How: each text is cut into units (the whitespace before the first paragraph,
then each paragraph with the blank lines after it), so joining the units gives
the text back byte for byte. Paragraphs of base are paired with each side's by
posts.textkit.align (the diff's alignment, moves left out: a moved paragraph is
a deletion plus an insertion). Each side's edit becomes hunks: a base range and
what replaced it. Hunks of the two sides that overlap form one group; a group
touched by one side only takes that side, a group where both sides wrote the
same takes it once, a paragraph both sides edited is merged again word by word
(posts.textkit.words tokens, whitespace kept), and whatever is left is a
conflict region holding base, mine and theirs. Hunks that only touch (an edit
of paragraph 2 and an edit of paragraph 3) do not overlap. Alignment is the
diff's, linear in the text size; the word merge runs only inside paragraphs
both sides changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from posts.textkit.align import align_paragraphs
from posts.textkit.layout import split_layout
from posts.textkit.matching import matching_blocks
from posts.textkit.words import tokenize

CHOICES = ("theirs", "mine", "mine-after-theirs", "theirs-after-mine")


@dataclass(frozen=True)
class Region:
    """A stretch of the merged text.

    kind "same": neither side changed it; "mine" / "theirs": one side's change;
    "both": both changed one paragraph in different words, merged word by word,
    or made the same change; "conflict": both changed the same words (text is
    empty; base, mine and theirs hold the three versions).
    paragraph: the 1-based paragraph of the merged text it starts at (with
    conflicts counted as theirs).
    """

    kind: str
    text: str
    paragraph: int
    base: str = ""
    mine: str = ""
    theirs: str = ""

    @property
    def changed(self) -> bool:
        return self.kind != "same"


@dataclass(frozen=True)
class Merge:
    regions: list[Region]

    @property
    def clean(self) -> bool:
        return not self.conflicts

    @property
    def conflicts(self) -> list[Region]:
        return [r for r in self.regions if r.kind == "conflict"]

    @property
    def changes(self) -> list[Region]:
        """The changes applied without asking: every region but "same" and conflicts."""
        return [r for r in self.regions if r.kind not in ("same", "conflict")]

    @property
    def text(self) -> str:
        """The merged text; only a clean merge has one."""
        if not self.clean:
            raise ValueError("the merge has conflicts: resolve() them")
        return "".join(r.text for r in self.regions)

    def resolve(self, choices: Sequence[str]) -> str:
        """The text with conflict k replaced by choices[k].

        A choice is one of CHOICES, or any other string: the text itself
        (free editing). One choice per conflict, in order.
        """
        conflicts = self.conflicts
        if len(choices) != len(conflicts):
            raise ValueError(f"{len(conflicts)} conflicts, {len(choices)} choices")
        chosen = iter(choices)
        return "".join(
            resolution(r, next(chosen)) if r.kind == "conflict" else r.text
            for r in self.regions
        )


def resolution(region: Region, choice: str) -> str:
    """One conflict region's text for a choice (see CHOICES); other strings are the text."""
    if choice == "theirs":
        return region.theirs
    if choice == "mine":
        return region.mine
    if choice == "mine-after-theirs":
        return keep_both(region.theirs, region.mine)
    if choice == "theirs-after-mine":
        return keep_both(region.mine, region.theirs)
    return choice


def keep_both(first: str, second: str) -> str:
    """`first` then `second` as separate paragraphs, the trailing whitespace of `second` kept.

    >>> keep_both("One.\\n", "Two.\\n")
    'One.\\n\\nTwo.\\n'
    """
    if not first.strip() or not second.strip():
        return first + second
    body = first.rstrip()
    lead = len(second) - len(second.lstrip())
    return body + "\n\n" + second[lead:]


# --- units and hunks -------------------------------------------------------


def units(text: str) -> list[str]:
    """The whitespace before the first paragraph, then each paragraph with the
    whitespace after it; they join back to the text exactly.

    >>> units("\\nOne.\\n\\nTwo.\\n")
    ['\\n', 'One.\\n\\n', 'Two.\\n']
    """
    layout = split_layout(text)
    out = [layout.head]
    last = len(layout.bodies) - 1
    for k, body in enumerate(layout.bodies):
        out.append(body + (layout.seps[k] if k < last else layout.tail))
    return out


@dataclass(frozen=True)
class _Hunk:
    start: int  # base range [start, end)
    end: int
    lo: int  # the side's replacement [lo, hi)
    hi: int
    side: int  # 0 mine, 1 theirs
    paired: bool  # one base unit paired with one side unit (an edit in place)


def _hunks(pairs: list[tuple[int, int]], n: int, m: int, side: int, equal) -> list:
    """Edits of one side, from the monotone pairs (base index, side index)."""
    hunks = []
    pi = pj = -1
    for i, j in [*pairs, (n, m)]:
        if i > pi + 1 or j > pj + 1:
            hunks.append(_Hunk(pi + 1, i, pj + 1, j, side, False))
        if i < n and not equal(i, j):
            hunks.append(_Hunk(i, i + 1, j, j + 1, side, True))
        pi, pj = i, j
    return hunks


def _overlap(x: _Hunk, y: _Hunk) -> bool:
    """Two edits of the base overlap; ranges that only touch do not, and an
    insertion overlaps only an insertion at the same place or a range around it."""
    if x.start == x.end and y.start == y.end:
        return x.start == y.start
    if x.start == x.end:
        return y.start < x.start < y.end
    if y.start == y.end:
        return x.start < y.start < x.end
    return x.start < y.end and y.start < x.end


def _groups(hunks: list[_Hunk]) -> list[list[_Hunk]]:
    """Hunks joined while they overlap (see _overlap), in base order.

    Sorted by (start, end), a ranged hunk overlaps an earlier one exactly when
    it starts before the furthest end of the earlier ranged ones; an insertion
    also overlaps an earlier insertion at its place. So one pass suffices.
    """
    groups: list[list[_Hunk]] = []
    reach = -1  # the furthest end of a ranged hunk in the last group
    points: set[int] = set()  # insertion points in the last group
    for hunk in sorted(hunks, key=lambda h: (h.start, h.end, h.side)):
        empty = hunk.start == hunk.end
        joins = groups and (hunk.start < reach or (empty and hunk.start in points))
        if not joins:
            groups.append([])
            reach, points = -1, set()
        groups[-1].append(hunk)
        if empty:
            points.add(hunk.start)
        else:
            reach = max(reach, hunk.end)
    return groups


def _apply(
    seq: Sequence[str], side: Sequence[str], hunks: list[_Hunk], start: int, end: int
) -> str:
    """base[start:end] with one side's hunks (all inside the range) applied."""
    parts: list[str] = []
    at = start
    for h in sorted(hunks, key=lambda h: (h.start, h.end)):
        parts.extend(seq[at : h.start])
        parts.extend(side[h.lo : h.hi])
        at = h.end
    parts.extend(seq[at:end])
    return "".join(parts)


def _merge_seqs(
    base: Sequence[str],
    mine: Sequence[str],
    theirs: Sequence[str],
    pairs_mine: list[tuple[int, int]],
    pairs_theirs: list[tuple[int, int]],
    inner: Callable[[str, str, str], str | None] | None,
) -> list[tuple[str, str, str, str, str, int]]:
    """(kind, text, base, mine, theirs, base start) pieces in base order."""
    hunks = _hunks(
        pairs_mine, len(base), len(mine), 0, lambda i, j: base[i] == mine[j]
    ) + _hunks(
        pairs_theirs, len(base), len(theirs), 1, lambda i, j: base[i] == theirs[j]
    )
    out: list[tuple[str, str, str, str, str, int]] = []
    at = 0
    for group in _groups(hunks):
        start = min(h.start for h in group)
        end = max(h.end for h in group)
        if at < start:
            same = "".join(base[at:start])
            out.append(("same", same, same, same, same, at))
        mine_hunks = [h for h in group if h.side == 0]
        their_hunks = [h for h in group if h.side == 1]
        was = "".join(base[start:end])
        m = _apply(base, mine, mine_hunks, start, end)
        t = _apply(base, theirs, their_hunks, start, end)
        if not their_hunks:
            out.append(("mine", m, was, m, t, start))
        elif not mine_hunks:
            out.append(("theirs", t, was, m, t, start))
        elif m == t:
            out.append(("both", m, was, m, t, start))
        else:
            merged = None
            if (
                inner is not None
                and len(group) == 2
                and all(h.paired for h in group)
                and end - start == 1
            ):
                merged = inner(was, m, t)
            if merged is None:
                out.append(("conflict", "", was, m, t, start))
            else:
                out.append(("both", merged, was, m, t, start))
        at = end
    if at < len(base):
        same = "".join(base[at:])
        out.append(("same", same, same, same, same, at))
    return out


# --- words -----------------------------------------------------------------


def _pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    return [
        (i + k, j + k)
        for i, j, n in matching_blocks(list(a), list(b))
        for k in range(n)
    ]


def merge_words(base: str, mine: str, theirs: str) -> str | None:
    """One paragraph edited on both sides, merged token by token; None when
    both sides changed the same words.

    >>> merge_words("a quick brown fox", "a slow brown fox", "a quick brown cat")
    'a slow brown cat'
    >>> merge_words("a quick fox", "a slow fox", "a fast fox") is None
    True
    """
    tb, tm, tt = tokenize(base), tokenize(mine), tokenize(theirs)
    if "".join(tb) != base or "".join(tm) != mine or "".join(tt) != theirs:
        return None  # not expected: the tokens always cover the text
    pieces = _merge_seqs(tb, tm, tt, _pairs(tb, tm), _pairs(tb, tt), None)
    if any(kind == "conflict" for kind, *_ in pieces):
        return None
    return "".join(text for _, text, *_ in pieces)


# --- paragraphs ------------------------------------------------------------


def _unit_pairs(base_text: str, side_text: str) -> list[tuple[int, int]]:
    """Monotone (base unit, side unit) pairs: the head always, then the
    paragraphs the diff calls equal or changed in place."""
    pa, pb = split_layout(base_text).bodies, split_layout(side_text).bodies
    equal, changed, _moved = align_paragraphs(pa, pb)
    pairs = sorted([*equal.items(), *changed.items()])
    return [(0, 0), *((i + 1, j + 1) for i, j in pairs)]


def merge3(base: str, mine: str, theirs: str) -> Merge:
    """Merge two edits of `base`; see the module docstring.

    merge3(b, b, t).text == t, merge3(b, m, b).text == m, merge3(b, a, a).text == a.
    """
    ub, um, ut = units(base), units(mine), units(theirs)
    pieces = _merge_seqs(
        ub, um, ut, _unit_pairs(base, mine), _unit_pairs(base, theirs), merge_words
    )
    regions: list[Region] = []
    paragraph = 0  # paragraphs of the merged text so far (conflicts as theirs)
    for kind, text, was, m, t, _start in pieces:
        if kind == "same" and regions and regions[-1].kind == "same":
            last = regions.pop()
            regions.append(
                Region("same", last.text + text, last.paragraph, last.base + was)
            )
        else:
            regions.append(
                Region(
                    kind,
                    text,
                    max(1, paragraph + _lead(text if kind != "conflict" else t)),
                    was,
                    m,
                    t,
                )
            )
        paragraph += len(split_layout(text if kind != "conflict" else t).bodies)
    return Merge([r for r in regions if r.text or r.kind != "same"])


def _lead(text: str) -> int:
    """1 when the text starts with a paragraph (not with the whitespace before one)."""
    return 1 if text[:1].strip() else 0
