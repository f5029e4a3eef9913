"""One verdict per sentence: voice hits placed in the series, and counted honestly.

Pure Python (no Django). A voice element that is a series callback ("As promised
last week…") is not wanted in the first part, and a teaser ("Next week…") is not
wanted in the last one unless it promises a new series: there the element is set
aside (VoiceHit.present None, .note says why) instead of ✓ or ✗. A hit whose
sentence continuity warns about takes continuity's verdict, so the same sentence
is never "✓ voice" and "⚠ continuity". A callback or teaser element whose exact
words are missing but whose job another sentence does ("Last week I promised…"
for "As promised last week…") is present, in other words.

    >>> str(VoiceTally(verified=8, missing=0, to_tick=3, set_aside=0))
    '8 of 11 verified, 3 to tick'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from posts.textkit.continuity import is_callback, is_new_series, is_teaser
from posts.textkit.findings import Finding
from posts.textkit.voice import VoiceElement, VoiceHit


@dataclass(frozen=True)
class VoiceTally:
    """Never a percentage: unverified items are counted, not rounded in."""

    verified: int  # found in the text, or ticked by the writer
    missing: int
    to_tick: int  # manual items nobody has ticked yet
    set_aside: int  # not wanted at this place in the series, or continuity's call

    @property
    def total(self) -> int:
        return self.verified + self.missing + self.to_tick + self.set_aside

    def __str__(self) -> str:
        text = f"{self.verified} of {self.total} verified"
        if self.missing:
            text += f", {self.missing} missing"
        if self.to_tick:
            text += f", {self.to_tick} to tick"
        if self.set_aside:
            text += f", {self.set_aside} set aside"
        return text


def tally(hits: Iterable[VoiceHit]) -> VoiceTally:
    verified = missing = to_tick = set_aside = 0
    for hit in hits:
        if hit.present:
            verified += 1
        elif hit.present is False:
            missing += 1
        elif hit.note or hit.error:
            set_aside += 1
        else:
            to_tick += 1
    return VoiceTally(verified, missing, to_tick, set_aside)


def element_kind(element: VoiceElement) -> str:
    """ "callback", "teaser" or "" for any other element.

    >>> element_kind(VoiceElement("Series continuity", "phrases", ("In next week's post",)))
    'teaser'
    """
    label = element.label.casefold()
    if "callback" in label or any(is_callback(p) for p in element.phrases):
        return "callback"
    if (
        "continuity" in label
        or "teaser" in label
        or any(is_teaser(p) for p in element.phrases)
    ):
        return "teaser"
    return ""


def place(
    hits: Iterable[VoiceHit],
    sentences: Sequence[str],
    *,
    part_number: int,
    first: int,
    last: int,
    continuity: Iterable[Finding],
) -> list[VoiceHit]:
    """The hits, with the series position and continuity's findings applied."""
    warned = {f.evidence: f.message for f in continuity}
    callbacks: list[str] = []
    teasers: list[str] = []
    new_series: list[str] = []
    found = False  # only callback and teaser elements look at the other sentences
    placed = []
    for hit in hits:
        kind = element_kind(hit.element)
        if kind and not found:
            callbacks = [s for s in sentences if is_callback(s)]
            teasers = [s for s in sentences if is_teaser(s)]
            new_series = [s for s in sentences if is_new_series(s)]
            found = True
        if kind == "callback" and part_number <= first:
            evidence = hit.evidence or next(iter(callbacks), "")
            note = f"Part {part_number} opens the series: there is no last week to call back to."
            if evidence in warned:
                note += " Continuity flags the callback."
            hit = replace(hit, present=None, evidence=evidence, note=note)
        elif kind == "teaser" and part_number >= last and first != last:
            if new_series:
                hit = replace(
                    hit,
                    present=True,
                    evidence=new_series[0],
                    note="The last part: it points to a new series, as it should.",
                )
            else:
                evidence = hit.evidence or next(iter(teasers), "")
                note = "The last part: there is no next part to tease."
                if evidence in warned:
                    note = f"Continuity: {warned[evidence]}"
                hit = replace(hit, present=None, evidence=evidence, note=note)
        elif (
            kind
            and hit.present is False
            and (callbacks if kind == "callback" else teasers)
        ):
            other = (callbacks if kind == "callback" else teasers)[0]
            hit = replace(hit, present=True, evidence=other, note="In other words.")
        if hit.present and hit.evidence in warned:
            note = f"Continuity: {warned[hit.evidence]}"
            hit = replace(hit, present=None, note=note)
        placed.append(hit)
    return placed
