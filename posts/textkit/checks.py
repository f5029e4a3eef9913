"""Checks a writer runs before posting: voice, declared numbers, continuity, platform.

Pure Python (no Django). Every check takes the post's Markdown body (front matter
and the generator's scaffolding already split off) and returns plain dataclasses.
They run as the author types, so each is roughly linear in the text length.

    >>> [f.code for f in check_declared("Three short words.", 5, None, None)]
    ['declared-word-count']

API (the module each lives in, when not this one)
    split_sentences(text) -> list[str]  (sentences.py)
        The preview's sentences: headings and list items are their own sentences,
        emphasis marks and link targets are dropped, fenced code is skipped.
    voice_elements_from_checklist([(label, quoted phrase | None)]) -> [VoiceElement]  (voice.py)
        A quoted phrase becomes a "phrases" element; a quote ending in "..." or "…"
        becomes starts_with (the ellipsis stripped). Items without a quote are
        "manual". Labels keep only the part before "(": 'Series callback'. When the
        phrase is None, the first quote inside the label is used instead, so
        ('Hook ("So what is...")', None) still gives a starts_with "So what is".
    check_voice(text, elements, ticked_manual) -> ([VoiceHit], score)  (voice.py)
    voice_pattern_error(pattern) -> str  (voice.py)
        Why a regex element's pattern cannot run ("" when it can): RE2, linear time.
    check_declared(text, declared_word_count, declared_part, part_position) -> [Finding]
    check_generator_claims(text, [(label, phrase | None, ticked)]) -> [Finding]  (voice.py)
    check_continuity(text, part_number, [PartOutline]) -> [Finding]  (continuity.py)
    check_platform(text, platform_key) -> [Finding]
    check_draft(text, *, platform_key, part_number, outline, ...) -> DraftChecks
        .findings in this order: declared, voice, continuity, platform; .own and
        .profile: the voice hits against the draft's own checklist
        (checklist_elements in voice.py: numbers and resource names checked
        literally) and the series profile, placed in the series (verdicts.py);
        .own_tally / .profile_tally: "8 of 11 verified, 3 to tick".
    run_all(...) -> [Finding]: check_draft's findings.

This module is the public one: the names above (and Finding, PartOutline,
VoiceElement, VoiceHit) are imported from here. Phrase matching and the limits on
regex elements are described in posts.textkit.voice. All checks read sentences
through posts.textkit.sentences, which reads them off the one parse of the
text (posts.textkit.document), so a text is split once and counted as the preview shows it.

Finding codes: declared-word-count, declared-part; voice-claim-false,
voice-missing, voice-pattern-invalid; callback-in-first-part, callback-unpromised,
callback-mismatch, teaser-missing-part,
teaser-in-last-part, teaser-off-topic, part-reference-missing, series-length-claim;
over-limit, hook-after-fold, hashtag-count, link-count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from posts.textkit import cleanup, counting, metrics
from posts.textkit.continuity import PartOutline, check_continuity
from posts.textkit.document import split_into_sentences
from posts.textkit.findings import Finding
from posts.textkit.plaintext import to_plain_text
from posts.textkit.sentences import phrase_words, split_sentences
from posts.textkit.verdicts import VoiceTally, place, tally
from posts.textkit.voice import (
    VoiceElement,
    VoiceHit,
    check_generator_claims,
    check_voice,
    checklist_elements,
    voice_elements_from_checklist,
    voice_findings,
    voice_pattern_error,
)

__all__ = [
    "DraftChecks",
    "Finding",
    "PartOutline",
    "VoiceElement",
    "VoiceHit",
    "VoiceTally",
    "check_continuity",
    "check_draft",
    "check_declared",
    "check_generator_claims",
    "check_platform",
    "check_voice",
    "run_all",
    "split_sentences",
    "voice_elements_from_checklist",
    "voice_pattern_error",
]

# ---------------------------------------------------------------- declared numbers


def check_declared(
    text: str,
    declared_word_count: int | None,
    declared_part: int | None,
    part_position: int | None,
    parts: counting.WordBreakdown | None = None,
) -> list[Finding]:
    """Front-matter numbers against the text (`parts`: its breakdown, when the
    caller has it).

    The declared word count is compared with the count it most plausibly meant
    (counting.meant: the prose alone, with the title, …, or everything): equal is
    no finding; a difference is "info" within 5% of that count and "warning"
    beyond. The fix offers every reading as a choice ("choices": [(words, name)]),
    the plausible one first. A part number that differs from the post's place in
    the series is a "warning"."""
    findings = []
    if declared_word_count is not None:
        finding = _declared_words(
            parts or counting.breakdown(text), declared_word_count
        )
        if finding is not None:
            findings.append(finding)
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


def _declared_words(parts: counting.WordBreakdown, declared: int) -> Finding | None:
    reading = counting.meant(declared, parts)
    if reading.words == declared:
        return None
    off = reading.words - declared
    severity = "info" if abs(off) <= 0.05 * max(reading.words, 1) else "warning"
    gap = f"{abs(off)} {'more' if off > 0 else 'fewer'}"
    message = (
        f"The draft says {declared} words; {reading.description} has {reading.words} ({gap})."
        f" Counted: prose {parts.prose}, title {parts.title}, references {parts.references},"
        f" hashtags {parts.hashtags}, total {parts.total}."
    )
    evidence = f"declared {declared}, {reading.name} {reading.words}"
    choices = sorted(
        counting.readings(parts), key=lambda r: (r.words != reading.words, r.words)
    )
    fix = {
        "action": "set-declared-word-count",
        "value": reading.words,
        "choices": [(r.words, r.name) for r in choices],
    }
    return Finding("declared", severity, "declared-word-count", message, evidence, fix)


# ---------------------------------------------------------------- platform

# Feeds that show link cards or rank link posts down allow few links: at most 2 on
# X, Bluesky and Threads, at most 5 on LinkedIn and Mastodon. A blog has no limit.
_FEW_LINKS = {"x": 2, "bluesky": 2, "threads": 2}
_DEFAULT_LINK_LIMIT = 5


def _hook(plain: str) -> str:
    """The first sentence of the plain text: what has to make a reader click."""
    for block in plain.split("\n\n"):
        if sentences := split_into_sentences(block):
            return sentences[0]
    return ""


def _platform(
    code: str, message: str, evidence: str, severity: str = "warning"
) -> Finding:
    return Finding("platform", severity, code, message, evidence)


def check_platform(
    text: str, platform_key: str | None, measured: metrics.Metrics | None = None
) -> list[Finding]:
    """over-limit (error), hook-after-fold, hashtag-count and link-count (warnings).

    The hook is after the fold when the desktop feed's "…see more" (metrics.fold:
    a character limit or the third line break, whichever comes first) cuts into
    the first sentence. Hashtags follow Platform.hashtag_range; links follow
    _FEW_LINKS / _DEFAULT_LINK_LIMIT, and a blog has no link rule. `measured`:
    the text's metrics on that platform, when the caller has them.
    """
    m = measured or metrics.measure(text, platform_key)
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
        and f" {phrase_words(hook)} " not in f" {phrase_words(shown.text)} "
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
    return _not_post_text(text, spec) + findings


def _not_post_text(text: str, spec) -> list[Finding]:
    """front-matter and title-heading: lines above the post that would be posted."""
    found = []
    block = cleanup.front_matter(text)
    if block is not None:
        message = f"The draft starts with generator front matter; {spec.name} would show it as the first lines of the post."
        found.append(
            Finding(
                "platform",
                "warning",
                "front-matter",
                message,
                block.splitlines()[1] if "\n" in block else block,
                {"action": "remove-front-matter"},
            )
        )
        text = cleanup.without_front_matter(text)
    heading = cleanup.title_heading(text)
    if heading is not None and not spec.renders_markdown:
        message = f"The post opens with a title heading; {spec.name} shows plain text, so it would be the first line, before your hook."
        found.append(
            Finding(
                "platform",
                "warning",
                "title-heading",
                message,
                heading,
                {"action": "remove-title-heading"},
            )
        )
    return found


# ---------------------------------------------------------------- all together


@dataclass(frozen=True)
class DraftChecks:
    findings: list[Finding]  # declared, voice, continuity, platform
    own: list[VoiceHit]  # the draft's own generator checklist, in its order
    profile: list[VoiceHit]  # the series' voice profile

    @property
    def own_tally(self) -> VoiceTally:
        return tally(self.own)

    @property
    def profile_tally(self) -> VoiceTally:
        return tally(self.profile)


def check_draft(
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
    measured: metrics.Metrics | None = None,
) -> DraftChecks:
    """Every check, with the voice checked twice: against the draft's own checklist
    (its items as the generator wrote them, numbers and resource names checked
    literally) and against the series profile; both placed in the series
    (verdicts.place), so a sentence has one verdict.

    A ticked checklist item the text lacks is a false claim ("voice-claim-false",
    naming what is missing); a profile element the text lacks is "voice-missing"
    (info) unless the same words were already reported as a false claim.
    `measured`: metrics.measure(text, platform_key), when the caller has it.
    """
    checklist = list(checklist)
    ticked = frozenset(ticked_manual)
    continuity = check_continuity(text, part_number, outline)
    sentences = split_sentences(text)
    numbers = [p.number for p in outline] or [part_number]
    where = {"part_number": part_number, "first": min(numbers), "last": max(numbers)}
    own_elements = checklist_elements(
        [(label, phrase) for label, phrase, _ in checklist]
    )
    own_hits, _ = check_voice(text, own_elements, ticked)
    own = place(own_hits, sentences, **where, continuity=continuity)
    profile_hits, _ = check_voice(text, elements, ticked)
    profile = place(profile_hits, sentences, **where, continuity=continuity)
    claims = _false_claims(text, checklist, own)
    parts = measured.word_parts if measured else None
    findings = check_declared(
        text, declared_word_count, declared_part, part_number, parts
    )
    findings += claims + voice_findings(
        profile, {phrase_words(f.evidence) for f in claims}
    )
    findings += continuity
    findings += check_platform(text, platform_key, measured)
    return DraftChecks(findings, own, profile)


def _false_claims(
    text: str, checklist: list[tuple[str, str | None, bool]], own: list[VoiceHit]
) -> list[Finding]:
    """Phrase claims as check_generator_claims reads them; literal ones (numbers,
    resource names) name what is missing."""
    claims = check_generator_claims(text, checklist)
    for (_label, _phrase, ticked), hit in zip(checklist, own, strict=True):
        if ticked and hit.element.mode == "all" and hit.missing:
            missing = ", ".join(hit.missing)
            message = f"The generator ticked “{hit.element.label}”, but {missing} {'is' if len(hit.missing) == 1 else 'are'} not in the post."
            claims.append(
                Finding("voice", "warning", "voice-claim-false", message, missing)
            )
    return claims


def run_all(text: str, **options: Any) -> list[Finding]:
    """check_draft(text, **options)'s findings, ordered declared, voice,
    continuity, platform (the same keyword arguments)."""
    return check_draft(text, **options).findings
