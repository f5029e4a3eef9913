"""The review page of a draft: comments on quoted words, suggestions, approval.

Members reach it as /review/drafts/<pk>/; share-link guests reach the same
page through posts.review.share, which reuses `review_context` and the
`add_*` helpers here with a guest's Access.
"""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from posts import derived, pages
from posts.access import get_draft, guest_name_key
from posts.live.consumers import shown_name
from posts.models import Comment, Presence, Suggestion, Verdict
from posts.review.activity import heartbeat, record
from posts.review.approval import (
    approval_is_stale,
    changes_since_url,
    latest_approval,
    request_review,
    review_state,
)
from posts.review.comments import Thread, threads_for
from posts.review.forms import (
    CommentForm,
    DecideForm,
    ReplyForm,
    ReviewRequestForm,
    SuggestionForm,
    VerdictForm,
)
from posts.review.suggestions import apply_suggestion, plan_suggestion
from posts.textkit.diff import collapse
from series.access import Access
from series.htmx import HtmxRequest, LoggedInRequest
from series.models import Membership

PAGE = "posts/review/review.html"


def review_context(draft, access: Access, token: str = "") -> dict:
    """Everything the review page shows; a fixed number of queries."""
    series = draft.part.series
    approval = None if access.is_guest else latest_approval(draft)
    context = {
        "draft": draft,
        "part": draft.part,
        "series": series,
        "access": access,
        "token": token,
        "here": "Review",
        "html": derived.html(derived.head_hash(draft), draft.body),
        "threads": _with_reply_forms(threads_for(draft), access),
        "comment_form": CommentForm(guest=access.is_guest),
        "suggestions": draft.suggestions.select_related("author", "base"),
        "state": review_state(draft),
        "approval": approval,
        "stale": approval_is_stale(draft, approval),
    }
    if approval is not None and context["stale"]:
        context["changes_url"] = changes_since_url(draft, approval)
    if not access.is_guest:
        context["verdict_form"] = VerdictForm(head=draft.head)
        context["can_approve"] = access.can_approve(draft)
    if access.can_edit:
        members = _members(series)
        context["request_form"] = ReviewRequestForm(members=members)
    return context


def live_view(request: HttpRequest, draft, access: Access, token: str = "") -> dict:
    """The read-only live text of the draft's room (static/build/live-view.js):
    the typing and the cursors of the writers, for reviewers and guests.

    Only from an ASGI server (a WSGI one cannot hold the room's WebSocket); a
    guest's socket carries the share token, checked as the share views check it."""
    if not isinstance(request, ASGIRequest):
        return {}
    return {
        "live_url": reverse("posts:live", args=[draft.pk]),
        "live_name": shown_name(access),
    }


def _with_reply_forms(threads: list[Thread], access: Access) -> list[Thread]:
    for thread in threads:
        if not thread.comment.resolved_at:
            thread.reply_form = ReplyForm.under(
                thread.comment, guest=access.is_guest, guest_name=access.guest_name
            )
    return threads


def _members(series):
    from django.contrib.auth import get_user_model

    ids = Membership.objects.filter(series=series).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


def review_url(draft, token: str = "") -> str:
    if token:
        return reverse("posts:shared_review", args=[token, draft.pk])
    return reverse("posts:review", args=[draft.pk])


def respond(request, draft, access, token="", anchor="", notice="") -> HttpResponse:
    """htmx: the threads fragment; otherwise back to the page (at `anchor`).

    `notice` is said in the fragment, or as a message after the redirect.
    """
    if request.htmx:
        context = review_context(draft, access, token) | {"notice": notice}
        return render(request, f"{PAGE}#threads", context)
    if notice:
        messages.success(request, notice)
    return redirect(review_url(draft, token) + (f"#{anchor}" if anchor else ""))


def add_comment(request, draft, access: Access, token="") -> HttpResponse:
    form = CommentForm(request.POST, guest=access.is_guest)
    if not form.is_valid():
        context = review_context(draft, access, token) | {"comment_form": form}
        return render(request, PAGE, context)
    data = form.cleaned_data
    access = _named(access, data)
    revision = draft.revisions.filter(number=data["revision"]).first() or draft.head
    comment = Comment.objects.create(
        draft=draft,
        revision=revision,
        quote=data["quote"],
        prefix=data["prefix"],
        suffix=data["suffix"],
        position=data["position"] or 0,
        body=data["body"],
        **_authorship(request, access),
    )
    _record(draft, access, "comment", f"commented on {draft.part} · {draft}")
    return respond(request, draft, access, token, f"c-{comment.pk}")


def add_reply(request, draft, comment, access: Access, token="") -> HttpResponse:
    form = ReplyForm(request.POST, guest=access.is_guest)
    if form.is_valid():
        access = _named(access, form.cleaned_data)
        reply = Comment.objects.create(
            draft=draft,
            revision=comment.revision,
            parent=comment,
            body=form.cleaned_data["body"],
            **_authorship(request, access),
        )
        _record(draft, access, "comment", f"replied to a comment on {draft}")
        return respond(request, draft, access, token, f"c-{reply.pk}")
    return respond(request, draft, access, token, f"c-{comment.pk}")


