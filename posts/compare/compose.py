"""Composing a new draft from paragraphs picked out of several."""

from __future__ import annotations

from dataclasses import dataclass

from posts.compare.take import merge_message
from posts.editor.saving import create_draft
from posts.models import Draft, Revision


@dataclass(frozen=True)
class Pick:
    draft: Draft
    paragraph: int  # 1-based, in the draft's head revision
    text: str


def _head_number(draft: Draft) -> int:
    assert draft.head is not None  # create_draft gives every draft its head
    return draft.head.number


def compose_draft(part, author, picks: list[Pick]) -> Draft:
    """A new draft of `part` made of `picks` in order; sources name each paragraph."""
    sources = [
        {
            "paragraph": p.paragraph,
            "draft": p.draft.number,
            "revision": _head_number(p.draft),
            "draft_id": p.draft.pk,
            "part": part.number,
            "position": n,
        }
        for n, p in enumerate(picks, start=1)
    ]
    return create_draft(
        part,
        author,
        "\n\n".join(p.text for p in picks) + "\n",
        kind=Revision.Kind.MERGE,
        message=merge_message("Composed from", sources),
        sources=sources,
        strategy="composed",
    )
