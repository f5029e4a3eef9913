"""The draft board: sibling drafts of one part side by side, one row per purpose.

Each draft's paragraphs are classified (posts.textkit.roles) and grouped by
purpose; a row holds one cell per draft (None where that draft has no such
paragraph) and, per cell, the few facts that matter for that purpose: how the
feed shows a hook, the question a call to action asks, what a teaser
promises, which hashtags the drafts share. Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from posts.textkit import roles
from posts.textkit.document import parse_document
from posts.textkit.metrics import fold, hashtags

FEED_DESKTOP = 210
FEED_MOBILE = 140


@dataclass(frozen=True)
class Cell:
    paragraphs: tuple[roles.Paragraph, ...]
    facts: tuple[tuple[str, str], ...]  # (label, value), in display order

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def indexes(self) -> tuple[int, ...]:
        return tuple(p.index for p in self.paragraphs)


@dataclass(frozen=True)
class Row:
    purpose: str
    label: str
    cells: tuple[Cell | None, ...]  # one per text, in the order given


def board(texts: Sequence[str]) -> list[Row]:
    """One row per purpose that any of `texts` has, in reading order."""
    grouped = [roles.by_purpose(roles.classify(text)) for text in texts]
    tags = [_tags(group.get(roles.HASHTAGS, [])) for group in grouped]
    shared = set.intersection(*(set(t) for t in tags)) if tags else set()
    rows = []
    for purpose in roles.ORDER:
        if not any(purpose in group for group in grouped):
            continue
        cells: list[Cell | None] = []
        for group, own_tags in zip(grouped, tags, strict=True):
            found = group.get(purpose)
            if not found:
                cells.append(None)
                continue
            text = "\n\n".join(p.text for p in found)
            cells.append(
                Cell(tuple(found), tuple(_facts(purpose, text, own_tags, shared)))
            )
        rows.append(Row(purpose, roles.LABELS[purpose], tuple(cells)))
    return rows


def _tags(paragraphs: list[roles.Paragraph]) -> list[str]:
    seen: dict[str, None] = {}
    for p in paragraphs:
        for tag in hashtags(p.text):
            seen.setdefault(tag, None)
    return list(seen)


def _facts(purpose: str, text: str, own_tags: list[str], shared: set[str]):
    document = parse_document(text)
    if purpose == roles.HOOK:
        phone, desk = (
            fold(document.plain, FEED_MOBILE),
            fold(document.plain, FEED_DESKTOP),
        )
        yield (
            f"Phone feed ({FEED_MOBILE})",
            phone.text + (" …see more" if phone.cut else ""),
        )
        yield (
            f"Desktop feed ({FEED_DESKTOP})",
            desk.text + (" …see more" if desk.cut else ""),
        )
    elif purpose == roles.CTA:
        question = _first(document, roles.asks_reader)
        if question:
            yield "Asks", question
        else:
            yield (
                "Invites",
                _first(document, roles.invites)
                or _after_turn(document)
                or "no question, no invitation",
            )
    elif purpose == roles.TEASER:
        yield "Promises", _first(document, roles.promises) or "nothing named"
    elif purpose == roles.HASHTAGS:
        yield "Shared", " ".join(t for t in own_tags if t in shared) or "none"
        yield "Only here", " ".join(t for t in own_tags if t not in shared) or "none"
        return
    elif purpose == roles.TITLE:
        yield "Characters", str(len(document.plain))
        return
    elif purpose == roles.REFERENCES:
        yield "Links", str(len(document.links))
    yield "Words", str(document.word_count)


def _after_turn(document) -> str | None:
    """What follows "And the best part?": the sentence that makes the offer."""
    sentences = list(document.sentences)
    for n, sentence in enumerate(sentences[:-1]):
        if roles.is_turn(sentence):
            return sentences[n + 1]
    return None


def _first(document, wanted) -> str | None:
    return next((s for s in document.sentences if wanted(s)), None)
