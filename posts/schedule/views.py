"""/calendar/…: month and week views of the plan, moving a part, the time
zone, and the secret iCalendar feed."""

from __future__ import annotations

import datetime as dt
import hmac

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from posts.models import CalendarFeed
from posts.schedule import ical
from posts.schedule.forms import MoveForm, TimeZoneForm
from posts.schedule.planning import month_grid, moved, planned_between, week_days
from series.access import get_part
from series.htmx import LoggedInRequest, page_or_fragment
from series.models import WriterSettings
from series.schedule import zone_for
from series.tokens import hash_token, new_token

FEED_DAYS_BACK, FEED_DAYS_AHEAD = 90, 400


def _month_of(value: str, today: dt.date) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return today.replace(day=1)


def _week_of(value: str, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = today
    return day - dt.timedelta(days=day.weekday())


def _context(request: LoggedInRequest, view: str, at: str) -> dict:
    zone = zone_for(request.user)
    today = timezone.now().astimezone(zone).date()
    if view == "week":
        start = _week_of(at, today)
        plan = planned_between(request.user, start, start + dt.timedelta(days=6), zone)
        return {
            "view": "week",
            "at": start,
            "days": week_days(start, plan, today),
            "previous": (start - dt.timedelta(days=7)).isoformat(),
            "next": (start + dt.timedelta(days=7)).isoformat(),
            "heading": f"Week of {start:%d %B %Y}",
            "zone": zone,
        }
    first = _month_of(at, today)
    weeks = month_grid(first.year, first.month, [], today)
    plan = planned_between(
        request.user, weeks[0].days[0].date, weeks[-1].days[-1].date, zone
    )
    after = (first + dt.timedelta(days=32)).replace(day=1)
    return {
        "view": "month",
        "at": first,
        "weekday_names": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "weeks": month_grid(first.year, first.month, plan, today),
        "planned": bool(plan),
        "previous": (first - dt.timedelta(days=1)).strftime("%Y-%m"),
        "next": after.strftime("%Y-%m"),
        "heading": f"{first:%B %Y}",
        "zone": zone,
    }


@require_GET
@vary_on_headers("HX-Request")
def month(request: LoggedInRequest) -> HttpResponse:
    context = _context(request, "month", request.GET.get("month", ""))
    template = page_or_fragment(
        request, "posts/schedule/calendar.html", "calendar-grid"
    )
    return render(request, template, context)


@require_GET
@vary_on_headers("HX-Request")
def week(request: LoggedInRequest) -> HttpResponse:
    context = _context(request, "week", request.GET.get("start", ""))
    template = page_or_fragment(
        request, "posts/schedule/calendar.html", "calendar-grid"
    )
    return render(request, template, context)


@require_POST
def move(request: LoggedInRequest, pk: int) -> HttpResponse:
    part, _ = get_part(request.user, pk, need="edit")
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick the day to move it to.")
        return redirect("posts:calendar")
    zone = zone_for(request.user)
    part.planned_at = moved(part, form.cleaned_data["day"], zone)
    part.save(update_fields=["planned_at", "updated_at"])
    view = form.cleaned_data["view"] or "month"
    at = form.cleaned_data["at"] or form.cleaned_data["day"]
    if request.htmx:
        anchor = at.isoformat() if view == "week" else at.strftime("%Y-%m")
        context = _context(request, view, anchor)
        return render(request, "posts/schedule/calendar.html#calendar-grid", context)
    messages.success(
        request,
        f"Part {part.number} moved to {part.planned_at.astimezone(zone):%A %d %B}.",
    )
    if view == "week":
        return redirect(reverse("posts:calendar_week") + f"?start={at.isoformat()}")
    return redirect(reverse("posts:calendar") + f"?month={at:%Y-%m}")


@require_POST
def time_zone(request: LoggedInRequest) -> HttpResponse:
    settings, _ = WriterSettings.objects.get_or_create(user=request.user)
    form = TimeZoneForm(request.POST, instance=settings)
    if form.is_valid():
        form.save()
        messages.success(
            request, f"Plans now show in {form.cleaned_data['time_zone']}."
        )
    else:
        messages.error(request, "That is not a time zone we know.")
    return redirect("posts:calendar_feeds")


@require_GET
def feeds(request: LoggedInRequest) -> HttpResponse:
    settings = WriterSettings.objects.filter(user=request.user).first()
    context = {
        "feeds": CalendarFeed.objects.filter(
            user=request.user, revoked_at__isnull=True
        ),
        "new_url": request.session.pop("new_feed_url", None),
        "zone_form": TimeZoneForm(
            instance=settings, initial={"time_zone": str(zone_for(request.user))}
        ),
    }
    return render(request, "posts/schedule/feeds.html", context)


@require_POST
def feed_create(request: LoggedInRequest) -> HttpResponse:
    token, digest = new_token()
    CalendarFeed.objects.create(user=request.user, token_hash=digest)
    # Shown once, on the next page: only its hash is kept.
    url = request.build_absolute_uri(reverse("posts:calendar_ics", args=[token]))
    request.session["new_feed_url"] = url
    return redirect("posts:calendar_feeds")


@require_POST
def feed_revoke(request: LoggedInRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(
        CalendarFeed, pk=pk, user=request.user, revoked_at__isnull=True
    )
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    messages.success(request, "That calendar address no longer works.")
    return redirect("posts:calendar_feeds")


@login_not_required
@require_GET
def feed_ics(request, token: str) -> HttpResponse:
    digest = hash_token(token)
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=digest, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None or not hmac.compare_digest(feed.token_hash, digest):
        raise Http404("No such calendar.")
    zone = zone_for(feed.user)
    today = timezone.now().astimezone(zone).date()
    plan = planned_between(
        feed.user,
        today - dt.timedelta(days=FEED_DAYS_BACK),
        today + dt.timedelta(days=FEED_DAYS_AHEAD),
        zone,
    )
    body = ical.feed(plan, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
