"""Inline Markdown to plain text: one line's links, emphasis, code and escapes.

Pure Python (no Django); used by `posts.textkit.plaintext`, which handles the
lines and blocks and hands each line's text here.

    >>> links = []
    >>> convert_inline("**Read** [the study](https://x.y/z) `a*b`", {}, links)
    'Read the study (https://x.y/z) a*b'
    >>> links
    ['https://x.y/z']

Links become "text (url)", images their alt text, inline code its text,
escaped characters themselves; HTML tags go (``<br>`` becomes a line break) and
entities are decoded. Emphasis is matched within the line given: a star pair
spread over two lines stays. Every pattern here is linear: no nested
quantifiers that can overlap, and bracket/paren classes exclude their own
delimiters, so hostile input (50,000 "[" or "*") costs one pass.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable


def reference_label(text: str) -> str:
    """How a reference label is matched: ``"The  Study"`` -> ``"the study"``."""
    return " ".join(text.lower().split())


# Private-use code points stand in for text that later steps must not touch
# (code, escaped characters, URLs); they are not \w, whitespace or punctuation.
_SLOT_BASE = 0xF0000
_SLOT_COUNT = 0x110000 - _SLOT_BASE
_SLOT = re.compile("[\U000f0000-\U0010ffff]")

_TICKS_OR_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]|`+")
_DEST = (
    r"\([ \t]*<?([^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)"
)
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]" + _DEST)
_IMAGE_REF = re.compile(r"!\[([^\[\]\n]*)\]\[([^\[\]\n]*)\]")
_LINK = re.compile(r"\[([^\[\]\n]*)\]" + _DEST)
_LINK_REF = re.compile(r"\[([^\[\]\n]*)\]\[([^\[\]\n]*)\]")
_LINK_SHORTCUT = re.compile(r"\[([^\[\]\n]+)\](?![(\[:])")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_AUTOLINK_EMAIL = re.compile(r"<([^\s<>@:/]+@[^\s<>@]+)>")
_BARE_URL = re.compile(
    r"(?<![\w/@.\-])(?:https?://|www\.)[^\s<>\"\U000f0000-\U0010ffff]+"
)
_BREAK_TAG = re.compile(r"<br[ \t]*/?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9\-]*(?:[ \t/][^<>\n]*)?>")
_DELIMS = re.compile(r"\*+|_+|~+")
_URL_TRAILING = ".,:;!?\"'*_~"
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.\-]*://|mailto:)?(?:www\.)?")


class _Slots:
    """Placeholders for protected text; one per code point."""

    def __init__(self) -> None:
        self.saved: list[str] = []
        self.link_slots: set[int] = set()

    def put(self, text: str, link: bool = False) -> str:
        if len(self.saved) >= _SLOT_COUNT:  # a line of 1M+ code spans: stop protecting
            return text
        text = self.restore(text)
        if link:
            self.link_slots.add(len(self.saved))
        self.saved.append(text)
        return chr(_SLOT_BASE + len(self.saved) - 1)

    def keep(self, char: str) -> str:
        """Protect one of the writer's own private-use characters, verbatim.

        put() would first restore() it, reading it as one of our slots."""
        if len(self.saved) >= _SLOT_COUNT:
            return char
        self.saved.append(char)
        return chr(_SLOT_BASE + len(self.saved) - 1)

    def restore(self, text: str) -> str:
        if not self.saved:
            return text
        saved = self.saved

        def back(m: re.Match[str]) -> str:
            index = ord(m.group()) - _SLOT_BASE
            # Not one of ours (a writer's character that reached us unprotected,
            # e.g. from a reference definition): leave it as it is.
            return saved[index] if index < len(saved) else m.group()

        return _SLOT.sub(back, text)

    def links_in(self, text: str) -> list[str]:
        return [
            self.saved[i]
            for m in _SLOT.finditer(text)
            if (i := ord(m.group()) - _SLOT_BASE) in self.link_slots
        ]


def convert_inline(text: str, refs: dict[str, str], links: list[str]) -> str:
    """One line's text as plain text; appends the link targets it holds to ``links``."""
    slots = _Slots()
    if _SLOT.search(text):  # the writer's own private-use characters stay as they are
        text = _SLOT.sub(lambda m: slots.keep(m.group()), text)
    text = _code_and_escapes(text, slots.put)
    if "[" in text:
        text = _links(text, refs, slots)
    if "<" in text:
        text = _AUTOLINK.sub(lambda m: slots.put(m.group(1), link=True), text)
        text = _AUTOLINK_EMAIL.sub(lambda m: _email(m, slots), text)
    if "://" in text or "www." in text:
        text = _BARE_URL.sub(lambda m: _bare_url(m.group(), slots), text)
    if "<" in text:
        text = _BREAK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
    text = _emphasis(text)
    if text.endswith("\\"):  # a backslash hard line break
        text = text[:-1]
    if "&" in text:
        text = html.unescape(text)
    links.extend(slots.links_in(text))
    return slots.restore(text)


