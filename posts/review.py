"""Review logic on the Django side: who is acting, anchoring comments to the
current text, review state, activity and notifications (suggestions: posts.suggestions).

Views stay thin and call these; the pure text work lives in posts.textkit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from posts.mail import send_after_commit
from posts.models import (
    Activity,
    Comment,
    Draft,
    Notification,
    Presence,
    ReviewRequest,
    Revision,
    ShareLink,
    Verdict,
)
from posts.review_models import hash_token
from posts.textkit.anchoring import anchor_text, locate
from series.models import WRITE_ROLES, Membership, Role, Series

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PRESENCE_WINDOW = timedelta(seconds=45)


# --- who is acting ---------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """A member (user and role) or a share-link guest (name and link)."""

    role: str  # owner | editor | reviewer | guest
    user: User | None = None
    guest_name: str = ""
    share_link: ShareLink | None = None

    @property
    def is_guest(self) -> bool:
        return self.role == "guest"

    @property
    def can_write(self) -> bool:
        return self.role in WRITE_ROLES

    @property
    def can_hide(self) -> bool:
        """The series owner may hide anyone's comment, a guest's included."""
        return self.role == Role.OWNER

    @property
    def name(self) -> str:
        if self.is_guest:
            return f"{self.guest_name} (guest)"
        assert self.user is not None  # a member acts as their user
        return self.user.username

    def authorship(self) -> dict:
        """Fields for a Comment or Suggestion this actor writes."""
        if self.is_guest:
            return {"guest_name": self.guest_name, "share_link": self.share_link}
        return {"author": self.user}


def new_token() -> tuple[str, str]:
    """(token for the link, sha256 to store)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


# --- comments anchored to the current text ---------------------------------


def rendered_text(body: str) -> str:
    """The normalized text a reader sees (what review.js computes in the page)."""
    return anchor_text(body)


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]
    start: int | None  # in the head's normalized text; None when outdated
    end: int | None

    @property
    def outdated(self) -> bool:
        return self.start is None


def threads_for(draft: Draft, *, include_resolved: bool = True) -> list[Thread]:
    """Top-level comments with replies, each anchored in the head revision.

    Deleted comments stay in place as gaps, so that replies keep their
    thread; a deleted thread starter with no reply left alive is not shown.
    Two queries whatever the number of comments (threads, then replies).
    """
    roots = (
        draft.comments.filter(parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related("replies__author")
    )
    if not include_resolved:
        roots = roots.filter(resolved_at__isnull=True)
    text = rendered_text(draft.body)
    threads = []
    for comment in roots:
        replies = list(comment.replies.all())
        if comment.deleted_at and all(r.deleted_at for r in replies):
            continue
        anchor = locate(
            text,
            comment.quote,
            prefix=comment.prefix,
            suffix=comment.suffix,
            position=comment.position,
        )
        start, end = (anchor.start, anchor.end) if anchor else (None, None)
        threads.append(Thread(comment, replies, start, end))
    threads.sort(key=lambda t: (t.outdated, t.start or 0, t.comment.pk))
    return threads


# --- approval --------------------------------------------------------------

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


def members_of(series: Series) -> list:
    """The owner first, then members; one query."""
    memberships = Membership.objects.filter(series=series).select_related("user")
    return [series.owner, *(m.user for m in memberships)]


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


# --- activity, notifications, presence -------------------------------------


def record(series, actor_name, verb, summary, *, actor=None, draft=None, url=""):
    """Add to the series feed and notify every other member."""
    activity = Activity.objects.create(
        series=series,
        draft=draft,
        actor=actor,
        actor_name=actor_name,
        verb=verb,
        summary=summary[:300],
        url=url,
    )
    Notification.objects.bulk_create(
        Notification(user=user, activity=activity)
        for user in members_of(series)
        if actor is None or user.pk != actor.pk
    )
    return activity


def feed(series: Series, limit: int = 50) -> list[dict]:
    """Activities and text edits (revisions, imports included), newest first."""
    items: list[dict[str, Any]] = [
        {"when": a.created_at, "who": a.actor_name, "what": a.summary, "url": a.url}
        for a in series.activities.all()[:limit]
    ]
    revisions = (
        Revision.objects.filter(
            draft__part__series=series, draft__deleted_at__isnull=True
        )
        .select_related("author", "draft__part")
        .order_by("-updated_at")[:limit]
    )
    for rev in revisions:
        verb = "imported" if rev.kind == Revision.Kind.IMPORT else "edited"
        items.append(
            {
                "when": rev.updated_at,
                "who": rev.author.username if rev.author else "someone",
                "what": f"{verb} {rev.draft.part} · {rev.draft} (revision {rev.number})",
                "url": rev.draft.get_absolute_url(),
            }
        )
    items.sort(key=lambda item: item["when"], reverse=True)
    return items[:limit]


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def heartbeat(draft: Draft, user, doing: str) -> list[tuple[str, str]]:
    """Note that `user` has the draft open, `doing` what (a Presence.Doing);
    (name, doing) of the others seen lately."""
    now = timezone.now()
    Presence.objects.update_or_create(
        draft=draft, user=user, defaults={"seen_at": now, "doing": doing}
    )
    others = (
        Presence.objects.filter(draft=draft, seen_at__gte=now - PRESENCE_WINDOW)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__username")
    )
    return [(p.user.username, p.doing) for p in others]


def notify_invited(series: Series, user, role: str, by) -> None:
    """In-app and e-mail notice to someone added to a series (the e-mail after commit)."""
    record(
        series,
        by.username,
        "member",
        f"added {user.username} as {role}",
        actor=by,
        url=series.get_absolute_url(),
    )
    if user.email:
        send_after_commit(
            f"You can now work on “{series.title}”",
            f"{by.username} added you to “{series.title}” as {role}.\n"
            f"Open it: {series.get_absolute_url()}",
            [user.email],
        )
