"""Words for the prose diff: tokenizing a paragraph, and the word-level runs
of equal and changed tokens between two versions of it.

Pure Python (no Django); posts.textkit.diff turns the runs into spans.

The runs come from fast-diff-match-patch (Myers' diff in C++) on the words
written as characters: each distinct word (without the whitespace after it)
gets one character from a Codebook shared by both texts, so a paragraph of
n words is a string of n characters and the diff can never cut a word.

    >>> book = Codebook()
    >>> a, b = Words(["a quick fox"], book), Words(["a slow fox"], book)
    >>> word_opcodes(a, b, 0, 0)
    [('equal', 0, 1, 0, 1), ('change', 1, 2, 1, 2), ('equal', 2, 3, 2, 3)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter

import fast_diff_match_patch

from posts.textkit.matching import matching_blocks

_W = r"[\w\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f\u200c\u200d]"
_LINK = r"""(?:[A-Za-z][A-Za-z0-9+.-]*+://|www\.|mailto:)[^\s<>"]*[^\s<>"'.,;:!?)\]}]"""
_NOT_LINK = rf"""
      [#@]?{_W}++(?:['’\-.,:/@&+]{_W}++)*
    | [^\w\s](?:[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]|\u200d[^\w\s])*
"""
TOKEN = re.compile(rf"(?: {_LINK} | {_NOT_LINK} )\s* | \s+", re.VERBOSE)
# TOKEN without its first branch, for text that holds none of what a link
# starts with: the same tokens, without trying every word as a link first
# (a third of the tokenizing of a long text).
_TOKEN_NO_LINK = re.compile(rf"(?: {_NOT_LINK} )\s* | \s+", re.VERBOSE)
_LINK_STARTS = ("://", "www.", "mailto:")


def tokenize(text: str) -> list[str]:
    """TOKEN.findall(text): the tokens, each with the whitespace after it."""
    if any(start in text for start in _LINK_STARTS):
        return TOKEN.findall(text)
    return _TOKEN_NO_LINK.findall(text)


_HAS_WORD = re.compile(r"\w")

# Words diffed directly when len(a) * len(b) is at most this; bigger pairs are
# first split at words unique on both sides (matching_blocks), so that Myers'
# O(n * d) never meets two long, much reordered paragraphs.
_DIRECT = 250_000

# Characters a Codebook hands out: from U+0100 on, surrogates skipped.
_FIRST_CODE = 0x100
_SURROGATES = range(0xD800, 0xE000)
_CODES = 0x110000 - _FIRST_CODE - len(_SURROGATES)


_NO_WORD = frozenset([""])

Opcode = tuple[str, int, int, int, int]  # (tag, i1, i2, j1, j2) as in difflib


class Codebook:
    """One character per distinct word, shared by the two texts of a diff.

    A word is a token without the whitespace after it, so "fox " and "fox\n"
    get the same character. The book also knows which characters are marks
    (punctuation, whitespace), and each token's bag word: its word
    lower-cased, "" for a mark (see Words.bag).
    """

    def __init__(self) -> None:
        self._by_token: dict[str, str] = {}
        self._bag_of: dict[str, str] = {}  # token -> its bag word
        self._by_word: dict[str, str] = {}
        self._fold: dict[str, str] = {}  # word -> its bag word
        self._marks: set[str] = set()
        self._bits: dict[str, int] = {}  # bag word -> its bit (see bits())
        self._next = _FIRST_CODE  # the next character handed out

    def encode(self, tokens: list[str]) -> tuple[str, frozenset[str], int] | None:
        """(the tokens as characters, their bag of words, the bag as bits); None
        once more words were seen than there are characters (over a million
        distinct words: never in a real text)."""
        by_token, bag_of = self._by_token, self._bag_of
        distinct = dict.fromkeys(tokens)
        new = [t for t in distinct if t not in by_token]
        if new and not self._learn(new):
            return None
        # itemgetter looks all tokens up in one call (one token: no tuple).
        codes = (
            "".join(itemgetter(*tokens)(by_token))
            if len(tokens) > 1
            else "".join(map(by_token.__getitem__, tokens))
        )
        bag = frozenset(map(bag_of.__getitem__, distinct))
        if "" in bag:
            bag -= _NO_WORD
        return codes, bag, sum(map(self._bits.__getitem__, bag))

    def _learn(self, new: list[str]) -> bool:
        """Characters and bag words of tokens not seen before; False once the
        characters ran out."""
        by_token, bag_of, by_word, fold, marks, bits = (
            self._by_token,
            self._bag_of,
            self._by_word,
            self._fold,
            self._marks,
            self._bits,
        )
        for token in new:
            word = token.rstrip()
            code = by_word.get(word)
            if code is None:
                n = self._next
                if n == _SURROGATES.start:
                    n = _SURROGATES.stop
                if n >= 0x110000 or len(by_word) >= _CODES:
                    return False
                self._next = n + 1
                code = by_word[word] = chr(n)
                # A letter or digit first is a word (str.isalnum implies \w): no regex.
                if word[:1].isalnum() or _HAS_WORD.search(word):
                    folded = fold[word] = word.lower()
                    if folded not in bits:
                        bits[folded] = 1 << len(bits)
                else:
                    folded = fold[word] = ""
                    marks.add(code)
            else:
                folded = fold[word]
            by_token[token] = code
            bag_of[token] = folded
        return True

    def only_marks(self, codes: str) -> bool:
        """Whether every one of codes is punctuation (or whitespace)."""
        return self._marks.issuperset(codes)

    def bits(self, bag: frozenset[str]) -> int:
        """A bag as an int with one bit per word (bits numbered in the order
        words were first seen): the Dice similarity of two bags is then an
        AND and two bit counts, not a set intersection."""
        found = self._bits
        for word in bag - found.keys():
            found[word] = 1 << len(found)
        return sum(map(found.__getitem__, bag))


class Words:
    """The tokens of each paragraph of one text, worked out when first asked."""

    def __init__(self, paragraphs: Sequence[str], book: Codebook) -> None:
        self._paragraphs = paragraphs
        self._book = book
        self._tokens: dict[int, list[str]] = {}
        self._encoded: dict[int, tuple[str, frozenset[str], int] | None] = {}

    @property
    def book(self) -> Codebook:
        return self._book

    def paragraph(self, k: int) -> str:
        return self._paragraphs[k]

    def tokens(self, k: int) -> list[str]:
        """Paragraph k's tokens, each with the whitespace after it."""
        found = self._tokens.get(k)
        if found is None:
            found = self._tokens[k] = tokenize(self._paragraphs[k])
        return found

    def keys(self, k: int) -> list[str]:
        """The tokens without their whitespace: what is compared."""
        return [t.rstrip() for t in self.tokens(k)]

    def _encode(self, k: int) -> tuple[str, frozenset[str], int] | None:
        if k not in self._encoded:
            self._encoded[k] = self._book.encode(self.tokens(k))
        return self._encoded[k]

    def codes(self, k: int) -> str | None:
        """The words of paragraph k as characters of the shared Codebook."""
        encoded = self._encode(k)
        return encoded[0] if encoded else None

    def only_marks(self, k: int, start: int, end: int) -> bool:
        """Whether tokens start:end of paragraph k hold no word at all."""
        codes = self.codes(k)
        if codes is None:
            return not _HAS_WORD.search("".join(self.tokens(k)[start:end]))
        return self._book.only_marks(codes[start:end])

    def bag(self, k: int) -> frozenset[str]:
        """The paragraph's distinct words, lower-cased, without punctuation:
        what the paragraph alignment compares."""
        encoded = self._encode(k)
        if encoded is None:  # the Codebook ran out: the words themselves
            return frozenset(w.lower() for w in self.keys(k) if _HAS_WORD.search(w))
        return encoded[1]

    def bits(self, k: int) -> int:
        """bag(k) as bits of the shared Codebook (Codebook.bits)."""
        encoded = self._encode(k)
        if encoded is None:  # the Codebook ran out
            return self._book.bits(self.bag(k))
        return encoded[2]


def word_blocks(a: Words, b: Words, i: int, j: int) -> list[tuple[int, int, int]]:
    """Matching runs (x, y, n) of the words of paragraph i of A and paragraph j
    of B, ending with (len(a), len(b), 0) as difflib's get_matching_blocks()."""
    ca, cb = a.codes(i), b.codes(j)
    if ca is None or cb is None:  # the Codebook ran out: the slower matcher
        return matching_blocks(a.keys(i), b.keys(j))
    if len(ca) * len(cb) <= _DIRECT:
        return [*_myers_blocks(ca, cb), (len(ca), len(cb), 0)]
    return matching_blocks(ca, cb, small=_myers_blocks)


def _myers_blocks(a: Sequence, b: Sequence) -> list[tuple[int, int, int]]:
    assert isinstance(a, str) and isinstance(b, str)  # codes from a Codebook
    blocks = []
    i = j = 0
    for op, n in fast_diff_match_patch.diff(
        a, b, timelimit=0, checklines=False, cleanup="No", counts_only=True
    ):
        if op == "=":
            blocks.append((i, j, n))
            i, j = i + n, j + n
        elif op == "-":
            i += n
        else:
            j += n
    return blocks


def word_opcodes(a: Words, b: Words, i: int, j: int) -> list[Opcode]:
    """Equal/change runs between paragraph i of A and paragraph j of B; an
    equal run of bare punctuation between two changes is folded into them, so
    "a, b" -> "c; d" is one change, not three."""
    ops: list[Opcode] = []
    x = y = 0
    for bx, by, size in word_blocks(a, b, i, j):
        if x < bx or y < by:
            ops.append(("change", x, bx, y, by))
        if size:
            ops.append(("equal", bx, bx + size, by, by + size))
        x, y = bx + size, by + size
    merged: list[Opcode] = []
    last = len(ops) - 1
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        bare = tag == "equal" and 0 < k < last and a.only_marks(i, i1, i2)
        if (bare or tag == "change") and merged and merged[-1][0] == "change":
            _, m1, _, n1, _ = merged[-1]
            merged[-1] = ("change", m1, i2, n1, j2)
        elif bare:
            merged.append(("change", i1, i2, j1, j2))
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged
