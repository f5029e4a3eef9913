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

This module handles lines and blocks; the text within a line (links,
emphasis, code spans, escapes) is converted by `posts.textkit.inline`.
Emphasis is matched within a line: a star pair spread over two lines stays.
Every pattern in both modules is linear: no nested quantifiers that can
overlap, and bracket/paren classes exclude their own delimiters, so hostile
input (50,000 "[" or "*") costs one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .inline import convert_inline, reference_label

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
            refs.setdefault(reference_label(m.group(1)), m.group(2))
    return refs


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
        return convert_inline(text, self.refs, self.links)

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
