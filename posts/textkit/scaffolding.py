"""The generator's scaffolding block and the post's reference list.

Part of parse_draft (posts.textkit.parsing); pure Python, no Django.

    ---                              the generator's scaffolding: a final block
    **Word Count:** 316 words        after a '---' line holding "**Word Count:**"
    **Voice Match Elements:**        and/or "**Voice Match Elements:**"; split
    ✅ "That is because" phrasing    off into .scaffolding (a mid-post '---'
    ❌ Specific numbers              rule stays in the body)

References are the items of the body's "Additional documents to read on this"
list; they stay in the body too. Lines inside fenced code blocks are never
read as either.
"""

from __future__ import annotations

import re

from posts.textkit.drafts import MAX_NUMBER, ChecklistItem, Reference, Scaffolding

_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def outside_fences(text: str):
    """(index, line) for each line of text that is not inside a fenced code block."""
    fence = None
    for index, line in enumerate(text.split("\n")):
        marker = _FENCE.match(line)
        if marker:
            if fence is None:
                fence = marker.group(1)
            elif marker.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield index, line


# --- Scaffolding -----------------------------------------------------------

_RULE = re.compile(r"^ {0,3}---+[ \t]*$")
# Whitespace runs are bounded ({0,8}) or stripped in Python: nested unbounded
# runs backtrack quadratically on a hostile megabyte of spaces.
_MARKER = re.compile(
    r"(?:\*\*|__)?[ \t]{0,8}(word count|voice match elements)[ \t]{0,8}(?:\*\*|__)?[ \t]{0,8}:",
    re.I,
)
_CHECK = re.compile(r"(?:[-*+][ \t]{1,8})?(✅|✔️?|☑️?|❌|✖️?|✗)\ufe0f?(.*)")
_TICKS = {"✅", "✔", "✔️", "☑", "☑️"}
_QUOTED = re.compile(r"^[\"“](.+?)[\"”]")
_DECLARED = re.compile(
    r"word count[ \t]{0,8}:?[ \t]{0,8}(?:\*\*|__)?[ \t]{0,8}[~≈]?[ \t]{0,8}(\d[\d,]{0,12})(?![\d,])",
    re.I,
)


def _is_marker(line: str) -> bool:
    return bool(_MARKER.match(line.lstrip()))


def _is_scaffold_line(line: str) -> bool:
    return (
        not line.strip()
        or _is_marker(line)
        or bool(_CHECK.match(line.lstrip()))
        or bool(_RULE.match(line))
    )


def split_scaffolding(text: str) -> tuple[str, Scaffolding | None]:
    """(body, scaffolding) when text ends with a '---' block of generator notes."""
    lines = text.split("\n")
    rules = [index for index, line in outside_fences(text) if _RULE.match(line)]
    last_marker = next(
        (i for i in range(len(lines) - 1, -1, -1) if _is_marker(lines[i])), None
    )
    before_marker = [
        index for index in rules if last_marker is not None and index < last_marker
    ]
    if not before_marker:
        return text, None
    start = before_marker[-1]
    # "---\n**Word Count:** 316\n---\n**Voice Match Elements:** ..." is one block
    for index in reversed([r for r in rules if r < start]):
        if not all(_is_scaffold_line(line) for line in lines[index + 1 : start]):
            break
        start = index
    end = start
    while end and not lines[end - 1].strip():
        end -= 1
    body = "\n".join(lines[:end]) + "\n" if end else ""
    raw = "\n".join(lines[start:])

    declared = None
    items = []
    for line in lines[start + 1 :]:
        if declared is None and (match := _DECLARED.search(line)):
            number = int(match.group(1).replace(",", ""))
            declared = number if number <= MAX_NUMBER else None
        elif check := _CHECK.match(line.lstrip()):
            label = check.group(2).strip()
            quoted = _QUOTED.match(label)
            items.append(
                ChecklistItem(
                    label=label,
                    phrase=quoted.group(1) if quoted else None,
                    ticked=check.group(1) in _TICKS,
                )
            )
    return body, Scaffolding(
        declared_word_count=declared, voice_elements=items, raw=raw
    )


# --- References ------------------------------------------------------------

_REFERENCES_LABEL = "additional documents to read on this"
_ITEM = re.compile(r"[ \t]{0,8}(?:[-*+]|\d{1,9}[.)])[ \t]+(\S.*)")
_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL = re.compile(r"<?(https?://[^\s>]+)>?")


def find_references(body: str) -> list[Reference]:
    lines = dict(outside_fences(body))
    references = []
    for index, line in lines.items():
        if line.strip(" \t*_:").lower() != _REFERENCES_LABEL:
            continue
        following = index + 1
        while following in lines and not lines[following].strip():
            following += 1
        while following in lines and (item := _ITEM.match(lines[following])):
            references.append(_reference(item.group(1).strip()))
            following += 1
    return references


def _reference(item: str) -> Reference:
    """'[Guide](https://x.org) - notes' -> Reference('Guide - notes', 'https://x.org')."""
    if len(item) > 2000:  # not a reference, and the patterns below would crawl
        return Reference(text=item, url=None)
    link = _LINK.search(item)
    if link:
        text = (item[: link.start()] + link.group(1) + item[link.end() :]).strip()
        return Reference(text=text or link.group(2), url=link.group(2))
    bare = _BARE_URL.search(item)
    if bare:
        text = (item[: bare.start()] + item[bare.end() :]).strip(" \t:-–—")
        return Reference(text=text or bare.group(1), url=bare.group(1))
    return Reference(text=item, url=None)
