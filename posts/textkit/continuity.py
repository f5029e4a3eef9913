"""Series continuity: callbacks, teasers and part references against the outline.

Pure Python (no Django); posts.textkit.checks re-exports PartOutline and
check_continuity(text, part_number, [PartOutline]) -> [Finding].
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from posts.textkit.findings import Finding
from posts.textkit.sentences import STRAIGHT_QUOTES, phrase_words, sentences_of


@dataclass(frozen=True)
class PartOutline:
    number: int
    title: str
    text: str  # the part's chosen (or first) draft, "" if none


# ---------------------------------------------------------------- continuity

_NUMBER_WORDS = {
    word: i
    for i, word in enumerate(
        "one two three four five six seven eight nine ten".split(),  # noqa: SIM905
        1,
    )
}
_NUM = r"(?:\d+|" + "|".join(_NUMBER_WORDS) + r")"

# Kept precise on purpose: a bare "last week" ("Last week my team shipped…") is
# an anecdote, not a callback, so only phrasings that point at an earlier post count.
_CALLBACK = re.compile(
    r"\b(?:as promised (?:last week|yesterday|in (?:my|our|the) (?:last|previous) post)"
    r"|last week,? (?:we|i) (?:explored|looked at|discussed|covered|talked about|learned|saw|introduced)"
    r"|in (?:last week's|my last|my previous|our last|our previous|the previous) (?:post|article|part|issue)"
    r"|continuation (?:to|of) (?:my|our|the|this)\b[^.!?]{0,80}?\bseries"
    r"|picking up where (?:we|i) left off"
    r"|welcome back to (?:my|our|the)\b[^.!?]{0,60}?\bseries)\b",
    re.IGNORECASE,
)
_TEASER = re.compile(
    r"\b(?:in (?:next week's|my next|the next|tomorrow's) (?:post|article|part|issue)"
    r"|in the next part|next week"
    rf"|(?:in|coming (?:up )?in|stay tuned for|look out for) part (?P<num>{_NUM}))\b",
    re.IGNORECASE,
)
_PART_REF = re.compile(rf"\bpart ({_NUM})\b", re.IGNORECASE)
_SERIES_LENGTH = re.compile(
    rf"\b({_NUM})[- ]part series\b|\bpart {_NUM} of ({_NUM})\b", re.IGNORECASE
)
_STOPWORDS = frozenset(
    """a about actually after again all also an and any are as at be because been
    before being both but by can could deeper detail details dive do does each even
    every explain explore explores for from get go going how i i'll if in into is it
    it's its just learn let's look me more most my next not now of on one or our out
    over part post series share show so some still such take than that the their
    them then there these they this those through to too under up us walk we we'll
    week what when where which while who why will with you your""".split()  # noqa: SIM905
)


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token.casefold()]


def _stem(word: str) -> str:
    """Rough stem so 'trains', 'training' and 'trained' meet: 'train'."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for suffix in ("ing", "ed", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _keywords(text: str) -> set[str]:
    return {
        _stem(w)
        for w in phrase_words(text).split()
        if len(w) > 2 and w not in _STOPWORDS and not w.isdigit()
    }


def _continuity(code: str, message: str, evidence: str) -> Finding:
    return Finding("continuity", "warning", code, message, evidence)


def _teaser_findings(
    raw: str, match: re.Match[str], part_number: int, outline: dict[int, PartOutline]
) -> list[Finding]:
    """match is _TEASER in raw (quotes already made straight)."""
    sentence = match.string
    if match.group("num") and _number(match.group("num")) <= part_number:
        return []  # "In Part 1 …" written in Part 2 looks back, not ahead
    later = [n for n in map(_number, _PART_REF.findall(sentence)) if n > part_number]
    target = later[0] if later else part_number + 1
    if target not in outline:
        if not later and part_number >= max(outline):
            message = "This is the last part, but it promises another post."
            return [_continuity("teaser-in-last-part", message, raw)]
        message = f"The post teases Part {target}, which is not in the series outline."
        return [_continuity("teaser-missing-part", message, raw)]
    subject = _keywords(_PART_REF.sub(" ", sentence[match.end() :]))
    part = outline[target]
    expected = _keywords(f"{part.title} {part.text}")
    if subject and expected and not subject & expected:
        message = (
            f"The teaser does not match what Part {target} (“{part.title}”) is about."
        )
        return [_continuity("teaser-off-topic", message, raw)]
    return []


def check_continuity(
    text: str, part_number: int, outline: Sequence[PartOutline]
) -> list[Finding]:
    """Series promises against the outline.

    callback-in-first-part: the first part refers back to an earlier post.
    teaser-missing-part / teaser-in-last-part / teaser-off-topic: "Next week",
        "In next week's post (Part 2)", "In Part 3, …" point at a part that does not
        exist, at nothing (last part), or at a part whose title and text share no
        content word with the teaser.
    part-reference-missing: "Part N" where N is not in the outline.
    series-length-claim: "two-part series" or "Part 1 of 3" with another outline length.
    With an empty outline only the callback check runs (nothing to compare with).
    """
    parts = {p.number: p for p in outline}
    first = min(parts, default=1)
    findings: list[Finding] = []
    for raw in sentences_of(text):
        sentence = raw.translate(STRAIGHT_QUOTES)
        if part_number <= first and _CALLBACK.search(sentence):
            message = "This is the first part, but it refers back to an earlier post."
            findings.append(_continuity("callback-in-first-part", message, raw))
        if not parts:
            continue
        teaser = _TEASER.search(sentence)
        teased = _teaser_findings(raw, teaser, part_number, parts) if teaser else []
        findings += teased
        # A missing part the teaser already reported is not reported twice.
        reported = set()
        if any(f.code == "teaser-missing-part" for f in teased):
            reported = {_number(n) for n in _PART_REF.findall(sentence)}
        for number in dict.fromkeys(map(_number, _PART_REF.findall(sentence))):
            if number not in parts and number not in reported:
                message = f"The post mentions Part {number}, but the series outline has no Part {number}."
                findings.append(_continuity("part-reference-missing", message, raw))
        for match in _SERIES_LENGTH.finditer(sentence):
            claimed = _number(match.group(1) or match.group(2))
            if claimed != len(parts):
                message = f"The post calls this a {claimed}-part series; the outline has {len(parts)}."
                findings.append(_continuity("series-length-claim", message, raw))
    return findings