def add_suggestion(request, draft, access: Access, token="") -> HttpResponse:
    initial = {"body": draft.body, "base": draft.head.number}
    form = SuggestionForm(
        request.POST or None, initial=initial, guest=access.is_guest, head=draft.head
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access = _named(access, data)
        base = data["base"]
        if data["body"] == base.body:
            form.add_error("body", "This is the same text: change something first.")
        else:
            Suggestion.objects.create(
                draft=draft,
                base=base,
                body=data["body"],
                note=data["note"],
                **_authorship(request, access),
            )
            _record(draft, access, "suggestion", f"suggested changes to {draft}")
            messages.success(request, "Suggestion sent to the author.")
            return redirect(review_url(draft, token) + "#suggestions")
    status = 200
    if form.has_error("base", code="missing"):
        # Refused, but as the error says: sending the kept text again
        # proposes it against the current head.
        status = 400
        data = request.POST.copy()
        data["base"] = str(draft.head.number)
        form.data = data
    context = {"draft": draft, "part": draft.part, "series": draft.part.series}
    context |= {"form": form, "token": token, "here": "Suggest an edit"}
    return render(request, "posts/review/suggestion_form.html", context, status=status)


def _named(access: Access, data: dict) -> Access:
    """A guest is known by the name typed with this very comment or suggestion."""
    return replace(access, guest_name=data["guest_name"]) if access.is_guest else access


def _authorship(request, access: Access) -> dict:
    """The access's authorship fields; a guest's typed name is kept for next time."""
    if access.is_guest:
        assert access.share_link is not None  # a guest came through a share link
        request.session[guest_name_key(access.share_link)] = access.guest_name
    return access.authorship()


def _record(draft, access: Access, verb: str, summary: str) -> None:
    record(
        draft.part.series,
        access.name,
        verb,
        summary,
        actor=access.user,
        draft=draft,
        url=reverse("posts:review", args=[draft.pk]),
    )


def _own_comment(request, pk: int):
    """(comment, draft, access); 404 unless a member, 403 unless its author."""
    comment = get_object_or_404(Comment.objects.alive(), pk=pk)
    draft, access = get_draft(request.user, comment.draft_id)
    if comment.author_id != request.user.pk:
        raise PermissionDenied("Only its author changes a comment.")
    return comment, draft, access


# --- views ------------------------------------------------------------------


@require_GET
@pages.kept(pages.of_draft)
def review(request: HtmxRequest, pk: int) -> HttpResponse:
    draft, access = get_draft(request.user, pk)
    context = review_context(draft, access) | live_view(request, draft, access)
    return render(request, PAGE, context)


@require_POST
def comment_create(request: HtmxRequest, pk: int) -> HttpResponse:
    draft, access = get_draft(request.user, pk)
    return add_comment(request, draft, access)


@require_POST
def comment_reply(request: HtmxRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk, parent__isnull=True)
    draft, access = get_draft(request.user, comment.draft_id)
    return add_reply(request, draft, comment, access)


@require_http_methods(["GET", "POST"])
def comment_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    comment, draft, access = _own_comment(request, pk)
    form = ReplyForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        comment.body, comment.edited_at = form.cleaned_data["body"], timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        return respond(request, draft, access, anchor=f"c-{comment.pk}")
    context = {"comment": comment, "form": form, "draft": draft}
    return render(request, "posts/review/comment_edit.html", context)


@require_POST
def comment_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    """Its author deletes a comment, the series owner hides anyone's: to the trash."""
    comment = get_object_or_404(Comment.objects.alive(), pk=pk)
    draft, access = get_draft(request.user, comment.draft_id)
    own = comment.author_id is not None and comment.author_id == request.user.pk
    if not own and not access.can_manage:
        raise PermissionDenied(
            "Only its author deletes a comment; the series owner can hide it."
        )
    comment.move_to_trash(request.user)
    done = "deleted" if own else "hidden"
    notice = f"Comment {done}: restore it from your trash within 30 days."
    if comment.replies.exists():
        notice += " Its replies stay in the thread."
    anchor = f"c-{comment.parent_id}" if comment.parent_id else "threads"
    return respond(request, draft, access, anchor=anchor, notice=notice)


@require_POST
def comment_restore(request: HtmxRequest, pk: int) -> HttpResponse:
    """Back from the trash, for whoever deleted or hid it."""
    comment = get_object_or_404(
        Comment.objects.in_trash(), pk=pk, deleted_by=request.user
    )
    draft, _ = get_draft(request.user, comment.draft_id)
    comment.restore()
    messages.success(request, "Comment restored, in its place in the thread.")
    return redirect(review_url(draft) + f"#c-{comment.pk}")


@require_POST
def comment_resolve(request: LoggedInRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk, parent__isnull=True)
    draft, access = get_draft(request.user, comment.draft_id)
    reopen = request.POST.get("action") == "reopen"
    comment.resolved_at = None if reopen else timezone.now()
    comment.resolved_by = None if reopen else request.user
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return respond(request, draft, access, anchor=f"c-{comment.pk}")


@require_http_methods(["GET", "POST"])
def suggestion_create(request: HtmxRequest, pk: int) -> HttpResponse:
    draft, access = get_draft(request.user, pk)
    return add_suggestion(request, draft, access)


@require_GET
def suggestion_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion.objects.select_related("base"), pk=pk)
    draft, access = get_draft(request.user, suggestion.draft_id)
    assert draft.head is not None  # create_draft gives every draft its head
    plan = plan_suggestion(suggestion, draft.head)
    context: dict[str, object] = {
        "draft": draft,
        "part": draft.part,
        "series": draft.part.series,
    }
    context |= {"suggestion": suggestion, "plan": plan, "access": access}
    context |= {"here": "Suggestion", "items": collapse(plan.diff.rows)}
    context["conflicts"] = {c.row.index for c in plan.changes if c.conflict}
    return render(request, "posts/review/suggestion.html", context)


