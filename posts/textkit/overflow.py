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

import re
from html import escape, unescape

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


# A piece of sanitised HTML as nh3 writes it: a tag (attribute values in
# double quotes), a run of text (a '<' in text is always written &lt;) or,
# should one ever come, a lone '<', read as text as html.parser reads it.
# One pass over the page, with no parser object per call.
_PIECES = re.compile(r'<[a-zA-Z/](?:"[^"]*"|[^">])*>|[^<]+|<')


def mark_overflow(html: str, keep: int) -> str:
    """html with the text after its first `keep` non-space characters in <mark>s."""
    out: list[str] = []
    for piece in _PIECES.finditer(html):
        chunk = piece.group()
        if len(chunk) > 1 and chunk[0] == "<":
            out.append(chunk)  # a tag, as it was
            continue
        data = unescape(chunk)
        if keep <= 0:
            out.append(_marked(data))
            continue
        written = _non_space(data)
        if written < keep:  # the whole run is within the limit
            keep -= written
            out.append(escape(data, quote=False))
            continue
        for index, char in enumerate(data):
            if char.isspace():
                continue
            keep -= 1
            if keep == 0:
                head, tail = data[: index + 1], data[index + 1 :]
                out.append(escape(head, quote=False))
                if tail:
                    out.append(_marked(tail))
                break
    return "".join(out)


def _marked(data: str) -> str:
    body = data.lstrip()
    lead = data[: len(data) - len(body)]  # spaces before the cut stay unmarked
    if not body:
        return escape(data, quote=False)  # the line breaks between blocks
    return (
        f"{escape(lead, quote=False)}{MARK_OPEN}{escape(body, quote=False)}{MARK_CLOSE}"
    )
