"""A post as a platform that shows plain text (LinkedIn) displays it.

Pure Python (no Django). The plain text is read off the one parse of the post
(`posts.textkit.document`), so it holds exactly the words the preview shows.

    >>> to_plain_text("**Read** [the study](https://x.y/z)\\n- one\\n    - two\\n\\n#AI #ML")
    'Read the study (https://x.y/z)\\n\\n• one\\n  • two\\n\\n#AI #ML'

What changes: emphasis and strike-through marks go (their words stay),
headings and quotes become their text, links become "text (url)", images
their description, list items "• item" (two spaces per nesting level; ordered
items are numbered as the preview numbers them), inline code its text, fenced
code its lines, rules a "———" line, HTML tags go and entities are decoded.
What stays: line breaks as written, one blank line between blocks (none
between a label ending in ":" and its list), hashtag lines ("#AI #ML" is not
a heading), emoji.
"""

from __future__ import annotations

from dataclasses import dataclass

from posts.textkit.document import BULLET, RULE, parse_document

__all__ = ["BULLET", "RULE", "PlainText", "convert", "to_plain_text"]


@dataclass(frozen=True)
class PlainText:
    text: str
    links: list[str]  # link and autolink targets in reading order


def to_plain_text(markdown: str) -> str:
    return parse_document(markdown).plain


def convert(markdown: str) -> PlainText:
    """The plain text and the links of a post."""
    document = parse_document(markdown)
    return PlainText(document.plain, list(document.links))
