"""Characters as each platform counts them, and where a post stops fitting.

Pure Python (no Django). The text is the plain text the platform shows
(`Document.plain`, NFC). Each platform's published rule:

    X         twitter-text's weighted length (twitter-text-parser, X's own
              configuration): every URL counts 23, most emoji and CJK count 2,
              the rest 1; limit 280 weighted.
    Bluesky   300 graphemes (user-perceived characters: "👨‍👩‍👧" is one).
    Mastodon  500 graphemes, where every http(s) URL counts 23 whatever its length.
    Threads   500 characters; LinkedIn 3,000 characters (Python code points).
    Blog      no limit.

    >>> count("hi https://example.com/a/very/long/path", "x")
    Count(used=26, fits=39)
    >>> count("👨‍👩‍👧 ok", "bluesky").used
    4

`fits` is the index into the text where the first character that does not fit
starts (len(text) when everything fits), so a page can mark text[fits:].
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import regex

URL_WEIGHT = 23  # X and Mastodon count every link as this many characters
_GRAPHEME = regex.compile(r"\X")
_URL = regex.compile(r"https?://[^\s<>\"]+[^\s<>\"'.,;:!?)\]]")


@dataclass(frozen=True)
class Count:
    used: int  # in the platform's own unit
    fits: int  # text[:fits] is within the limit


def _twitter_parse(text: str):
    # pkg_resources warns on import that it is deprecated; the parser is X's rules.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        from twitter_text import parse_tweet  # type: ignore[import-untyped]  # no hints shipped
    return parse_tweet(text)


# twitter-text reads ~6 µs a character; past this many the post is far over the
# limit already, so the rest is weighed by the same configuration's ranges in C
# (the regex below), links at 23, without merging emoji sequences.
X_EXACT_CHARS = 10_000
_X_LIGHT = regex.compile(r"[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")


def _x(text: str) -> Count:
    if not text:
        return Count(0, 0)
    head, tail = text[:X_EXACT_CHARS], text[X_EXACT_CHARS:]
    if tail and not tail[0].isspace():  # never cut a link or a word in two
        cut = regex.search(r"\s", tail)
        head, tail = (
            (text, "")
            if cut is None
            else (text[: X_EXACT_CHARS + cut.start()], tail[cut.start() :])
        )
    parsed = _twitter_parse(head)
    used = parsed.weightedLength + _x_light(tail)
    if parsed.valid and not tail:
        return Count(used, len(text))
    if parsed.valid:  # only possible when the head itself is short of the limit
        return Count(used, len(head))
    return Count(used, _from_utf16(text, parsed.validRangeEnd + 1))


def _x_light(text: str) -> int:
    """X's weight of text from its configuration's ranges alone (links count 23)."""
    links = _URL.findall(text)
    rest = _URL.sub("", text)
    return URL_WEIGHT * len(links) + len(rest) + len(_X_LIGHT.findall(rest))


def _from_utf16(text: str, units: int) -> int:
    """The index into text after `units` UTF-16 code units (twitter-text's offsets)."""
    seen = 0
    for index, char in enumerate(text):
        seen += 2 if ord(char) > 0xFFFF else 1
        if seen > units:
            return index
    return len(text)


def _graphemes(text: str, limit: int | None, url_weight: int | None) -> Count:
    """Graphemes, a URL counting url_weight when given."""
    used = 0
    fits = len(text) if limit is None else None
    position = 0
    urls = list(_URL.finditer(text)) if url_weight else []
    spans = [(m.start(), m.end()) for m in urls]
    while position < len(text):
        if spans and spans[0][0] == position:
            start, end = spans.pop(0)
            step, weight = end - start, url_weight or 0
        else:
            grapheme = _GRAPHEME.match(text, position)
            step = len(grapheme.group()) if grapheme else 1  # \X matches any character
            weight = 1
        if fits is None and used + weight > limit:  # type: ignore[operator]
            fits = position
        used += weight
        position += step
    return Count(used, len(text) if fits is None else fits)


def count(text: str, platform_key: str, limit: int | None = None) -> Count:
    """The text's length as platform_key counts it (see the module doc)."""
    if platform_key == "x":
        return _x(text)
    if platform_key == "bluesky":
        return _graphemes(text, limit or 300, None)
    if platform_key == "mastodon":
        return _graphemes(text, limit or 500, URL_WEIGHT)
    used = len(text)
    fits = len(text) if limit is None else min(len(text), limit)
    return Count(used, fits)
