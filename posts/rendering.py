"""The one way Markdown becomes HTML in Postwright: render, then sanitize.

Posts are not documents, so a few things are read the way their author means
them rather than the way Markdown would:

- single line breaks are kept (posts use them on purpose): `nl2br`;
- a hashtag line (`#NeuralNetworks #AI`) is text, not a heading;
- a list directly under its label ("Additional documents to read on this:"
  then "- …") is a list, although Markdown wants a blank line first.

Python-Markdown is quadratic on some inputs (thousands of `[` in one
paragraph, lists nested hundreds deep). Those are defused before rendering so
that any accepted text renders in well under a second; the stored text is
never changed. Then nh3 keeps only an allow-list of tags and attributes, and
links get rel="noopener nofollow".
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from html import escape

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

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
MAX_INDENT = 24

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HASHTAG_LINE = re.compile(r"^( {0,3})#(?=[^\s#])")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_LEADING = re.compile(r"^[ \t]+")
MAX_MARKERS = 8
_MARKER = r"[ \t]*(?:[-*+>]|\d{1,9}[.)])[ \t]"
_MARKER_CHAIN = re.compile(rf"^((?:{_MARKER}+){{{MAX_MARKERS}}})(?={_MARKER})")

_FLOOD = "PWFLOODBLOCK"

_local = threading.local()


def prepare(text: str) -> str:
    """Adjust Markdown so that it renders as a post means it (see module doc)."""
    out: list[str] = []
    in_fence = False
    previous = ""
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            line = _HASHTAG_LINE.sub(r"\1\\#", line)
            line = _MARKER_CHAIN.sub(r"\1\\", line)
            indent = _LEADING.match(line)
            if indent and len(indent.group().expandtabs(4)) > MAX_INDENT:
                line = " " * MAX_INDENT + line[indent.end() :]
            if _starts_list_under_text(line, previous):
                out.append("")
        out.append(line)
        previous = line
    return "\n".join(out)


def _starts_list_under_text(line: str, previous: str) -> bool:
    """A list item right under a line of text (its label) needs a blank line first."""
    return bool(
        _LIST_ITEM.match(line)
        and previous.strip()
        and not _LIST_ITEM.match(previous)
        and not previous.startswith((" ", "\t"))
    )


def _split_bracket_floods(text: str) -> tuple[str, list[str]]:
    """Set aside paragraphs with more brackets than any real post has.

    They are shown as plain text (escaped, line breaks kept) in place of a
    numbered marker paragraph, which keeps rendering linear.
    """
    floods: list[str] = []
    blocks = text.split("\n\n")
    for i, block in enumerate(blocks):
        if block.count("[") > MAX_BRACKETS_PER_BLOCK:
            blocks[i] = f"{_FLOOD}{len(floods)}"
            floods.append(block)
    return "\n\n".join(blocks), floods


def _restore_floods(html: str, floods: list[str]) -> str:
    for i, block in enumerate(floods):
        plain = escape(block.strip()).replace("\n", "<br>\n")
        html = html.replace(f"<p>{_FLOOD}{i}</p>", f"<p>{plain}</p>", 1)
    return html


def _renderer() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(
            extensions=["nl2br", "sane_lists", "fenced_code", "tables"]
        )
        _local.md = md
    return md


@lru_cache(maxsize=512)
def _render(text: str) -> str:
    try:
        prepared, floods = _split_bracket_floods(prepare(text))
        html = _restore_floods(_renderer().reset().convert(prepared), floods)
    except RecursionError:
        # Structure too deep to be meant: show the words, never an error page.
        _local.md = None
        return "<pre>" + escape(text) + "</pre>"
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )


def render_markdown(text: str) -> SafeString:
    """Markdown → sanitized HTML, safe to put on a page. Cached by text."""
    return mark_safe(_render(text or ""))


def clear_render_cache() -> None:
    """Forget the remembered renderings (the benchmark measures a cold cache)."""
    _render.cache_clear()
