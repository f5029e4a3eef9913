"""Review state of a draft: requests, verdicts, and whether an approval still holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse

from posts.models import (
    Draft,
    ReviewRequest,
    Verdict,
)
from posts.review.activity import record

if TYPE_CHECKING:
    pass


DRAFTING, IN_REVIEW, CHANGES, APPROVED = (
    "drafting",
    "in review",
    "changes requested",
    "approved",
)


def review_state(draft: Draft) -> str:
    """drafting / in review / changes requested / approved (two queries).

    The latest request or verdict decides. An approval counts only while the
    draft's head has the text approved (the same content hash: restoring it
    counts); after an edit it is stale and the draft is back to drafting
    until someone asks for review again.
    For many drafts at once, use with_review_state() and annotated_state().
    """
    request = draft.review_requests.order_by("-created_at", "-pk").first()
    verdict = draft.verdicts.order_by("-created_at", "-pk").first()
    return _decide(
        request.created_at if request else None,
        verdict.created_at if verdict else None,
        verdict.kind if verdict else None,
        verdict.content_hash if verdict else None,
        draft.head.content_hash if draft.head else None,
    )


def with_review_state(drafts: QuerySet) -> QuerySet:
    """Annotate drafts with their latest request and verdict: no query per draft."""
    requests = ReviewRequest.objects.filter(draft=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    verdicts = Verdict.objects.filter(draft=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    return drafts.annotate(
        request_at=Subquery(requests.values("created_at")[:1]),
        verdict_at=Subquery(verdicts.values("created_at")[:1]),
        verdict_kind=Subquery(verdicts.values("kind")[:1]),
        verdict_hash=Subquery(verdicts.values("content_hash")[:1]),
        head_hash=F("head__content_hash"),
    )


def annotated_state(draft: Any) -> str:
    """review_state() for a draft loaded through with_review_state().

    Typed Any: the annotations it reads exist only on such a Draft.
    """
    return _decide(
        draft.request_at,
        draft.verdict_at,
        draft.verdict_kind,
        draft.verdict_hash,
        draft.head_hash,
    )


def _decide(request_at, verdict_at, verdict_kind, verdict_hash, head_hash) -> str:
    if verdict_at and (request_at is None or verdict_at >= request_at):
        if verdict_kind == Verdict.Kind.CHANGES:
            return CHANGES
        return APPROVED if head_hash and verdict_hash == head_hash else DRAFTING
    return IN_REVIEW if request_at else DRAFTING


def approval_is_stale(draft: Draft, approval: Verdict | None) -> bool:
    """The head's text is no longer the text approved."""
    head = draft.head
    if approval is None or head is None:
        return False
    return approval.content_hash != head.content_hash


def latest_approval(draft: Draft) -> Verdict | None:
    return (
        draft.verdicts.filter(kind=Verdict.Kind.APPROVED)
        .select_related("revision", "reviewer")
        .first()
    )


def changes_since_url(draft: Draft, verdict: Verdict) -> str:
    assert draft.head is not None  # create_draft gives every draft its head
    try:
        return reverse(
            "posts:compare",
            args=[draft.pk, verdict.revision.number, draft.pk, draft.head.number],
        )
    except NoReverseMatch:
        return draft.get_absolute_url()


def request_review(draft: Draft, by, reviewer, note: str) -> ReviewRequest:
    assert draft.head is not None  # create_draft gives every draft its head
    request = ReviewRequest.objects.create(
        draft=draft, requested_by=by, reviewer=reviewer, revision=draft.head, note=note
    )
    record(
        draft.part.series,
        by.username,
        "review",
        f"asked {reviewer.username} to review {draft.part} · {draft}",
        actor=by,
        draft=draft,
        url=reverse("posts:review", args=[draft.pk]),
    )
    return request
