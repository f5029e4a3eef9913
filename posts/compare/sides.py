"""The two texts on the compare page: a revision of a draft each, and their diff."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.shortcuts import get_object_or_404

from posts.access import get_draft
from posts.models import Draft, Revision
from posts.textkit.diff import Diff
from posts.textkit.diff import diff_siblings as _diff_siblings
from posts.textkit.diff import diff_texts as _diff_texts
from posts.textkit.metrics import Metrics, measure
from series.access import Access, Need


@dataclass
class Side:
    """One of the two texts on the compare page: a revision of a draft."""

    draft: Draft
    revision: Revision
    access: Access  # what the requester may do with this draft
    metrics: Metrics = field(init=False)

    def __post_init__(self) -> None:
        self.metrics = measure(self.revision.body, self.draft.effective_platform)

    @property
    def label(self) -> str:
        return f"Draft {self.draft.number} r{self.revision.number}"

    @property
    def is_head(self) -> bool:
        return self.draft.head_id == self.revision.pk


def load_side(
    user, draft_pk: int, revision_number: int, *, need: Need = "view"
) -> Side:
    """Two queries for the draft (access check) and one for the revision; 404 if unknown."""
    draft, access = get_draft(user, draft_pk, need=need)
    if draft.head and draft.head.number == revision_number:
        return Side(draft, draft.head, access)
    revision = get_object_or_404(
        draft.revisions.select_related("author"), number=revision_number
    )
    return Side(draft, revision, access)


@lru_cache(maxsize=64)
def diff_texts(a: str, b: str) -> Diff:
    """The engine's diff, remembered: a compare page is reloaded, toggled
    (inline, rendered) and posted back for the same two revisions."""
    return _diff_texts(a, b)


@lru_cache(maxsize=64)
def diff_siblings(a: str, b: str) -> Diff:
    """As diff_texts, aligned by role: for two different drafts of a part."""
    return _diff_siblings(a, b)


def diff_sides(a: Side, b: Side) -> Diff:
    """Revisions of one draft align by paragraph; sibling drafts by role first."""
    if a.draft.pk == b.draft.pk:
        return diff_texts(a.revision.body, b.revision.body)
    return diff_siblings(a.revision.body, b.revision.body)
