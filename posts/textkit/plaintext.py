"""A post as a platform that shows plain text (LinkedIn) displays it.

Pure Python (no Django). Works line by line on the Markdown itself, never
through HTML, because the single line breaks a writer puts in a post are part
of the post and an HTML round trip loses them.

    >>> to_plain_text("**Read** [the study](https://x.y/z)\\n- one\\n  - two\\n\\n#AI #ML")
    'Read the study (https://x.y/z)\\n• one\\n  • two\\n\\n#AI #ML'

What changes: emphasis marks go (not the ``_``/``*`` inside words such as
snake_case or 2*3*4), headings and quotes become their text, links become
"text (url)", images their alt text, list items "• item" (two spaces per
nesting level; ordered items keep their numbers), inline code its text, fenced
code its lines, rules a "———" line, HTML tags go and entities are decoded.
What stays: line breaks as written, one blank line between paragraphs,
hashtag lines ("#AI #ML" is not a heading), emoji.

Emphasis is matched within a line: a star pair spread over two lines stays.
Every pattern here is linear: no nested quantifiers that can overlap, and
bracket/paren classes exclude their own delimiters, so hostile input
(50,000 "[" or "*") costs one pass.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

RULE = "———"
BULLET = "•"


@dataclass(frozen=True)
class PlainText:
    text: str
    links: list[str]  # link, autolink and bare-URL targets in reading order


def to_plain_text(markdown: str) -> str:
    return convert(markdown).text


@lru_cache(maxsize=1024)
def convert(markdown: str) -> PlainText:
    """The plain text and the links of a post, in one pass (memoised: read-only)."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _Converter(_reference_definitions(lines)).run(lines)


# --- block level -----------------------------------------------------------

_FENCE_OPEN = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_REF_DEF = re.compile(
    r"^ {0,3}\[([^\[\]\n^][^\[\]\n]*)\]:[ \t]*<?([^\s<>]+)>?"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$"
)


def _reference_definitions(lines: list[str]) -> dict[str, str]:
    """``[label]: url "title"`` lines, label lower-cased; the first one wins."""
    refs: dict[str, str] = {}
    for line in lines:
        if "]:" in line and (m := _REF_DEF.match(line)):
            refs.setdefault(_label(m.group(1)), m.group(2))
    return refs


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def _is_table_delimiter(line: str) -> bool:
    stripped = line.strip()
    return "|" in stripped and "-" in stripped and not stripped.strip("|-: \t")