def _code_and_escapes(text: str, protect: Callable[[str], str]) -> str:
    r"""Code spans and backslash escapes become placeholders.

    A run of n backticks opens a span closed by the next run of exactly n;
    pairing uses a precomputed "next run of the same length": linear.
    """
    if "`" not in text and "\\" not in text:
        return text
    matches = list(_TICKS_OR_ESCAPE.finditer(text))
    runs = [k for k, m in enumerate(matches) if m.group()[0] == "`"]
    next_same: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for r in range(len(runs) - 1, -1, -1):
        size = len(matches[runs[r]].group())
        next_same[r] = seen.get(size)
        seen[size] = r
    closer: dict[int, int] = {}
    r = 0
    while r < len(runs):
        c = next_same[r]
        if c is None:
            r += 1
        else:
            closer[runs[r]] = runs[c]
            r = c + 1

    pieces: list[str] = []
    pos = k = 0
    while k < len(matches):
        m = matches[k]
        if k in closer:
            end = matches[closer[k]]
            code = text[m.end() : end.start()]
            if len(code) >= 2 and code[0] == code[-1] == " " and code.strip():
                code = code[1:-1]
            pieces += [text[pos : m.start()], protect(code)]
            pos, k = end.end(), closer[k] + 1
            continue
        if m.group()[0] == "\\":
            pieces += [text[pos : m.start()], protect(m.group()[1])]
            pos = m.end()
        k += 1
    pieces.append(text[pos:])
    return "".join(pieces)


def _links(text: str, refs: dict[str, str], slots: _Slots) -> str:
    def ref_url(label: str) -> str | None:
        return refs.get(reference_label(slots.restore(label)))

    text = _IMAGE.sub(r"\1", text)
    if refs:
        text = _IMAGE_REF.sub(
            lambda m: m.group(1) if ref_url(m.group(2) or m.group(1)) else m.group(),
            text,
        )
    text = _LINK.sub(lambda m: _link(m.group(1), m.group(2), slots), text)
    if refs:

        def full(m: re.Match[str]) -> str:
            url = ref_url(m.group(2) or m.group(1))
            return m.group() if url is None else _link(m.group(1), url, slots)

        def shortcut(m: re.Match[str]) -> str:
            url = ref_url(m.group(1))
            return m.group() if url is None else _link(m.group(1), url, slots)

        text = _LINK_REF.sub(full, text)
        text = _LINK_SHORTCUT.sub(shortcut, text)
    return text


def _link(text: str, url: str, slots: _Slots) -> str:
    """ "text (url)"; just the url when the text is the url; the text when no url."""
    url = slots.restore(url)
    if not url:
        return text
    shown = slots.restore(text).strip().strip("*_`")
    if not shown or _same_address(shown, url):
        return slots.put(url, link=True)
    return f"{text} ({slots.put(url, link=True)})"


def _same_address(text: str, url: str) -> bool:
    def bare(s: str) -> str:
        return _SCHEME.sub("", s.strip().lower()).rstrip("/")

    return bare(text) == bare(url)


def _email(m: re.Match[str], slots: _Slots) -> str:
    address = m.group(1)
    if "." not in address.rpartition("@")[2]:
        return m.group()
    return slots.put(address, link=True)


def _bare_url(url: str, slots: _Slots) -> str:
    """Protect a URL found in text, leaving off trailing punctuation."""
    opened, closed = url.count("("), url.count(")")
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _URL_TRAILING:
            end -= 1
        elif last == ")" and closed > opened:
            end, closed = end - 1, closed - 1
        else:
            break
    if not end:
        return url
    return slots.put(url[:end], link=True) + url[end:]


def _is_punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _emphasis(text: str) -> str:
    """Remove paired ``*``, ``_`` and ``~~`` emphasis marks; keep the rest.

    Like CommonMark's delimiter runs, and like the preview (Python-Markdown):
    an underscore touching a letter or digit on its outer side is part of the
    word ("snake_case" stays), a star is not ("un*believ*able" and "2*3*4"
    lose their stars, as the preview shows them in italics).
    """
    if "*" not in text and "_" not in text and "~" not in text:
        return text
    runs = list(_DELIMS.finditer(text))
    keep = [len(m.group()) for m in runs]  # characters left of each run
    openers: dict[str, list[int]] = {"*": [], "_": [], "~": []}
    for i, m in enumerate(runs):
        char, size = m.group()[0], keep[i]
        if char == "~" and size != 2:
            continue
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        left = not after.isspace() and (
            not _is_punct(after) or before.isspace() or _is_punct(before)
        )
        right = not before.isspace() and (
            not _is_punct(before) or after.isspace() or _is_punct(after)
        )
        inside_word = char == "_"
        can_open = left and not (inside_word and before.isalnum())
        can_close = right and not (inside_word and after.isalnum())
        stack = openers[char]
        if can_close:
            while keep[i] and stack:
                j = stack[-1]
                taken = min(keep[i], keep[j])
                keep[i] -= taken
                keep[j] -= taken
                if not keep[j]:
                    stack.pop()
        if can_open and keep[i]:
            stack.append(i)
    pieces: list[str] = []
    pos = 0
    for i, m in enumerate(runs):
        pieces += [text[pos : m.start()], m.group()[0] * keep[i]]
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces)
