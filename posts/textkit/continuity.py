"""Series continuity: callbacks, teasers and part references against the outline.

Pure Python (no Django); posts.textkit.checks re-exports PartOutline and
check_continuity(text, part_number, [PartOutline]) -> [Finding].
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from posts.textkit.findings import Finding
from posts.textkit.sentences import phrase_words, sentences_of, straighten


@dataclass(frozen=True)
class PartOutline:
    number: int
    title: str
    text: str  # the part's chosen (or first) draft, "" if none
    topic: str = ""  # that draft's own title or topic line, when it has one


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
    r"|last week,? (?:we|i) (?:explored|looked at|discussed|covered|talked about|learned|saw|introduced|promised)"
    r"|(?:we|i) promised (?:you )?last week"
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


# "Next week I will start a new series on transformers": a promise about another
# series, not a teaser for a part of this one.
_NEW_SERIES = re.compile(
    r"\b(?:a|my|our|another|the) (?:new|next|fresh|brand[- ]new) series\b"
    r"|\bnew series (?:on|about)\b",
    re.IGNORECASE,
)
# The teaser's framing, not what it promises: "I will explain how …".
_PROMISE_FRAME = re.compile(
    r"^[\s,:;(\-]*(?:i|we)(?:'ll| will| am going to| are going to)?\s+"
    r"(?:explain|show|cover|look at|dive into|explore|walk (?:you )?through|talk about|discuss|share|start)\s+(?:you\s+)?",
    re.IGNORECASE,
)
OPENING_PARAGRAPHS = 3  # what a part "is about": its titles and its first paragraphs


def is_callback(sentence: str) -> bool:
    """Does the sentence point back at an earlier post ("As promised last week")?"""
    return bool(_CALLBACK.search(straighten(sentence)))


def is_new_series(sentence: str) -> bool:
    """Does the sentence promise another series ("a new series on transformers")?"""
    return bool(_NEW_SERIES.search(straighten(sentence)))


def is_teaser(sentence: str) -> bool:
    """Does the sentence promise a later post of this series ("In next week's post")?"""
    straight = straighten(sentence)
    return bool(_TEASER.search(straight)) and not _NEW_SERIES.search(straight)


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


def _series_words(outline: dict[int, PartOutline]) -> set[str]:
    """Keywords every part's title shares ("neural network"): not what a part is about."""
    titles = [_keywords(f"{p.title}") for p in outline.values() if p.title]
    if len(titles) < 2:
        return set()
    return set.intersection(*titles)


