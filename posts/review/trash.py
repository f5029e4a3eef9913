"""Deleted and hidden comments in the trash: listed for whoever removed them,
restored by them, and purged for good by `manage.py purge_trash`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import QuerySet

from posts.models import Comment, Draft


def trashed_comments(user) -> QuerySet:
    """What `user` deleted or hid, in drafts they can still open, newest first.

    Each person restores what they removed: the owner does not undo an
    author's own delete, and an author does not undo the owner's hiding.
    """
    return (
        Comment.objects.in_trash()
        .filter(deleted_by=user, draft__in=Draft.objects.for_user(user))
        .select_related("draft__part__series", "author")
        .order_by("-deleted_at", "-pk")
    )


def purge_comments(cutoff: datetime, *, dry_run: bool) -> Iterator[str]:
    """Remove comments trashed before `cutoff`; yield a line for each.

    A thread starter that still has replies (alive, or in the trash and
    restorable) loses its words but keeps its row, so that the replies keep
    their thread and anchor; once no reply is left, the empty row goes
    quietly. Replies go first, so a starter whose last reply goes now goes
    in the same run.
    """
    old = Comment.objects.filter(deleted_at__lt=cutoff).select_related(
        "author", "draft__part"
    )
    replies = list(old.filter(parent__isnull=False).order_by("deleted_at", "pk"))
    starters = list(old.filter(parent__isnull=True).order_by("deleted_at", "pk"))
    for comment in replies + starters:
        words_left = bool(comment.body)
        name = (
            f"comment by {comment.author_name} on {comment.draft.part} · "
            f"{comment.draft} (trashed {comment.deleted_at:%Y-%m-%d})"
        )
        if dry_run:
            if words_left:
                yield name
            continue
        if comment.replies.exists():
            if words_left:
                comment.body = ""
                comment.save(update_fields=["body"])
                yield f"{name}; its replies stay in the thread"
            continue
        comment.delete()
        if words_left:
            yield name
