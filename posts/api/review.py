"""What reviewers asked for: a draft's comment threads and suggestions (read only)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from posts.access import get_draft
from posts.api.auth import caller
from posts.api.schemas import SuggestionOut, ThreadOut
from posts.api.views import ID, READ_ERRORS
from posts.review.comments import threads_for

router = Router(tags=["review"])


def _comment(comment) -> dict:
    deleted = bool(comment.deleted_at)
    return {
        "id": comment.pk,
        "author": "" if deleted else comment.author_name,
        "body": "" if deleted else comment.body,  # a deleted comment is a gap
        "deleted": deleted,
        "resolved": comment.resolved_at is not None,
        "created_at": comment.created_at,
    }


@router.get(
    "/drafts/{draft_id}/comments", response={200: list[ThreadOut], **READ_ERRORS}
)
def list_comments(request: HttpRequest, draft_id: ID):
    """Comment threads on the quoted words, in text order; `outdated` when the
    words are no longer in the head revision."""
    draft, _access = get_draft(caller(request), draft_id)
    threads = threads_for(draft)
    numbers = dict(
        draft.revisions.filter(
            pk__in={t.comment.revision_id for t in threads}
        ).values_list("pk", "number")
    )
    return [
        {
            **_comment(t.comment),
            "quote": t.comment.quote,
            "revision": numbers[t.comment.revision_id],
            "outdated": t.outdated,
            "replies": [_comment(r) for r in t.replies],
        }
        for t in threads
    ]


@router.get(
    "/drafts/{draft_id}/suggestions", response={200: list[SuggestionOut], **READ_ERRORS}
)
def list_suggestions(request: HttpRequest, draft_id: ID):
    """Suggested texts, newest first, with the revision each was made from."""
    draft, _access = get_draft(caller(request), draft_id)
    suggestions = draft.suggestions.select_related("author", "base")
    return [
        {
            "id": s.pk,
            "author": s.author_name,
            "base": s.base.number,
            "status": s.status,
            "note": s.note,
            "body": s.body,
            "created_at": s.created_at,
        }
        for s in suggestions
    ]
