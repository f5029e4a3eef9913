from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from posts.checking import series_context
from posts.merging import default_pair, draft_rows
from posts.models import Draft
from posts.review import with_review_state
from posts.review_trash import trashed_comments
from series.access import get_part, get_series
from series.forms import PartForm, SeriesForm, SignUpForm
from series.htmx import HtmxRequest, LoggedInRequest
from series.models import WRITE_ROLES, Part, Series
from series.throttling import rate_limited
from series.views.consistency import consistency_rows


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("signup")
def signup(request: HtmxRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "series:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}.")
        return redirect(next_url or "series:dashboard")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _safe_next(request: HtmxRequest) -> str:
    """Where to go after signing up (an invitation link, say), if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    )
    return target if allowed else ""


@require_GET
def dashboard(request: HtmxRequest) -> HttpResponse:
    series_list = (
        Series.objects.for_user(request.user)
        .annotate(
            part_count=Count(
                "parts", filter=Q(parts__deleted_at__isnull=True), distinct=True
            ),
            draft_count=Count(
                "parts__drafts",
                filter=Q(
                    parts__deleted_at__isnull=True,
                    parts__drafts__deleted_at__isnull=True,
                ),
                distinct=True,
            ),
        )
        .order_by("-updated_at")
    )  # Meta.ordering does not apply to GROUP BY queries
    return render(request, "series/dashboard.html", {"series_list": series_list})


@require_http_methods(["GET", "POST"])
def series_create(request: HtmxRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.owner = request.user
        series = form.save()
        messages.success(request, f"Series “{series}” created. Add its first part.")
        return redirect(series)
    return render(request, "series/series_form.html", {"form": form})


@require_GET
def series_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    series = get_series(request.user, slug)
    parts = series.parts.annotate(
        draft_count=Count("drafts", filter=Q(drafts__deleted_at__isnull=True))
    ).order_by("number")
    context = {
        "series": series,
        "parts": parts,
        "consistency": consistency_rows(series),
    }
    return render(request, "series/series_detail.html", context)


@require_http_methods(["GET", "POST"])
def series_edit(request: HtmxRequest, slug: str) -> HttpResponse:
    series = get_series(request.user, slug, write=True)
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Series saved.")
        return redirect(series)
    return render(request, "series/series_form.html", {"form": form, "series": series})


@require_POST
def series_delete(request: HtmxRequest, slug: str) -> HttpResponse:
    series = get_series(request.user, slug)
    if series.role != "owner":
        raise PermissionDenied("Only the owner can delete a series.")
    series.move_to_trash(request.user)
    messages.success(
        request, f"“{series}” moved to the trash. You can restore it from there."
    )
    return redirect("series:dashboard")


@require_http_methods(["GET", "POST"])
def part_create(request: HtmxRequest, slug: str) -> HttpResponse:
    series = get_series(request.user, slug, write=True)
    form = PartForm(request.POST or None, series=series)
    if request.method == "POST" and form.is_valid():
        form.instance.series = series
        part = form.save()
        messages.success(
            request, f"Part {part.number} created. Write or import its first draft."
        )
        return redirect(part)
    return render(request, "series/part_form.html", {"form": form, "series": series})


@require_GET
def part_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    part = get_part(request.user, pk)
    drafts = list(with_review_state(part.drafts.select_related("head__author")))
    pick_a, pick_b = default_pair(drafts)
    context = {
        "part": part,
        "series": part.series,
        "drafts": drafts,
        "rows": draft_rows(drafts, series_context(part.series)),
        "pick_a": pick_a,
        "pick_b": pick_b,
        "can_write": part.series.role in WRITE_ROLES,
    }
    return render(request, "series/part_detail.html", context)


@require_http_methods(["GET", "POST"])
def part_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    part = get_part(request.user, pk, write=True)
    form = PartForm(request.POST or None, instance=part, series=part.series)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Part saved.")
        return redirect(part)
    return render(
        request,
        "series/part_form.html",
        {"form": form, "series": part.series, "part": part},
    )


@require_POST
def part_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    part = get_part(request.user, pk, write=True)
    part.move_to_trash(request.user)
    messages.success(request, f"Part {part.number} moved to the trash.")
    return redirect(part.series)


@require_GET
def trash(request: LoggedInRequest) -> HttpResponse:
    mine = Series.everything.filter(owner=request.user)
    context = {
        "series_list": mine.trashed().order_by("-deleted_at"),
        "parts": Part.everything.trashed()
        .filter(series__in=mine.alive())
        .select_related("series")
        .order_by("-deleted_at"),
        "drafts": Draft.everything.trashed()
        .filter(part__series__in=mine.alive(), part__deleted_at__isnull=True)
        .select_related("part__series", "head")
        .order_by("-deleted_at"),
        "comments": trashed_comments(request.user),
    }
    return render(request, "series/trash.html", context)


@require_POST
def trash_restore(request: HtmxRequest, kind: str, pk: int) -> HttpResponse:
    models = {"series": Series, "part": Part, "draft": Draft}
    if kind not in models:
        raise Http404("Nothing like that is in the trash.")
    item = _owned_trashed(request.user, models[kind], pk)
    with transaction.atomic():
        note = _free_number(item)
        item.deleted_at = None
        item.deleted_by = None
        item.save()
    messages.success(request, f"Restored {item}.{note}")
    return redirect(item)


def _owned_trashed(user, model, pk):
    owner_path = {Series: "owner", Part: "series__owner", Draft: "part__series__owner"}[
        model
    ]
    return get_object_or_404(model.everything.trashed(), pk=pk, **{owner_path: user})


def _free_number(item) -> str:
    """A restored part or draft whose number was reused meanwhile gets the next free one."""
    if (
        isinstance(item, Part)
        and Part.objects.filter(series=item.series, number=item.number).exists()
    ):
        old, item.number = item.number, item.series.next_part_number()
        return f" Part {old} exists now, so it came back as Part {item.number}."
    if (
        isinstance(item, Draft)
        and Draft.objects.filter(part=item.part, number=item.number).exists()
    ):
        old, item.number = item.number, item.part.next_draft_number()
        item.chosen = False
        return f" Draft {old} exists now, so it came back as Draft {item.number}."
    if (
        isinstance(item, Draft)
        and item.chosen
        and Draft.objects.filter(part=item.part, chosen=True).exists()
    ):
        item.chosen = False
    return ""
