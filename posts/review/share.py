"""Share links: the owner makes and revokes them; guests read, comment and
suggest through them under a typed name, and can never edit.

Guest views are `login_not_required`; each looks its objects up through
posts.access.get_shared_draft, which answers 404 for an unknown, expired or
revoked token and for anything outside what the link was made for.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from posts.access import get_share_link, get_shared_draft
from posts.models import Comment, Draft, ShareLink
from posts.review.forms import ShareLinkForm
from posts.review.views import (
    PAGE,
    add_comment,
    add_reply,
    add_suggestion,
    live_view,
    review_context,
)
from series.access import get_series
from series.htmx import HtmxRequest, LoggedInRequest
from series.throttling import rate_limited
from series.tokens import new_token

# --- the owner's side ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def share_links(request: LoggedInRequest, slug: str) -> HttpResponse:
    series, access = get_series(request.user, slug, need="manage")
    drafts = Draft.objects.filter(part__series=series, part__deleted_at__isnull=True)
    form = ShareLinkForm(request.POST or None, drafts=drafts.select_related("part"))
    new_link = ""
    if request.method == "POST" and form.is_valid():
        token, digest = new_token()
        ShareLink.objects.create(
            series=series,
            draft=form.cleaned_data["draft"],
            label=form.cleaned_data["label"],
            token_hash=digest,
            created_by=request.user,
            expires_at=timezone.now() + timedelta(days=form.cleaned_data["days"]),
        )
        # Shown once, in this response: only its hash is stored.
        new_link = request.build_absolute_uri(reverse("posts:shared", args=[token]))
        form = ShareLinkForm(drafts=drafts.select_related("part"))
    links = series.share_links.select_related("draft__part").order_by("-created_at")
    context = {"series": series, "form": form, "links": links, "new_link": new_link}
    context |= {"access": access, "here": "Share links"}
    return render(request, "posts/review/share_links.html", context)


@require_POST
def share_revoke(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    series, _ = get_series(request.user, slug, need="manage")
    link = get_object_or_404(series.share_links, pk=pk)
    link.revoked_at = link.revoked_at or timezone.now()
    link.save(update_fields=["revoked_at"])
    messages.success(request, "Share link revoked: it no longer opens anything.")
    return redirect("posts:share_links", series.slug)


# --- the guest's side ------------------------------------------------------


@login_not_required
@require_GET
def shared(request: HtmxRequest, token: str) -> HttpResponse:
    link = get_share_link(token)
    if link.draft_id:
        return redirect("posts:shared_review", token, link.draft_id)
    drafts = (
        Draft.objects.filter(part__series=link.series, part__deleted_at__isnull=True)
        .select_related("part", "head")
        .order_by("part__number", "number")
    )
    context = {"link": link, "series": link.series, "drafts": drafts, "token": token}
    return render(request, "posts/review/shared_series.html", context)


@login_not_required
@require_GET
def shared_review(request: HtmxRequest, token: str, pk: int) -> HttpResponse:
    draft, access = get_shared_draft(token, pk, request.session)
    context = review_context(draft, access, token)
    context |= live_view(request, draft, access, token)
    return render(request, PAGE, context)


@login_not_required
@require_POST
@rate_limited("guest-post")
def shared_comment_create(request: HtmxRequest, token: str, pk: int) -> HttpResponse:
    draft, access = get_shared_draft(token, pk, request.session)
    return add_comment(request, draft, access, token)


@login_not_required
@require_POST
@rate_limited("guest-post")
def shared_comment_reply(request: HtmxRequest, token: str, pk: int) -> HttpResponse:
    link = get_share_link(token)
    comment = get_object_or_404(
        Comment, pk=pk, parent__isnull=True, draft__part__series=link.series
    )
    draft, access = get_shared_draft(token, comment.draft_id, request.session)
    return add_reply(request, draft, comment, access, token)


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("guest-post")
def shared_suggest(request: HtmxRequest, token: str, pk: int) -> HttpResponse:
    draft, access = get_shared_draft(token, pk, request.session)
    return add_suggestion(request, draft, access, token)
