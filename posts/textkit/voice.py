"""Voice checks: voice elements, phrase matching, check_voice and generator claims.

Pure Python (no Django); posts.textkit.checks re-exports the public names.

    voice_elements_from_checklist([(label, quoted phrase | None)]) -> [VoiceElement]
    check_voice(text, elements, ticked_manual) -> ([VoiceHit], score)
    check_generator_claims(text, [(label, phrase | None, ticked)]) -> [Finding]

Phrase matching ("phrases" mode) compares words only: case, punctuation, curly or
straight quotes, dashes and spacing are ignored, so 'And the best part?' matches
"and the best part —". A starts_with phrase must begin a sentence; a plain phrase
may appear anywhere. Generator claims are looser: a ticked claim is false only when
its words appear nowhere, so a claim never fails on sentence splitting.

Regex elements are the writer's own patterns, run on every preview, so they are
matched by RE2 (google-re2), whose time is linear in the text whatever the
pattern: "(a|a)*c" or ".*.*.*.*x" cannot stall a worker as they do in Python's re.
They are searched sentence by sentence, ignoring case, each sentence cut at 2,000
characters. RE2 has no look-arounds ("(?=…)", "(?<!…)") and no back-references
("\\1"), and its \\w and \\b know ASCII letters only (\\p{L} is any letter). A
pattern RE2 cannot run, or longer than 300 characters, is never run:
VoiceHit.present is None, .error says why (voice_pattern_error gives the same text
for forms), and run_all reports "voice-pattern-invalid".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import re2  # type: ignore[import-untyped]  # google-re2 ships no type hints

from posts.textkit.findings import Finding
from posts.textkit.sentences import phrase_words, sentences_of, straighten


@dataclass(frozen=True)
class VoiceElement:
    label: str
    mode: str  # "phrases" | "regex" | "manual" | "all" (every phrase, anywhere)
    phrases: tuple[str, ...] = ()
    pattern: str = ""
    starts_with: bool = False


@dataclass(frozen=True)
class VoiceHit:
    element: VoiceElement
    present: bool | None  # None: manual and not ticked, or the pattern is unusable
    evidence: str  # the sentence that matched, "" if none
    error: str = ""  # why a regex element could not be checked
    missing: tuple[str, ...] = ()  # "all" elements: the phrases not in the text
    note: str = ""  # why the verdict is what it is (position, another wording)


# ---------------------------------------------------------------- phrase matching

_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")
_QUOTE_IN_LABEL = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def _phrase(label: str, phrase: str | None) -> str | None:
    """The given phrase, else the first quote in the label: 'Hook ("So...")' -> 'So...'."""
    if phrase and phrase.strip():
        return phrase.strip()
    quoted = _QUOTE_IN_LABEL.search(label)
    return quoted.group(1).strip() if quoted else None


MAX_GAP = 3  # other words allowed between a long phrase's words


def _opening_clause(example: str) -> str:
    """A quote ending in "…" is an example opening; its first clause is the
    signature ("You may wonder, why neural networks, or how" -> "You may wonder")."""
    first = example.split(",", 1)[0].strip()
    return first if len(first.split()) >= 2 else example


def _find_phrase(
    sentences: Sequence[str], phrase: str, starts_with: bool
) -> str | None:
    """The first sentence holding the phrase, or None.

    A phrase of three words or more also matches with its words in order and
    up to MAX_GAP other words between them: generators quote their signature
    phrases loosely ("difference between using and architecting" for "the
    difference between using AI tools and architecting AI solutions").
    """
    wanted = phrase_words(phrase)
    if not wanted:
        return None
    for sentence in sentences:
        words = f" {phrase_words(sentence)} "
        if words.startswith(f" {wanted} ") if starts_with else f" {wanted} " in words:
            return sentence
    if starts_with or len(wanted.split()) < 3:
        return None
    needed = wanted.split()
    for sentence in sentences:
        if _in_order(needed, phrase_words(sentence).split()):
            return sentence
    return None


def _in_order(needed: list[str], words: list[str]) -> bool:
    """`needed` appears in `words` in order, at most MAX_GAP words apart."""
    for start, word in enumerate(words):
        if word != needed[0]:
            continue
        at, ok = start, True
        for want in needed[1:]:
            window = words[at + 1 : at + 2 + MAX_GAP]
            if want not in window:
                ok = False
                break
            at += 1 + window.index(want)
        if ok:
            return True
    return False


# ---------------------------------------------------------------- voice

_MAX_PATTERN = 300
_MAX_SENTENCE_FOR_REGEX = 2000


def _re2_options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = (
        False  # a refused pattern is reported to the writer, not to stderr
    )
    return options


_RE2_OPTIONS = _re2_options()


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
        if starts_with:
            cleaned = _opening_clause(cleaned)
        elements.append(
            VoiceElement(short, "phrases", (cleaned,), starts_with=starts_with)
        )
    return elements


_PARENTHESES = re.compile(r"\(([^()]*)\)\s*$")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_RESOURCES = re.compile(
    r"\b(?:resources?|sources?|references?|reading)\b", re.IGNORECASE
)


def literal_items(label: str) -> tuple[str, ...]:
    """What a checklist item names literally in its parentheses, or ().

    Numbers: "Specific numbers (784 neurons, 128 hidden, 100,352 connections)"
    gives ('784', '128', '100,352'). Names of resources: "Specific resources
    (3Blue1Brown, Andrew Ng)" gives ('3Blue1Brown', 'Andrew Ng'). Anything else in
    parentheses ("Concrete example (MNIST handwriting recognition)") describes
    rather than quotes, so it gives () and the item stays for the writer to tick.

    >>> literal_items("Specific numbers (784 neurons, 10 output, 100,352 connections)")
    ('784', '10', '100,352')
    >>> literal_items("Specific resources (3Blue1Brown, Andrew Ng)")
    ('3Blue1Brown', 'Andrew Ng')
    """
    inside = _PARENTHESES.search(label)
    if not inside or _QUOTE_IN_LABEL.search(label):
        return ()
    pieces = [p.strip() for p in re.split(r",\s+|\s+and\s+|;", inside.group(1))]
    pieces = [p for p in pieces if p]
    if not pieces:
        return ()
    numbers = [_NUMBER.search(p) for p in pieces]
    if all(numbers):
        return tuple(m.group().rstrip(",") for m in numbers if m)
    if _RESOURCES.search(label.split("(", 1)[0]):
        return tuple(pieces)
    return ()


def checklist_elements(items: Iterable[tuple[str, str | None]]) -> list[VoiceElement]:
    """A draft's own generator checklist -> elements: each quote anywhere in the
    text (as check_generator_claims reads a claim), and items that list numbers or
    names of resources become "all" elements, so each of those must be in the text.

    >>> checklist_elements([("Specific resources (3Blue1Brown, Andrew Ng)", None)])[0].mode
    'all'
    """
    elements = []
    for element, (label, given) in zip(
        voice_elements_from_checklist(items := list(items)), items, strict=True
    ):
        literal = literal_items(label)
        phrase = _phrase(label, given)
        if literal and element.mode == "manual":
            element = VoiceElement(element.label, "all", literal)
        elif phrase and element.mode == "phrases":
            # The generator's claim as check_generator_claims reads it: its whole
            # quote, anywhere, so the checklist's ✓ and its claim never disagree.
            element = VoiceElement(
                element.label, "phrases", (_ELLIPSIS.sub("", phrase).strip(),)
            )
        elements.append(element)
    return elements


# Keyed by a voice profile's patterns (a handful per series), not by texts; a
# compiled RE2 program cannot be pickled into Django's cache.
@lru_cache(maxsize=256)
def _compile(pattern: str) -> tuple[re2._Regexp | None, str]:
    """The pattern compiled by RE2, or None and why not (in words for the writer)."""
    if len(pattern) > _MAX_PATTERN:
        return None, f"the pattern is longer than {_MAX_PATTERN} characters"
    try:
        return re2.compile(pattern.encode("utf-8", "surrogatepass"), _RE2_OPTIONS), ""
    except re2.error as exc:
        detail = exc.args[0] if exc.args else ""
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        return None, f"the pattern is not a valid regular expression ({exc})"
    return None, (
        "the pattern uses what the safe pattern engine (RE2) cannot run, such as "
        f"look-arounds like (?=…) or back-references like \\1 (RE2: {detail})"
    )


def voice_pattern_error(pattern: str) -> str:
    """Why a regex element's pattern cannot be used, or "" when it can.

    >>> voice_pattern_error(r"\\bwhy\\b")
    ''
    >>> voice_pattern_error("(?<=so) why")[:45]
    'the pattern uses what the safe pattern engine'
    """
    return _compile(pattern)[1]


def _haystacks(sentences: tuple[str, ...]) -> tuple[bytes, ...]:
    """Each sentence as regex elements read it, prepared once for all of them:
    quotes made straight, cut, and UTF-8 (so RE2 maps no offsets back to str;
    "replace" so that a stray surrogate cannot raise)."""
    return tuple(
        straighten(s)[:_MAX_SENTENCE_FOR_REGEX].encode("utf-8", "replace")
        for s in sentences
    )


def _voice_hit(
    sentences: tuple[str, ...],
    element: VoiceElement,
    ticked_manual: frozenset[str] | set[str],
    haystacks: tuple[bytes, ...] = (),
) -> VoiceHit:
    if element.mode == "regex":
        compiled, error = _compile(element.pattern)
        if compiled is None:
            return VoiceHit(element, None, "", error)
        for sentence, haystack in zip(sentences, haystacks, strict=True):
            if compiled.search(haystack):
                return VoiceHit(element, True, sentence)
        return VoiceHit(element, False, "")
    if element.mode == "all" and element.phrases:
        where = {p: _find_phrase(sentences, p, False) for p in element.phrases}
        missing = tuple(p for p, sentence in where.items() if sentence is None)
        evidence = next((sentence for sentence in where.values() if sentence), "")
        return VoiceHit(element, not missing, evidence, missing=missing)
    if element.mode == "phrases" and element.phrases:
        for phrase in element.phrases:
            found = _find_phrase(sentences, phrase, element.starts_with)
            if found is not None:
                return VoiceHit(element, True, found)
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
    sentences = sentences_of(text)
    elements = tuple(elements)
    regex = any(element.mode == "regex" for element in elements)
    haystacks = _haystacks(sentences) if regex else ()
    hits = [
        _voice_hit(sentences, element, ticked_manual, haystacks) for element in elements
    ]
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
    sentences = sentences_of(text)
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


def voice_findings(
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
            if phrase_words(wanted) in already_reported:
                continue
            message = (
                f"The voice element “{element.label}” does not show up in this draft."
            )
            findings.append(Finding("voice", "info", "voice-missing", message, wanted))
    return findings