class _Converter:
    def __init__(self, refs: dict[str, str]) -> None:
        self.refs = refs
        self.out: list[str] = []
        self.links: list[str] = []
        self.fence: tuple[str, int, int] | None = None  # char, length, indent
        self.in_comment = False
        self.in_table = False
        self.list_indents: list[int] = []  # marker indent of each open list level
        self.list_level = 0
        self.prev = "blank"  # kind of the previous line

    def run(self, lines: list[str]) -> PlainText:
        for line in lines:
            self.line(line)
        return PlainText(_tidy("\n".join(self.out)), self.links)

    def emit(self, text: str, kind: str) -> None:
        self.out.append(text)
        self.prev = kind

    def inline(self, text: str) -> str:
        return _inline(text, self.refs, self.links)

    def line(self, line: str) -> None:
        if self.fence:
            self.code_line(line)
            return
        had_text = bool(line.strip()) or self.in_comment
        line = self.drop_comments(line)
        if not line.strip():
            if not had_text:  # a line inside or holding only a comment disappears
                self.in_table = False
                self.emit("", "blank")
            return
        if m := _FENCE_OPEN.match(line):
            char, info = m.group(2), m.group(3)
            if not (char[0] == "`" and "`" in info):
                self.fence = (char[0], len(char), _width(m.group(1)))
                self.prev = "code"
                return
        if "]:" in line and _REF_DEF.match(line):
            return
        quoted = False
        while m := _QUOTE.match(line):
            line, quoted = line[m.end() :], True
        if quoted and not line.strip():
            self.emit("", "blank")
            return
        if self.prev == "para" and _SETEXT.match(line):
            return  # the underline of a heading; its text is already out
        if _HR.match(line):
            self.list_indents.clear()
            self.emit(RULE, "hr")
            return
        if m := _ATX.match(line):
            self.list_indents.clear()
            self.heading(line[m.end() :])
            return
        if m := _ITEM.match(line):
            self.item(_width(m.group(1)), m.group(2), line[m.end() :])
            return
        if _is_table_delimiter(line) and self.prev == "para" and "|" in self.out[-1]:
            self.in_table = True
            self.out[-1] = _table_row(self.out[-1])
            return
        self.paragraph(line)

    def code_line(self, line: str) -> None:
        char, length, indent = self.fence or ("`", 3, 0)
        stripped = line.strip()
        if stripped and len(stripped) >= length and not stripped.strip(char):
            self.fence = None
            return
        # Remove the fence's own indentation, keep the code's.
        body = line.expandtabs(4)
        cut = min(indent, len(body) - len(body.lstrip(" ")))
        self.emit(body[cut:], "code")

    def drop_comments(self, line: str) -> str:
        """HTML comments, which may span lines; found with str.find: linear."""
        pieces: list[str] = []
        pos = 0
        while True:
            if self.in_comment:
                end = line.find("-->", pos)
                if end == -1:
                    return "".join(pieces)
                self.in_comment, pos = False, end + 3
            start = line.find("<!--", pos)
            if start == -1:
                pieces.append(line[pos:])
                return "".join(pieces)
            pieces.append(line[pos:start])
            self.in_comment, pos = True, start + 4

    def heading(self, rest: str) -> None:
        text = rest.strip()
        closed = text.rstrip("#")
        if not closed or closed[-1] in " \t":  # "## Title ##": closing marks
            text = closed.rstrip()
        text = self.inline(text)
        if text.strip():
            self.emit(text, "heading")

    def item(self, indent: int, marker: str, content: str) -> None:
        stack = self.list_indents
        while stack and stack[-1] > indent:
            stack.pop()
        if not stack or stack[-1] < indent:
            stack.append(indent)
        self.list_level = len(stack) - 1
        bullet = BULLET if marker in "-*+" else marker
        text = self.inline(content.strip())
        self.emit(f"{'  ' * self.list_level}{bullet} {text}".rstrip(), "item")

    def paragraph(self, line: str) -> None:
        indented = line[:1] in (" ", "\t")
        if self.list_indents and self.prev == "blank" and not indented:
            self.list_indents.clear()  # a blank line, then text at the margin
        text = line.strip()
        if self.in_table and "|" in text:
            text = _table_row(text)
        else:
            self.in_table = False
        text = self.inline(text)
        if not text.strip():
            return  # the line held only markup (an HTML tag, say)
        if self.list_indents and indented:
            self.emit(f"{'  ' * (self.list_level + 1)}{text}", "continuation")
        else:
            self.emit(text, "para")


def _table_row(text: str) -> str:
    text = text.strip()
    text = text.removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return " | ".join(cell.strip() for cell in text.split("|"))


_BLANK_RUN = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


# --- inline level ----------------------------------------------------------

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

    def restore(self, text: str) -> str:
        if not self.saved:
            return text
        saved = self.saved
        return _SLOT.sub(lambda m: saved[ord(m.group()) - _SLOT_BASE], text)

    def links_in(self, text: str) -> list[str]:
        return [
            self.saved[i]
            for m in _SLOT.finditer(text)
            if (i := ord(m.group()) - _SLOT_BASE) in self.link_slots
        ]


def _inline(text: str, refs: dict[str, str], links: list[str]) -> str:
    slots = _Slots()
    if _SLOT.search(text):  # the writer's own private-use characters stay as they are
        text = _SLOT.sub(lambda m: slots.put(m.group()), text)
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
        return refs.get(_label(slots.restore(label)))

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
