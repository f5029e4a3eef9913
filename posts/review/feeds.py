"""What happened: open comments of a series, its activity feed, and each
user's notifications with the unread count the navbar polls."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from posts.models import Comment, Notification
from posts.review.activity import feed, unread_count
from series.access import get_series
from series.htmx import HtmxRequest, LoggedInRequest


@require_GET
def open_comments(request: HtmxRequest, slug: str) -> HttpResponse:
    series, _ = get_series(request.user, slug)
    comments = (
        Comment.objects.alive()
        .filter(
            draft__part__series=series,
            draft__deleted_at__isnull=True,
            draft__part__deleted_at__isnull=True,
            parent__isnull=True,
            resolved_at__isnull=True,
        )
        .select_related("author", "draft__part")
        .order_by("draft__part__number", "draft__number", "created_at")
    )
    context = {"series": series, "comments": comments, "here": "Open comments"}
    return render(request, "posts/review/open_comments.html", context)


@require_GET
def activity(request: HtmxRequest, slug: str) -> HttpResponse:
    series, _ = get_series(request.user, slug)
    context = {"series": series, "items": feed(series), "here": "Activity"}
    return render(request, "posts/review/activity.html", context)


@require_GET
def notifications(request: LoggedInRequest) -> HttpResponse:
    items = (
        Notification.objects.filter(user=request.user)
        .select_related("activity__series")
        .order_by("-pk")[:100]
    )
    return render(request, "posts/review/notifications.html", {"items": items})


@require_GET
def notification_badge(request: HtmxRequest) -> HttpResponse:
    context = {"unread": unread_count(request.user)}
    return render(request, "posts/review/_badge.html", context)


@require_POST
def notifications_read(request: LoggedInRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("posts:notifications")
