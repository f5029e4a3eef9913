"""A draft's title, part, series and strategy, from its heading or filename.

Part of parse_draft (posts.textkit.parsing); pure Python, no Django.
"Part N" is cut out of the title: "Neural Networks Part 1: How They Learn"
gives title "Neural Networks", part 1, subtitle "How They Learn" and series
"Neural Networks" (also "Part 2 - ...", "(Part 3)", "Part Two"). The strategy
is the filename's end after "partN-" ("nn-part1-voice-match.md" ->
"voice-match").
"""

from __future__ import annotations

import re

from posts.textkit.scaffolding import outside_fences

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_PART = re.compile(
    r"^(?P<before>.*?)[\s,:\-–—]*\(?\bpart\s*(?P<n>\d{1,6}|one|two|three|four|five|six|seven|eight|nine|ten)\b\)?(?P<after>.*)$",
    re.I | re.S,
)


def first_heading(body: str) -> str | None:
    for _, line in outside_fences(body):
        if not line.startswith("# "):
            continue
        heading = line[2:].strip()
        closed = heading.rstrip("#")
        if closed != heading and (not closed or closed[-1] in " \t"):
            heading = closed.rstrip()  # "# Title ##": the closing hashes are not text
        if heading:
            return heading
    return None


def stem_title(filename: str) -> str | None:
    stem = re.split(r"[\\/]", filename)[-1][-255:]
    stem = re.sub(r"\.(md|markdown|txt)$", "", stem, flags=re.I)
    return re.sub(r"[-_\s]+", " ", stem).strip() or None


def stem_strategy(filename: str) -> str:
    stem = re.sub(r"\.\w+$", "", re.split(r"[\\/]", filename)[-1][-255:])
    match = re.search(r"part[-_ ]?\d+[-_ ]+([a-z][\w-]*)$", stem, re.I)
    return match.group(1).lower().replace("_", "-") if match else ""


def split_part(title: str) -> tuple[str, int | None, str | None, str | None]:
    """(title, part, subtitle, series) from 'Series Part N: Subtitle'.

    >>> split_part("Neural Networks (Part 3)")
    ('Neural Networks', 3, None, 'Neural Networks')
    """
    match = _PART.match(title) if len(title) <= 300 else None
    if not match:
        return title, None, None, None
    digits = match.group("n").lower()
    part = _WORD_NUMBERS.get(digits) or int(digits)
    if part < 1:
        return title, None, None, None
    before = match.group("before").strip()
    after = match.group("after").lstrip(" \t\n:-–—)").rstrip() or None
    if before:
        return before, part, after, before
    return after or title, part, None, None


def part_title(front_title: str | None, heading: str | None) -> tuple[str, int]:
    """What a file calls its part, and how explicitly (3 best, 0 nothing).

    >>> part_title("Neural Networks Part 2: Backpropagation", "Gradient descent")
    ('Backpropagation', 3)
    >>> part_title("Neural Networks Part 2", "Gradient descent without the math")
    ('Gradient descent without the math', 1)
    """
    best = ("", 0)
    for written, named_rank in ((front_title, 3), (heading, 2)):
        if not written:
            continue
        _title, part, subtitle, _series = split_part(written)
        if subtitle:
            candidate = (subtitle, named_rank)
        elif part is None:
            candidate = (written.strip(), 1)
        else:
            continue  # "Series Part 2" alone names the part's number, not its title
        if candidate[1] > best[1]:
            best = candidate
    return best[0][:300], best[1]
