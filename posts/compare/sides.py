"""The two texts on the compare page: a revision of a draft each, and their diff."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.shortcuts import get_object_or_404

from posts import derived
from posts.access import get_draft
from posts.models import Draft, Revision
from posts.textkit.diff import Diff, paragraphs
from posts.textkit.feedcut import Cut, offsets, paragraph_cuts
from posts.textkit.metrics import Metrics
from series.access import Access, Need


@dataclass
class Side:
    """One of the two texts on the compare page: a revision of a draft."""

    draft: Draft
    revision: Revision
    access: Access  # what the requester may do with this draft
    metrics: Metrics = field(init=False)

    def __post_init__(self) -> None:
        # A revision is stored text: measured once per text (posts.derived).
        self.metrics = derived.measured(
            self.revision.content_hash,
            self.revision.body,
            self.draft.effective_platform,
        )

    @cached_property
    def feed_cuts(self) -> dict[str, Cut]:
        """Where the feed's "…see more" and the platform's limit fall, by paragraph."""
        body = self.revision.body
        return derived.once(
            f"feed-cuts:{self.metrics.platform.key}",
            self.revision.content_hash,
            lambda: paragraph_cuts(
                paragraphs(body), self.metrics.plain, offsets(self.metrics)
            ),
        )

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


def diff_sides(a: Side, b: Side) -> Diff:
    """The engine's diff of A's revision and B's, computed once per pair of
    texts and kept in Django's cache (revisions never change under a hash).

    Revisions of one draft align by paragraph; sibling drafts by role first.
    """
    return derived.diff(
        a.revision.content_hash,
        a.revision.body,
        b.revision.content_hash,
        b.revision.body,
        siblings=a.draft.pk != b.draft.pk,
    )