@require_POST
def suggestion_decide(request: HtmxRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("base", "author"), pk=pk, status="open"
    )
    draft, access = get_draft(request.user, suggestion.draft_id, need="edit")
    assert draft.head is not None  # create_draft gives every draft its head
    plan = plan_suggestion(suggestion, draft.head)
    form = DecideForm(request.POST, indexes=[c.row.index for c in plan.changes])
    if not form.is_valid():
        messages.error(request, "Those changes are not part of this suggestion.")
        return redirect("posts:suggestion", suggestion.pk)
    take = (
        set() if form.cleaned_data["action"] == "reject" else form.cleaned_data["take"]
    )
    revision = apply_suggestion(suggestion, set(take), request.user)
    done = f"revision {revision.number}" if revision else "nothing applied"
    messages.success(request, f"Suggestion decided: {done}.")
    _record(draft, access, "suggestion", f"decided a suggestion on {draft}: {done}")
    return redirect(review_url(draft) + "#suggestions")


@require_POST
def review_request_create(request: HtmxRequest, pk: int) -> HttpResponse:
    draft, _ = get_draft(request.user, pk, need="edit")
    form = ReviewRequestForm(request.POST, members=_members(draft.part.series))
    if form.is_valid():
        request_review(
            draft,
            request.user,
            form.cleaned_data["reviewer"],
            form.cleaned_data["note"],
        )
        messages.success(request, "Review requested.")
    else:
        messages.error(request, "Pick a member of this series to ask.")
    return redirect(review_url(draft) + "#approval")


@require_POST
def verdict_create(request: LoggedInRequest, pk: int) -> HttpResponse:
    draft, access = get_draft(request.user, pk)
    assert draft.head is not None  # create_draft gives every draft its head
    form = VerdictForm(request.POST, head=draft.head)
    if not form.is_valid():
        # The page again, with the reason and the note kept; 409 when the
        # draft moved on under the reviewer, 400 for anything else.
        status = 409 if form.has_error("revision", code="stale") else 400
        context = review_context(draft, access) | {"verdict_form": form}
        return render(request, PAGE, context, status=status)
    data = form.cleaned_data
    revision = data["revision"]
    if data["kind"] == Verdict.Kind.APPROVED and not access.can_approve(draft):
        messages.error(
            request,
            "An approval comes from someone else: ask a colleague to approve your own draft.",
        )
        return redirect(review_url(draft) + "#approval")
    verdict = Verdict.objects.create(
        draft=draft,
        revision=revision,
        reviewer=request.user,
        kind=data["kind"],
        note=data["note"],
    )
    summary = f"{verdict.get_kind_display().lower()} on {draft.part} · {draft} (revision {revision.number})"
    _record(draft, access, "approval", summary)
    messages.success(
        request, f"{verdict.get_kind_display()} for revision {revision.number}."
    )
    return redirect(review_url(draft) + "#approval")


@require_POST
def presence(request: HtmxRequest, pk: int) -> HttpResponse:
    draft, access = get_draft(request.user, pk)
    on_review = request.POST.get("on") == "review"
    # The draft page is an editor only for those who may write.
    if on_review:
        doing = Presence.Doing.REVIEWING
    elif access.can_edit:
        doing = Presence.Doing.EDITING
    else:
        doing = Presence.Doing.READING
    others = heartbeat(draft, request.user, doing)
    context = {"others": others, "state": review_state(draft), "draft": draft}
    context["on_review"] = on_review
    return render(request, "posts/review/_panel_body.html", context)
