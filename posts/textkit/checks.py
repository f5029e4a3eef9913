"""Checks a writer runs before posting: voice, declared numbers, continuity, platform.

Pure Python (no Django). Every check takes the post's Markdown body (front matter
and the generator's scaffolding already split off) and returns plain dataclasses.
They run as the author types, so each is roughly linear in the text length.

    >>> [f.code for f in check_declared("Three short words.", 5, None, None)]
    ['declared-word-count']

API
    split_sentences(text) -> list[str]
        Markdown-aware enough that evidence reads well: headings and list items are
        their own sentences, emphasis marks and link targets are dropped, fenced code
        is skipped. A break is ".", "!", "?" or "…" (optionally followed by a closing
        quote or bracket) and then whitespace; "e.g. this" is split, which is fine.
    voice_elements_from_checklist([(label, quoted phrase | None)]) -> [VoiceElement]
        A quoted phrase becomes a "phrases" element; a quote ending in "..." or "…"
        becomes starts_with (the ellipsis stripped). Items without a quote are
        "manual". Labels keep only the part before "(": 'Series callback'. When the
        phrase is None, the first quote inside the label is used instead, so
        ('Hook ("So what is...")', None) still gives a starts_with "So what is".
    check_voice(text, elements, ticked_manual) -> ([VoiceHit], score)
    check_declared(text, declared_word_count, declared_part, part_position) -> [Finding]
    check_generator_claims(text, [(label, phrase | None, ticked)]) -> [Finding]
    check_continuity(text, part_number, [PartOutline]) -> [Finding]
    check_platform(text, platform_key) -> [Finding]
    run_all(text, *, platform_key, part_number, outline, ...) -> [Finding]
        in this order: declared, voice, continuity, platform.

Phrase matching ("phrases" mode) compares words only: case, punctuation, curly or
straight quotes, dashes and spacing are ignored, so 'And the best part?' matches
"and the best part —". A starts_with phrase must begin a sentence; a plain phrase
may appear anywhere. Generator claims are looser: a ticked claim is false only when
its words appear nowhere, so a claim never fails on sentence splitting.

Regex elements are searched sentence by sentence (IGNORECASE, each sentence cut
at 2,000 characters). Python's re has no timeout, so a pattern longer than 300
characters or with a repeated repeated group ("(a+)+") is refused: VoiceHit.present
is None, .error says why, and run_all reports "voice-pattern-invalid".

Finding codes: declared-word-count, declared-part; voice-claim-false,
voice-missing, voice-pattern-invalid; callback-in-first-part, teaser-missing-part,
teaser-in-last-part, teaser-off-topic, part-reference-missing, series-length-claim;
over-limit, hook-after-fold, hashtag-count, link-count.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from posts.textkit import metrics
from posts.textkit.plaintext import to_plain_text

# ---------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class VoiceElement:
    label: str
    mode: str  # "phrases" | "regex" | "manual"
    phrases: tuple[str, ...] = ()
    pattern: str = ""
    starts_with: bool = False


@dataclass(frozen=True)
class VoiceHit:
    element: VoiceElement
    present: bool | None  # None: manual and not ticked, or the pattern is unusable
    evidence: str  # the sentence that matched, "" if none
    error: str = ""  # why a regex element could not be checked


@dataclass(frozen=True)
class Finding:
    kind: str  # "voice" | "declared" | "continuity" | "platform"
    severity: str  # "error" | "warning" | "info"
    code: str  # stable id, see the check functions
    message: str  # plain English for the writer
    evidence: str  # the sentence or value that triggered it
    fix: dict | None = None  # {"action": ..., "value": ...} when one click can fix it


@dataclass(frozen=True)
class PartOutline:
    number: int
    title: str
    text: str  # the part's chosen (or first) draft, "" if none


# ---------------------------------------------------------------- sentences

_FENCE_LINE = re.compile(r"^[ \t]*(```|~~~)")
_RULE = re.compile(r"^(?:[-*_][ \t]*){3,}$")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]")
_BLOCK_START = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|>|[-*+][ \t]|\d+[.)][ \t])")
_EMPHASIS = re.compile(r"\*\*|__|`+|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+")
_WORDLIKE = re.compile(r"[^\W_]")


def split_sentences(text: str) -> list[str]:
    """Sentences as a reader sees them.

    >>> split_sentences("# Title\\n\\nIt **works**. See [docs](https://x.y)!")
    ['Title', 'It works.', 'See docs!']
    """
    return list(_sentences(text))


@lru_cache(maxsize=512)
def _sentences(text: str) -> tuple[str, ...]:
    """split_sentences, remembered: every check of a draft reads its sentences."""
    sentences: list[str] = []
    unit: list[str] = []

    def flush() -> None:
        for piece in _SENTENCE_BREAK.split(" ".join(unit)):
            piece = piece.strip()
            if _WORDLIKE.search(piece):
                sentences.append(piece)
        unit.clear()

    in_fence = False
    for line in text.splitlines():
        if _FENCE_LINE.match(line):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        if not line.strip() or _RULE.match(line.strip()):
            flush()
            continue
        if _BLOCK_START.match(line):
            flush()
        unit.append(_EMPHASIS.sub("", metrics.strip_markup(line)).strip())
        if _HEADING.match(line):
            flush()
    flush()
    return tuple(sentences)


# ---------------------------------------------------------------- phrase matching

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")
_QUOTE_IN_LABEL = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def _phrase(label: str, phrase: str | None) -> str | None:
    """The given phrase, else the first quote in the label: 'Hook ("So...")' -> 'So...'."""
    if phrase and phrase.strip():
        return phrase.strip()
    quoted = _QUOTE_IN_LABEL.search(label)
    return quoted.group(1).strip() if quoted else None


def _words(text: str) -> str:
    """'And the  best part?' -> 'and the best part' (the unit phrase matching uses)."""
    return " ".join(_TOKEN.findall(text.translate(_QUOTES).casefold()))


def _find_phrase(
    sentences: Sequence[str], phrase: str, starts_with: bool
) -> str | None:
    """The first sentence holding the phrase, or None."""
    wanted = _words(phrase)
    if not wanted:
        return None
    for sentence in sentences:
        words = f" {_words(sentence)} "
        found = (
            words.startswith(f" {wanted} ") if starts_with else f" {wanted} " in words
        )
        if found:
            return sentence
    return None


# ---------------------------------------------------------------- voice

_MAX_PATTERN = 300
_MAX_SENTENCE_FOR_REGEX = 2000
# A quantified group holding a quantifier ("(a+)+", "(\w*)*") can backtrack for
# minutes on one sentence; Python's re has no timeout, so such patterns are refused.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]")


def voice_elements_from_checklist(
    items: Iterable[tuple[str, str | None]],
) -> list[VoiceElement]:
    """Generator checklist items -> elements.

    >>> voice_elements_from_checklist([('Series callback ("As promised...")', "As promised...")])
    [VoiceElement(label='Series callback', mode='phrases', phrases=('As promised',), pattern='', starts_with=True)]
    """
    elements = []
    for label, given in items:
        short = label.split("(", 1)[0].strip() or label.strip()
        phrase = _phrase(label, given)
        if not phrase:
            elements.append(VoiceElement(short, "manual"))
            continue
        starts_with = bool(_ELLIPSIS.search(phrase))
        cleaned = _ELLIPSIS.sub("", phrase).strip()
        elements.append(
            VoiceElement(short, "phrases", (cleaned,), starts_with=starts_with)
        )
    return elements


def _compile(pattern: str) -> tuple[re.Pattern[str] | None, str]:
    if len(pattern) > _MAX_PATTERN:
        return None, f"the pattern is longer than {_MAX_PATTERN} characters"
    if _NESTED_QUANTIFIER.search(pattern):
        return None, "the pattern repeats a repeated group, which can hang"
    try:
        return re.compile(pattern, re.IGNORECASE), ""
    except re.error as exc:
        return None, f"the pattern is not a valid regular expression ({exc})"


def _voice_hit(
    sentences: Sequence[str],
    element: VoiceElement,
    ticked_manual: frozenset[str] | set[str],
) -> VoiceHit:
    if element.mode == "regex":
        compiled, error = _compile(element.pattern)
        if compiled is None:
            return VoiceHit(element, None, "", error)
        for sentence in sentences:
            if compiled.search(sentence.translate(_QUOTES)[:_MAX_SENTENCE_FOR_REGEX]):
                return VoiceHit(element, True, sentence)
        return VoiceHit(element, False, "")
    if element.mode == "phrases" and element.phrases:
        for phrase in element.phrases:
            sentence = _find_phrase(sentences, phrase, element.starts_with)
            if sentence is not None:
                return VoiceHit(element, True, sentence)
        return VoiceHit(element, False, "")
    # Manual: only the writer can tell; a tick counts as present.
    return VoiceHit(element, True if element.label in ticked_manual else None, "")


def check_voice(
    text: str,
    elements: Iterable[VoiceElement],
    ticked_manual: frozenset[str] | set[str] = frozenset(),
) -> tuple[list[VoiceHit], float]:
    """Which voice elements the text shows, and the share present among the checkable.

    Checkable: phrase and regex elements, and manual ones the writer ticked
    (ticked_manual holds labels). Score is 0.0 when nothing is checkable.
    """
    sentences = _sentences(text)
    hits = [_voice_hit(sentences, element, ticked_manual) for element in elements]
    checkable = [hit for hit in hits if hit.present is not None]
    score = (
        sum(1 for hit in checkable if hit.present) / len(checkable)
        if checkable
        else 0.0
    )
    return hits, score


def check_generator_claims(
    text: str, checklist: Iterable[tuple[str, str | None, bool]]
) -> list[Finding]:
    """Ticked checklist items whose quoted words are nowhere in the text."""
    sentences = _sentences(text)
    findings = []
    for label, given, ticked in checklist:
        phrase = _phrase(label, given)
        if not ticked or not phrase:
            continue
        bare = _ELLIPSIS.sub("", phrase).strip()
        if bare and _find_phrase(sentences, bare, starts_with=False) is None:
            short = label.split("(", 1)[0].strip() or label
            message = (
                f"The generator ticked “{short}”, but “{bare}” is not in the post."
            )
            findings.append(
                Finding("voice", "warning", "voice-claim-false", message, bare)
            )
    return findings


def _voice_findings(
    hits: Iterable[VoiceHit], already_reported: set[str]
) -> list[Finding]:
    findings = []
    for hit in hits:
        element = hit.element
        if hit.error:
            message = (
                f"The voice element “{element.label}” cannot be checked: {hit.error}."
            )
            findings.append(
                Finding(
                    "voice",
                    "warning",
                    "voice-pattern-invalid",
                    message,
                    element.pattern,
                )
            )
        elif hit.present is False:
            wanted = element.phrases[0] if element.phrases else element.pattern
            if _words(wanted) in already_reported:
                continue
            message = (
                f"The voice element “{element.label}” does not show up in this draft."
            )
            findings.append(Finding("voice", "info", "voice-missing", message, wanted))
    return findings


# ---------------------------------------------------------------- declared numbers


def check_declared(
    text: str,
    declared_word_count: int | None,
    declared_part: int | None,
    part_position: int | None,
) -> list[Finding]:
    """Front-matter numbers against the text: any word-count difference is reported,
    as "info" within 5% of the counted words and "warning" beyond; a part number that
    differs from the post's place in the series is a "warning"."""
    findings = []
    if declared_word_count is not None:
        counted = metrics.word_count(text)
        if declared_word_count != counted:
            off = abs(declared_word_count - counted)
            severity = "info" if off <= 0.05 * max(counted, 1) else "warning"
            message = f"The draft says {declared_word_count} words; it has {counted}."
            evidence = f"declared {declared_word_count}, counted {counted}"
            fix = {"action": "set-declared-word-count", "value": counted}
            findings.append(
                Finding(
                    "declared", severity, "declared-word-count", message, evidence, fix
                )
            )
    if (
        declared_part is not None
        and part_position is not None
        and declared_part != part_position
    ):
        message = f"The draft calls itself Part {declared_part}, but it sits at Part {part_position} of the series."
        evidence = f"declared part {declared_part}, position {part_position}"
        fix = {"action": "set-declared-part", "value": part_position}
        findings.append(
            Finding("declared", "warning", "declared-part", message, evidence, fix)
        )
    return findings


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
        for w in _words(text).split()
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
    for raw in _sentences(text):
        sentence = raw.translate(_QUOTES)
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


