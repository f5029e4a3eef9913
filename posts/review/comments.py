"""Comments anchored to the words of the current text: threads and where each sits."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms

from posts.models import Comment, Draft
from posts.textkit.anchoring import anchor_text, locate


def rendered_text(body: str) -> str:
    """The normalized text a reader sees (what review.js computes in the page)."""
    return anchor_text(body)


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]
    start: int | None  # in the head's normalized text; None when outdated
    end: int | None
    # The reply box under an open thread, set by the page that shows it.
    reply_form: forms.Form | None = field(default=None, compare=False)

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
