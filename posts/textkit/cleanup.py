"""Text at the top of a draft that is not post text, and taking it away.

Generators put a title heading above the post ("# LinkedIn Post - Neural
Networks Part 1"), and a writer may paste a whole generator file, front
matter and all, into the editor. Platforms that show plain text would post
either as the first lines, before the hook. These functions find them and
return the text without them; nothing else changes.

    >>> title_heading("# LinkedIn Post - Part 1\\n\\nYou may wonder…")
    'LinkedIn Post - Part 1'
    >>> without_title_heading("# LinkedIn Post - Part 1\\n\\nYou may wonder…")
    'You may wonder…'
"""

from __future__ import annotations

import re

_FIRST_HEADING = re.compile(r"\A\s*#{1,6}[ \t]+(?P<title>[^\n]*?)[ \t#]*(?:\n|\Z)")
_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\n(?:[^\n]*\n){0,200}?---[ \t]*(?:\n|\Z)"
)
_KEY_LINE = re.compile(r"^[A-Za-z_][\w -]*:", re.M)


def title_heading(text: str) -> str | None:
    """The heading the text opens with, or None (a hashtag line is no heading)."""
    match = _FIRST_HEADING.match(text)
    return match.group("title").strip() if match else None


def without_title_heading(text: str) -> str:
    match = _FIRST_HEADING.match(text)
    return text[match.end() :].lstrip("\n") if match else text


def front_matter(text: str) -> str | None:
    """A '---' block of key: value lines at the very top, or None."""
    match = _FRONT_MATTER.match(text)
    if match and _KEY_LINE.search(match.group()):
        return match.group().strip()
    return None


def without_front_matter(text: str) -> str:
    match = _FRONT_MATTER.match(text)
    if match and front_matter(text):
        return text[len(match.group()) :].lstrip("\n")
    return text