# ---------------------------------------------------------------- platform

# Feeds that show link cards or rank link posts down allow few links: at most 2 on
# X, Bluesky and Threads, at most 5 on LinkedIn and Mastodon. A blog has no limit.
_FEW_LINKS = {"x": 2, "bluesky": 2, "threads": 2}
_DEFAULT_LINK_LIMIT = 5


def _hook(plain: str) -> str:
    """The first sentence of the plain text: what has to make a reader click."""
    return next(iter(_sentences(plain)), "")


def _platform(
    code: str, message: str, evidence: str, severity: str = "warning"
) -> Finding:
    return Finding("platform", severity, code, message, evidence)


def check_platform(text: str, platform_key: str | None) -> list[Finding]:
    """over-limit (error), hook-after-fold, hashtag-count and link-count (warnings).

    The hook is after the fold when the desktop feed's "…see more" (metrics.fold:
    a character limit or the third line break, whichever comes first) cuts into
    the first sentence. Hashtags follow Platform.hashtag_range; links follow
    _FEW_LINKS / _DEFAULT_LINK_LIMIT, and a blog has no link rule.
    """
    m = metrics.measure(text, platform_key)
    spec = m.platform
    findings = []
    if m.over_limit:
        message = f"{spec.name} allows {m.char_limit} characters; this post has {m.characters} ({m.over_limit} too many)."
        evidence = f"{m.characters} / {m.char_limit} characters"
        findings.append(_platform("over-limit", message, evidence, "error"))
    hook = _hook(to_plain_text(text))
    shown = m.fold_desktop
    if (
        hook
        and shown
        and shown.cut
        and f" {_words(hook)} " not in f" {_words(shown.text)} "
    ):
        message = f"The opening sentence does not fit before “see more” on {spec.name} (desktop), so most readers never see all of it."
        findings.append(_platform("hook-after-fold", message, hook))
    if spec.hashtag_range:
        low, high = spec.hashtag_range
        if not low <= m.hashtag_count <= high:
            message = f"{spec.name} posts do best with {low}–{high} hashtags; this one has {m.hashtag_count}."
            findings.append(_platform("hashtag-count", message, " ".join(m.hashtags)))
    link_limit = (
        None if spec.key == "blog" else _FEW_LINKS.get(spec.key, _DEFAULT_LINK_LIMIT)
    )
    if link_limit is not None and m.link_count > link_limit:
        message = f"{spec.name} posts should carry at most {link_limit} links; this one has {m.link_count}."
        findings.append(_platform("link-count", message, f"{m.link_count} links"))
    return findings


# ---------------------------------------------------------------- all together


def run_all(
    text: str,
    *,
    platform_key: str | None,
    part_number: int,
    outline: Sequence[PartOutline],
    declared_word_count: int | None = None,
    declared_part: int | None = None,
    checklist: Iterable[tuple[str, str | None, bool]] = (),
    elements: Iterable[VoiceElement] = (),
    ticked_manual: frozenset[str] | set[str] = frozenset(),
) -> list[Finding]:
    """Every check, ordered declared, voice, continuity, platform.

    An element the text lacks gives "voice-missing" (info) unless the same words
    were already reported as a false generator claim.
    """
    findings = check_declared(text, declared_word_count, declared_part, part_number)
    claims = check_generator_claims(text, checklist)
    hits, _score = check_voice(text, elements, ticked_manual)
    findings += claims + _voice_findings(hits, {_words(f.evidence) for f in claims})
    findings += check_continuity(text, part_number, outline)
    findings += check_platform(text, platform_key)
    return findings
