"""Mark the characters past a platform's limit in the preview's HTML.

Pure Python (no Django). The limit is found on the plain text
(`charcount.count(...).fits`); the preview is HTML whose text nodes hold the
writer's words without what the plain text adds (link addresses, bullets).
So the cut is carried over as "the first N non-space characters of the
writer's words", which both readings share.

    >>> mark_overflow("<p>ab <em>cd</em> ef</p>", written_before("ab cd ef", (), 4))
    '<p>ab <em>c<mark class="over-limit">d</mark></em> <mark class="over-limit">ef</mark></p>'

The result is the input's tags unchanged (it was sanitised) and its text
escaped; the only tag added is <mark class="over-limit">, so no style="" is
needed (strict CSP).
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

MARK_OPEN = '<mark class="over-limit">'
MARK_CLOSE = "</mark>"


def written_before(plain: str, added: tuple[str, ...], fits: int) -> int:
    """Non-space characters of the writer's own words in plain[:fits].

    `added` are the pieces the plain text adds, in order (Document.added)."""
    spans = []
    position = 0
    for piece in added:
        start = plain.find(piece, position)
        if start == -1:
            continue
        spans.append((start, start + len(piece)))
        position = start + len(piece)
    cut = plain[:fits]
    count = _non_space(cut)
    for start, end in spans:
        if start >= fits:
            break
        count -= _non_space(cut[start:end])
    return count


def _non_space(text: str) -> int:
    """How many characters of text are not white space (str.isspace)."""
    return len("".join(text.split()))


class _Marker(HTMLParser):
    def __init__(self, keep: int) -> None:
        super().__init__(convert_charrefs=True)
        self.keep = keep  # non-space characters still within the limit
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag, attrs) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.keep <= 0:
            self.out.append(self._marked(data))
            return
        written = _non_space(data)
        if written < self.keep:  # the whole node is within the limit
            self.keep -= written
            self.out.append(escape(data, quote=False))
            return
        for index, char in enumerate(data):
            if char.isspace():
                continue
            self.keep -= 1
            if self.keep == 0:
                head, tail = data[: index + 1], data[index + 1 :]
                self.out.append(escape(head, quote=False))
                if tail:
                    self.out.append(self._marked(tail))
                return
        self.out.append(escape(data, quote=False))

    @staticmethod
    def _marked(data: str) -> str:
        body = data.lstrip()
        lead = data[: len(data) - len(body)]  # spaces before the cut stay unmarked
        if not body:
            return escape(data, quote=False)  # the line breaks between blocks
        return f"{escape(lead, quote=False)}{MARK_OPEN}{escape(body, quote=False)}{MARK_CLOSE}"


def mark_overflow(html: str, keep: int) -> str:
    """html with the text after its first `keep` non-space characters in <mark>s."""
    marker = _Marker(keep)
    marker.feed(html)
    marker.close()
    return "".join(marker.out)
