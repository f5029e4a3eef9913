"""One reading of a post's Markdown, and everything read off it.

Pure Python (no Django). `parse_document(text)` renders the text once
(`posts.textkit.render`: Python-Markdown, then nh3) and walks the sanitised
HTML once; the preview, the plain text a feed shows, the word count, the
sentences the checks read and the text review comments are anchored in all
come from that one walk, so no two of them can read a text differently.

    >>> doc = parse_document("Read [the study][s], ~~not~~ *now*.\\n\\n[s]: https://x.y/z")
    >>> doc.words
    ('Read', 'the', 'study,', 'not', 'now.')
    >>> doc.plain
    'Read the study (https://x.y/z), not now.'
    >>> doc.anchor_text
    'Read the study, not now.'

Words are what a reader of the preview sees: a run of non-space characters
holding a letter or a digit; em and en dashes separate words ("rules—they"
is 2), hyphens and apostrophes do not ("hands-on", "don't" are 1). Link text
counts, the address does not, nor does a reference definition line. Code
counts: a reader reads it. Struck-through words count and stay in the plain
text: a writer strikes words to show them struck ("~~$99~~ $49"), and a feed
that shows plain text cannot strike, so dropping them would change what the
post says.

The plain text keeps the writer's single line breaks and one blank line
between blocks; it writes links as "text (url)" (the address alone when the
text is the address), list items as "• item" or "1. item", two spaces per
nesting level, images as their description and rules as a "———" line. What
it adds to the writer's words is listed in `added`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from posts.textkit.layout import paragraph_spans
from posts.textkit.render import render_html

RULE = "———"
BULLET = "•"

_SPACE = re.compile(r"\s+")
_DASHES = re.compile(r"[\u2013\u2014]")
_WORDLIKE = re.compile(r"[^\W_]")
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+")
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.\-]*://|mailto:)?(?:www\.)?")
# An image stands between words: "a![b](c)d" is two words wherever it is read.
_IMAGE_TAG = re.compile(r'<img(?:\s+[a-z]+="[^"]*")*\s*/?>')
# Between block elements the browser sees a text node only where the HTML has
# one; these make sure it has one, so "a<br>b" reads as two words everywhere.
_BLOCK_TAG = r"(?:p|li|h[1-6]|blockquote|pre|table|thead|tbody|tr|td|th|ul|ol)"
_AFTER_BLOCK = re.compile(rf"(</{_BLOCK_TAG}>|<br>|<hr>)(?!\n|$)")
_BEFORE_BLOCK = re.compile(rf"(?<=[^>\s])(<{_BLOCK_TAG}>)")
# Marks around what the plain text adds (never in text: _Reader drops them).
_OPEN, _CLOSE = "\x0e", "\x0f"
_ADDED = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")
_BLANK_RUN = re.compile(r"\n{3,}")
_EMPHASIS_MARKS = re.compile(r"(?<!\S)[*_~]+(?=\S)|(?<=\S)[*_~]+(?!\S)")


def normalize(text: str) -> str:
    """Whitespace runs become one space; ends stripped.

    >>> normalize("  a\\n\\n b\\tc ")
    'a b c'
    """
    return _SPACE.sub(" ", text).strip()


def words_of(text: str) -> tuple[str, ...]:
    """The words in a stretch of text (see the module doc).

    >>> words_of("rules—they don't, see #AI 2025 — ok")
    ('rules', 'they', "don't,", 'see', '#AI', '2025', 'ok')
    """
    return tuple(t for t in _DASHES.sub(" ", text).split() if _WORDLIKE.search(t))


def split_into_sentences(unit: str) -> list[str]:
    """A block's text as sentences: a break is ".", "!", "?" or "…" (optionally
    then a closing quote or bracket) and whitespace; pieces without a letter or
    digit are dropped.

    >>> split_into_sentences("It works. See docs! — ")
    ['It works.', 'See docs!']
    """
    pieces = (piece.strip() for piece in _SENTENCE_BREAK.split(normalize(unit)))
    return [piece for piece in pieces if _WORDLIKE.search(piece)]


@dataclass(frozen=True)
class Document:
    source: str  # the Markdown as given
    html: str  # rendered and sanitised: safe to put on a page
    text: str  # the HTML's text, as the browser joins its text nodes
    anchor_text: str  # normalize(text): review comments are anchored in it
    plain: str  # the post as a feed that shows plain text displays it
    added: tuple[str, ...]  # what plain adds to the words: addresses, bullets, …
    words: tuple[str, ...]
    sentences: tuple[str, ...]  # headings and list items are sentences of their own
    links: tuple[str, ...]  # link targets in reading order (not images)
    paragraphs: tuple[tuple[int, int], ...]  # (start, end) of each source paragraph

    @property
    def word_count(self) -> int:
        return len(self.words)


# The last few texts read and their readings: the preview, the metrics, the plain
# text and the checks of one text ask for it in turn, between them the word
# breakdown reads the title line and the continuity check a neighbouring part,
# and each text is read once. A few texts, not a growing memo: what outlives a
# request is kept by the Django layer (posts.derived), for stored texts only.
_RECENT = 4
_recent: list[tuple[str, Document]] = []
# Where readings kept beyond this process are looked up (posts.derived sets it:
# stored texts' readings, under their content hash). Only looked in here.
_kept: Callable[[str], Document | None] | None = None


def parse_document(text: str, *, look: bool = True) -> Document:
    """The one reading of a text; treat the result as read-only.

    Asking again for one of the last few texts read returns the same reading,
    so every consumer of one text (HTML, metrics, plain text, checks) shares
    one parse; so does asking for a text whose reading is kept (look=False:
    read it afresh unless it is one of the last few).
    """
    recent = _recent
    for index, (source, document) in enumerate(recent):
        if source is text or source == text:
            if index:
                recent.insert(0, recent.pop(index))
            return document
    kept = _kept(text) if look and _kept is not None else None
    document = kept if kept is not None else _read(text)
    remember(text, document)
    return document


def remember(text: str, document: Document) -> None:
    """Put a reading of `text` among the last few read."""
    _recent.insert(0, (text, document))
    del _recent[_RECENT:]


def keep_readings_in(lookup: Callable[[str], Document | None] | None) -> None:
    """Let parse_document look a text's reading up in `lookup` before reading it."""
    global _kept
    _kept = lookup


def forget_reading() -> None:
    """Drop the readings kept in this process (a benchmark measures a first read)."""
    _recent.clear()


def _read(text: str) -> Document:
    html = render_html(text)
    html = _BEFORE_BLOCK.sub("\n\\1", _AFTER_BLOCK.sub("\\1\n", html))
    if "<img" in html:
        html = _IMAGE_TAG.sub(r" \g<0> ", html)
    tight = _tight_headings(text)
    if len(tight) != len(_HEADING_TAG.findall(html)):
        tight = []  # a heading the lines do not show (setext, in a list): blank lines
    reader = _Reader(tight)
    reader.feed(html)
    reader.close()
    visible = "".join(reader.visible)
    plain, added = _plain_and_added(reader.plain_with_marks())
    return Document(
        source=text,
        html=html,
        text=visible,
        anchor_text=normalize(visible),
        plain=plain,
        added=added,
        words=words_of(visible),
        sentences=tuple(reader.sentences),
        links=tuple(reader.links),
        paragraphs=paragraph_spans(text),
    )


_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HEADING_LINE = re.compile(r"^[ \t>]*#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_HEADING_TAG = re.compile(r"<h[1-6]>")


def _tight_headings(text: str) -> list[bool]:
    """For each heading line, in order: does a line of text follow it directly?

    The HTML cannot tell "# Title\\nText" from "# Title\\n\\nText"; the plain
    text keeps the writer's choice."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tight: list[bool] = []
    in_fence = False
    for k, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif in_fence or not line.strip():
            continue
        elif _HEADING_LINE.match(line):
            following = lines[k + 1] if k + 1 < len(lines) else ""
            tight.append(bool(following.strip(" \t>")))
        elif k + 1 < len(lines) and _SETEXT.match(lines[k + 1]):
            following = lines[k + 2] if k + 2 < len(lines) else ""
            tight.append(bool(following.strip(" \t>")))
    return tight


def _plain_and_added(marked: str) -> tuple[str, tuple[str, ...]]:
    """Tidy the marked plain text; return it unmarked and the marked pieces."""
    lines = [line.rstrip() for line in marked.split("\n")]
    marked = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
    added = tuple(m.group(1) for m in _ADDED.finditer(marked))
    return marked.replace(_OPEN, "").replace(_CLOSE, ""), added


def _same_address(text: str, url: str) -> bool:
    def bare(s: str) -> str:
        return _SCHEME.sub("", s.strip().lower()).rstrip("/")

    return bare(text) == bare(url)


_BREAK_BEFORE = {"p": 2, "blockquote": 2, "pre": 2, "table": 2, "tr": 1}
_BREAK_BEFORE.update({f"h{n}": 2 for n in range(1, 7)})
_HEADINGS = {f"h{n}" for n in range(1, 7)}
_UNIT_TAGS = {"p", "li", "tr", "pre", "blockquote", *(f"h{n}" for n in range(1, 7))}


class _Reader(HTMLParser):
    """One walk over the sanitised HTML (well-formed: nh3 wrote it)."""

    def __init__(self, tight_headings: list[bool]) -> None:
        super().__init__(convert_charrefs=True)
        self.tight_headings = tight_headings
        self.headings = 0
        self.after_tight_heading = False
        self.visible: list[str] = []
        self.plain: list[str] = []
        self.links: list[str] = []
        self.sentences: list[str] = []
        self.unit: list[str] = []
        self.lists: list[list[int]] = []  # [ordered, next number] per open list
        self.anchors: list[tuple[str, int]] = []  # (href, where its text starts)
        self.in_pre = 0
        self.cells = 0
        self.line_start = True

    # --- plain text layout

    def add(self, piece: str) -> None:
        """Plain text that is not the writer's words (marked for `added`)."""
        self.plain.append(f"{_OPEN}{piece}{_CLOSE}")
        self.line_start = self.after_tight_heading = False

    def new_line(self, blank: bool = False) -> None:
        """End the line (blank: and leave an empty one); lines in lists are indented."""
        while self.plain and self.plain[-1] and not self.plain[-1].strip(" "):
            self.plain.pop()  # an indent a previous new_line wrote
        if not self.plain:
            return
        ending = self.plain[-1] if self.plain[-1] in ("\n", "\n\n") else ""
        wanted = "\n\n" if blank and not self.after_tight_heading else "\n"
        if len(ending) < len(wanted):
            self.plain.append(wanted[len(ending) :])
        if self.lists:
            self.plain.append("  " * len(self.lists))
        self.line_start = True

    def flush(self) -> None:
        if self.unit:
            self.sentences += split_into_sentences("".join(self.unit))
            self.unit.clear()

    def after_label(self) -> bool:
        """The plain text so far ends with a label ("Read more:"): its list follows."""
        for piece in reversed(self.plain):
            if piece.strip():
                return piece.rstrip().endswith(":")
        return False

    def plain_with_marks(self) -> str:
        return "".join(self.plain)

    # --- events

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _UNIT_TAGS:
            self.flush()
        if tag in ("ul", "ol"):
            if not self.lists:
                self.new_line(blank=not self.after_label())
            self.lists.append([tag == "ol", 1])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            while self.plain and self.plain[-1] and not self.plain[-1].strip(" "):
                self.plain.pop()  # an indent new_line wrote for a continuation
            if self.plain and self.plain[-1] not in ("\n", "\n\n"):
                self.plain.append("\n")
            self.plain.append("  " * (len(self.lists) - 1))
            self.add(f"{kind[1]}." if kind[0] else BULLET)
            self.plain.append(" ")
            kind[1] += 1
            self.line_start = True
        elif tag in _BREAK_BEFORE:
            if self.lists:  # a paragraph inside a list item
                if not self.line_start:
                    self.new_line()
            else:
                self.new_line(blank=_BREAK_BEFORE[tag] == 2)
            if tag == "pre":
                self.in_pre += 1
            if tag == "tr":
                self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.plain.append(" | ")
            self.cells += 1
        elif tag == "br":
            self.new_line()
        elif tag == "hr":
            self.flush()
            self.new_line(blank=True)
            self.add(RULE)
            self.new_line(blank=True)
        elif tag == "a":
            self.anchors.append((dict(attrs).get("href") or "", len(self.plain)))
        elif tag == "img":
            alt = _EMPHASIS_MARKS.sub("", dict(attrs).get("alt") or "").strip()
            if alt:
                self.add(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNIT_TAGS:
            self.flush()
        if tag in _HEADINGS:
            k, self.headings = self.headings, self.headings + 1
            self.after_tight_heading = (
                k < len(self.tight_headings) and self.tight_headings[k]
            )
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "pre" and self.in_pre:
            self.in_pre -= 1
            if self.plain and self.plain[-1].endswith("\n"):
                self.plain[-1] = self.plain[-1][:-1]
        elif tag == "a" and self.anchors:
            self.close_link(*self.anchors.pop())

    def close_link(self, href: str, start: int) -> None:
        if not href:
            return
        shown = _ADDED.sub("", "".join(self.plain[start:])).strip()
        address = href.removeprefix("mailto:")
        self.links.append(address)
        if href.startswith("mailto:"):
            return
        if not shown:
            self.add(href)  # a link with no text shows its address
        elif _same_address(shown, href):
            self.plain[start:] = [href]
        else:
            self.add(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.visible.append(data)
        data = data.replace(_OPEN, "").replace(_CLOSE, "")
        if self.in_pre:
            self.plain.append(data)
            return
        self.unit.append(data)
        if "\n" in data and not data.strip():
            return  # the line break Python-Markdown writes between elements
        data = data.replace("\n", " ")
        if self.line_start:
            data = data.lstrip()
        if data:
            self.plain.append(data)
            self.line_start = self.after_tight_heading = False