def _opening(text: str) -> str:
    """The first OPENING_PARAGRAPHS paragraphs of prose (headings, hashtag lines,
    front matter skipped)."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        stripped = block.strip()
        if not stripped or stripped.startswith(("#", "---")):
            continue
        paragraphs.append(stripped)
        if len(paragraphs) == OPENING_PARAGRAPHS:
            break
    return "\n\n".join(paragraphs)


def about(part: PartOutline) -> str:
    """What a part is about, in its own words: its topic line (or title) and its
    first sentence of prose.

    >>> about(PartOutline(2, "Soil", "# Soil\\n\\nClay holds water. Sand does not.", "Reading soil"))
    '“Reading soil”: Clay holds water'
    """
    heading = part.topic or part.title
    first = next(iter(sentences_of(_opening(part.text))), "")
    if heading and first:
        return f"“{heading}”: {first.rstrip('.!?…')}"
    return f"“{heading}”" if heading else first


def _about_words(part: PartOutline) -> set[str]:
    return _keywords(f"{part.title} {part.topic} {_opening(part.text)}")


def promise(sentence: str, match: re.Match[str]) -> str:
    """What a teaser promises: the words after its framing.

    >>> promise(*_teaser_match("In next week's post (Part 2), I will explain how backprop works."))
    'how backprop works'
    """
    rest = _PART_REF.sub(" ", sentence[match.end() :])
    rest = re.sub(r"^[\s,:;()\-]+", "", rest)
    rest = _PROMISE_FRAME.sub("", rest)
    return rest.strip().rstrip(".!?…").strip()


def _teaser_match(sentence: str) -> tuple[str, re.Match[str]]:
    straight = straighten(sentence)
    match = _TEASER.search(straight)
    assert match is not None
    return straight, match


def _kept(promised: set[str], delivered: set[str]) -> bool:
    """Enough shared keywords for a promise to count as kept: one is enough only
    when one side has at most two keywords; two for up to five, else three.

    >>> _kept({"backpropagation", "gradient", "descent", "weight"}, {"vector", "weight"})
    True
    >>> _kept({"backpropagation", "gradient", "descent", "weight", "train"}, {"vector", "databas", "weight", "index"})
    False
    """
    smaller = min(len(promised), len(delivered))
    needed = 1 if smaller <= 2 else 2 if smaller <= 5 else 3
    return len(promised & delivered) >= needed


def _teaser_findings(
    raw: str, match: re.Match[str], part_number: int, outline: dict[int, PartOutline]
) -> list[Finding]:
    """match is _TEASER in raw (quotes already made straight)."""
    sentence = match.string
    if match.group("num") and _number(match.group("num")) <= part_number:
        return []  # "In Part 1 …" written in Part 2 looks back, not ahead
    if _NEW_SERIES.search(sentence):
        return []  # a promise about the writer's next series
    later = [n for n in map(_number, _PART_REF.findall(sentence)) if n > part_number]
    target = later[0] if later else part_number + 1
    if target not in outline:
        if not later and part_number >= max(outline):
            message = "This is the last part, but it promises another post."
            return [_continuity("teaser-in-last-part", message, raw)]
        message = f"The post teases Part {target}, which is not in the series outline."
        return [_continuity("teaser-missing-part", message, raw)]
    part = outline[target]
    if not (part.text or part.topic):
        return []  # nothing written for that part yet: nothing to compare
    generic = _series_words(outline)
    promised_text = promise(sentence, match)
    promised = _keywords(promised_text) - generic
    delivered = _about_words(part) - generic
    if promised and delivered and not _kept(promised, delivered):
        message = f"The teaser promises {promised_text or 'more'}; Part {target} is about {about(part)}."
        return [_continuity("teaser-off-topic", message, raw)]
    return []


def _callback_findings(
    raw: str, following: str, part_number: int, outline: dict[int, PartOutline]
) -> list[Finding]:
    """A callback in Part N (N > 1) against what Part N-1 promised, else what it is about."""
    earlier = outline.get(part_number - 1)
    if earlier is None or not earlier.text:
        return []
    generic = _series_words(outline)
    straight = straighten(raw)
    recalled = _keywords(f"{_CALLBACK.sub(' ', straight)} {following}") - generic
    teasers = [
        (s, m)
        for s in (straighten(x) for x in sentences_of(earlier.text))
        if (m := _TEASER.search(s)) and not _NEW_SERIES.search(s)
    ]
    promised_text = promise(*teasers[-1]) if teasers else ""
    if not teasers and re.search(r"\bpromised\b", straight, re.IGNORECASE):
        message = f"The post says “as promised”, but Part {part_number - 1} promises nothing about the next post."
        return [_continuity("callback-unpromised", message, raw)]
    expected = (
        _keywords(promised_text) if promised_text else _about_words(earlier)
    ) - generic
    if recalled and expected and not _kept(expected, recalled):
        said = (
            f"promised {promised_text}"
            if promised_text
            else f"is about {about(earlier)}"
        )
        message = (
            f"The post calls back to last week, but Part {part_number - 1} {said}."
        )
        return [_continuity("callback-mismatch", message, raw)]
    return []


_PATTERNS = (_CALLBACK, _TEASER, _PART_REF, _SERIES_LENGTH)
# A word every match of one of _PATTERNS holds (read the branches: "as
# promised", "last week", "my previous post", "continuation of", "picking up",
# "welcome back", "next week", "tomorrow's post", "part 3"). Finding these
# plain words in all the sentences at once is a sixth of running the patterns
# themselves over them; only the sentences holding one are read further.
# (Written first letter first: the engine then skips every other letter fast.)
_CUE = re.compile(
    r"[pntlcw](?:art|romised|revious|icking|ext|omorrow|ast|ontinuation|elcome)",
    re.IGNORECASE,
)
# Between sentences, for _mentioning: a cue word never holds it.
_BETWEEN = "\n.\n"


def _mentioning(sentences: Sequence[str]) -> list[int]:
    """The indices of the sentences any continuity pattern matches, in order:
    the only ones check_continuity can report on."""
    joined = straighten(_BETWEEN.join(sentences))
    starts, at = [], 0
    for sentence in sentences:
        starts.append(at)
        at += len(sentence) + len(_BETWEEN)
    cued = sorted(
        {bisect.bisect_right(starts, m.start()) - 1 for m in _CUE.finditer(joined)}
    )
    straight = {k: straighten(sentences[k]) for k in cued}
    return [k for k in cued if any(p.search(straight[k]) for p in _PATTERNS)]


def check_continuity(
    text: str, part_number: int, outline: Sequence[PartOutline]
) -> list[Finding]:
    """Series promises against the outline.

    callback-in-first-part: the first part refers back to an earlier post.
    callback-unpromised / callback-mismatch: Part N says "as promised" and Part N-1
        promised nothing, or its callback (with the sentence after it) shares no
        keyword with what Part N-1 promised (or, without a teaser, is about).
    teaser-missing-part / teaser-in-last-part / teaser-off-topic: "Next week",
        "In next week's post (Part 2)", "In Part 3, …" point at a part that does not
        exist, at nothing (last part), or at a part whose topic line, title and
        first OPENING_PARAGRAPHS paragraphs share too few keywords with what the
        teaser promises (one is not enough for a promise of four or more; words
        every part's title shares do not count). "A new series on …" is no teaser.
    part-reference-missing: "Part N" where N is not in the outline.
    series-length-claim: "two-part series" or "Part 1 of 3" with another outline length.
    With an empty outline only the callback check runs (nothing to compare with).
    """
    parts = {p.number: p for p in outline}
    first = min(parts, default=1)
    findings: list[Finding] = []
    sentences = sentences_of(text)
    for index in _mentioning(sentences):
        raw = sentences[index]
        sentence = straighten(raw)
        callback = _CALLBACK.search(sentence)
        if part_number <= first and callback:
            message = "This is the first part, but it refers back to an earlier post."
            findings.append(_continuity("callback-in-first-part", message, raw))
        if not parts:
            continue
        if callback and part_number > first:
            following = sentences[index + 1] if index + 1 < len(sentences) else ""
            findings += _callback_findings(raw, following, part_number, parts)
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
