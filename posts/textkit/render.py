"""Markdown to sanitised HTML, read the way a post's author means it.

Pure Python (no Django); `posts.textkit.document` calls `render_html` once per
text and reads everything else off its result.

Posts are not documents, so a few things are read the way their author means
them rather than the way Markdown would:

- single line breaks are kept (posts use them on purpose), a backslash at the
  end of a line too;
- a hashtag line (`#NeuralNetworks #AI`) is text, not a heading;
- a list directly under its label ("Additional documents to read on this:"
  then "- …") is a list, although Markdown wants a blank line first;
- a list nested by two or three spaces is nested (Python-Markdown wants four);
- `~~struck~~` is struck through (`<del>`), and a bare `https://…` address is
  a link, as the feeds show them.

    >>> render_html("Post\\n#AI ~~old~~ https://x.y/z.")
    '<p>Post<br>\\n#AI <del>old</del> <a href="https://x.y/z" rel="noopener nofollow">https://x.y/z</a>.</p>'

Python-Markdown is quadratic on some inputs (thousands of `[` in one
paragraph, lists nested hundreds deep). Those are defused before rendering so
that any accepted text renders in well under a second; the stored text is
never changed. Then nh3 keeps only an allow-list of tags and attributes, and
links get rel="noopener nofollow".
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from html import escape

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "table", "thead", "tbody", "tr", "th", "td",
    "del", "s", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Beyond these, a paragraph's brackets or a line's indentation cannot be
# meant as Markdown structure, and they make the renderer slow.
MAX_BRACKETS_PER_BLOCK = 200
# Python-Markdown's time grows with a paragraph's length times its inline
# marks (10 s for 200 KB of escapes); no real paragraph comes near this.
MAX_BLOCK_COST = 2_000_000_000
_MARKS = ("\\", "`", "*", "_", "[", "<", "&", "~")
MAX_INDENT = 24
MAX_MARKERS = 8
LIST_INDENT = 4  # what Python-Markdown needs per nesting level

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HASHTAG_LINE = re.compile(r"^( {0,3})#(?=[^\s#])")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_ANY_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+\S")
_LEADING = re.compile(r"^[ \t]+")
_MARKER = r"[ \t]*(?:[-*+>]|\d{1,9}[.)])[ \t]"
_MARKER_CHAIN = re.compile(rf"^((?:{_MARKER}+){{{MAX_MARKERS}}})(?={_MARKER})")
_TRAILING_BACKSLASHES = re.compile(r"\\+$")

_FLOOD = "PWFLOODBLOCK"
_SURROGATE = re.compile("[\ud800-\udfff]")
# A whole [text](url) is no flood: a long post may hold hundreds of links.
_WHOLE_LINK = re.compile(r"!?\[[^\[\]\n]*\]\([^()\[\]\n]*\)")

_local = threading.local()


def prepare(text: str) -> str:
    """Adjust Markdown so that it renders as a post means it (see module doc)."""
    out: list[str] = []
    in_fence = False
    previous = ""
    nesting = _Nesting()
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            line = _HASHTAG_LINE.sub(r"\1\\#", line)
            line = _MARKER_CHAIN.sub(r"\1\\", line)
            line = nesting.reindent(line)
            indent = _LEADING.match(line)
            if indent and len(indent.group().expandtabs(4)) > MAX_INDENT:
                line = " " * MAX_INDENT + line[indent.end() :]
            if _starts_list_under_text(line, previous) or _switches_list(
                line, previous
            ):
                out.append("")
            line = _without_break_backslash(line)
        out.append(line)
        previous = line
    return "\n".join(out)


class _Nesting:
    """Re-indents list items by their nesting level, LIST_INDENT spaces a level.

    "- one\\n  - two" is nested as its writer means it; Python-Markdown
    would read the two-space item as a sibling.
    """

    def __init__(self) -> None:
        self.indents: list[int] = []  # marker indent of each open level
        self.blank = False

    def reindent(self, line: str) -> str:
        if not line.strip():
            self.blank = True
            return line
        was_blank, self.blank = self.blank, False
        item = _ANY_ITEM.match(line)
        width = len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))
        if item is None:
            if not width and was_blank:
                self.indents.clear()  # a blank line, then text at the margin
            return line
        stack = self.indents
        while stack and stack[-1] > width:
            stack.pop()
        if not stack or stack[-1] < width:
            stack.append(width)
        level = len(stack) - 1
        return " " * (LIST_INDENT * level) + line[len(item.group(1)) :]


def _without_break_backslash(line: str) -> str:
    """A backslash ending a line is a line break, which single breaks are already."""
    run = _TRAILING_BACKSLASHES.search(line)
    if run and len(run.group()) % 2:
        return line[:-1]
    return line


def _starts_list_under_text(line: str, previous: str) -> bool:
    """A list item right under a line of text (its label) needs a blank line first."""
    return bool(
        _LIST_ITEM.match(line)
        and previous.strip()
        and not _LIST_ITEM.match(previous)
        and not previous.startswith((" ", "\t"))
    )


def _switches_list(line: str, previous: str) -> bool:
    """ "- two" then "1. three": a new list, which Markdown wants a blank line for."""
    item, before = _ANY_ITEM.match(line), _ANY_ITEM.match(previous)
    return bool(
        item
        and before
        and item.group(1) == before.group(1)
        and item.group(2)[0].isdigit() != before.group(2)[0].isdigit()
    )


def _split_bracket_floods(text: str) -> tuple[str, list[str]]:
    """Set aside paragraphs longer, or with more brackets, than any real post has.

    They are shown as plain text (escaped, line breaks kept) in place of a
    numbered marker paragraph, which keeps rendering linear.
    """
    floods: list[str] = []
    blocks = text.split("\n\n")
    for i, block in enumerate(blocks):
        if (
            len(block) * sum(block.count(mark) for mark in _MARKS) > MAX_BLOCK_COST
            or _WHOLE_LINK.sub("", block).count("[") > MAX_BRACKETS_PER_BLOCK
        ):
            blocks[i] = f"{_FLOOD}{len(floods)}"
            floods.append(block)
    return "\n\n".join(blocks), floods


def _restore_floods(html: str, floods: list[str]) -> str:
    for i, block in enumerate(floods):
        plain = escape(block.strip()).replace("\n", "<br>\n")
        html = html.replace(f"<p>{_FLOOD}{i}</p>", f"<p>{plain}</p>", 1)
    return html


# Python-Markdown wraps what it has already turned into elements in STX/ETX.
_URL_CHARS = r"[^\s<>\"\x02\x03]"
_URL_TRAILING = ".,:;!?\"'*_~"


class _BareUrl(InlineProcessor):
    """https://… in running text is a link; trailing punctuation is not part of it."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(  # type: ignore[override]  # Python-Markdown's own signature
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        url = m.group()
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
        element = etree.Element("a")
        element.set("href", url[:end])
        element.text = url[:end]
        return element, m.start(), m.start() + end


class _PostExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # [^~\n] and the one-character edges keep the strike pattern linear.
        strike = r"(~~)(?=[^\s~])([^~\n]*[^\s~])~~"
        md.inlinePatterns.register(SimpleTagInlineProcessor(strike, "del"), "del", 65)
        bare = rf"(?<![\w/@.\-\x02])https?://{_URL_CHARS}+"
        md.inlinePatterns.register(_BareUrl(bare, md), "bare_url", 115)


def _renderer() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(
            extensions=[
                "nl2br",
                "sane_lists",
                "fenced_code",
                "tables",
                _PostExtension(),
            ]
        )
        _local.md = md
    return md


def render_html(text: str) -> str:
    """Markdown → sanitised HTML (a string; the caller marks it safe)."""
    # A lone surrogate cannot be encoded for nh3; it shows as U+FFFD.
    text = _SURROGATE.sub("\ufffd", text)
    try:
        prepared, floods = _split_bracket_floods(prepare(text))
        html = _restore_floods(_renderer().reset().convert(prepared), floods)
    except RecursionError:
        # Structure too deep to be meant: show the words, never an error page.
        _local.md = None
        html = "<pre>" + escape(text) + "</pre>"
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )
