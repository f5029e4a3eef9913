from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from posts import pages
from posts.checks.checking import series_context
from posts.checks.consistency import consistency_rows
from posts.compare.forms import PartPickForm
from posts.outline.forms import PartForm, SeriesForm
from posts.outline.rows import default_pair, draft_rows, rows_key
from posts.review.approval import with_review_state
from posts.schedule.planning import due_soon
from series.access import get_part, get_series
from series.htmx import HtmxRequest
from series.models import Part, Series


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
    due = list(
        due_soon(Part.objects.for_user(request.user))
        .select_related("series")
        .order_by("planned_at")
    )
    context = {"series_list": series_list, "due": due}
    return render(request, "posts/outline/dashboard.html", context)


@require_http_methods(["GET", "POST"])
def series_create(request: HtmxRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.owner = request.user
        series = form.save()
        messages.success(request, f"Series “{series}” created. Add its first part.")
        return redirect(series)
    return render(request, "posts/outline/series_form.html", {"form": form})


@require_GET
@pages.kept(pages.of_series)
def series_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    series, access = get_series(request.user, slug)
    parts = list(
        series.parts.annotate(
            draft_count=Count("drafts", filter=Q(drafts__deleted_at__isnull=True))
        ).order_by("number")
    )
    context = {
        "series": series,
        "access": access,
        "parts": parts,
        "parts_key": tuple((p.pk, p.number, p.title, p.draft_count) for p in parts),
        "consistency": consistency_rows(series),
    }
    return render(request, "posts/outline/series_detail.html", context)


@require_http_methods(["GET", "POST"])
def series_edit(request: HtmxRequest, slug: str) -> HttpResponse:
    series, access = get_series(request.user, slug, need="edit")
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Series saved.")
        return redirect(series)
    context = {"form": form, "series": series, "access": access}
    return render(request, "posts/outline/series_form.html", context)


@require_POST
def series_delete(request: HtmxRequest, slug: str) -> HttpResponse:
    series, _ = get_series(request.user, slug, need="manage")
    series.move_to_trash(request.user)
    messages.success(
        request, f"“{series}” moved to the trash. You can restore it from there."
    )
    return redirect("posts:dashboard")


@require_http_methods(["GET", "POST"])
def part_create(request: HtmxRequest, slug: str) -> HttpResponse:
    series, _ = get_series(request.user, slug, need="edit")
    form = PartForm(request.POST or None, series=series)
    if request.method == "POST" and form.is_valid():
        form.instance.series = series
        part = form.save()
        messages.success(
            request, f"Part {part.number} created. Write or import its first draft."
        )
        return redirect(part)
    return render(
        request, "posts/outline/part_form.html", {"form": form, "series": series}
    )


@require_GET
@pages.kept(pages.of_part)
def part_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    part, access = get_part(request.user, pk)
    drafts = list(with_review_state(part.drafts.select_related("head__author")))
    pick_a, pick_b = default_pair(drafts)
    checks = series_context(part.series)
    context = {
        "part": part,
        "series": part.series,
        "access": access,
        "drafts": drafts,
        # Worked out only when the matrix is not kept (posts.fragments).
        "rows_key": rows_key(drafts, checks),
        "rows": SimpleLazyObject(lambda: draft_rows(drafts, checks)),
        "pick_form": SimpleLazyObject(
            lambda: PartPickForm(
                initial={"a": pick_a and pick_a.pk, "b": pick_b and pick_b.pk},
                drafts=drafts,
            )
        ),
    }
    return render(request, "posts/outline/part_detail.html", context)


@require_http_methods(["GET", "POST"])
def part_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    part, _ = get_part(request.user, pk, need="edit")
    form = PartForm(request.POST or None, instance=part, series=part.series)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Part saved.")
        return redirect(part)
    return render(
        request,
        "posts/outline/part_form.html",
        {"form": form, "series": part.series, "part": part},
    )


@require_POST
def part_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    part, _ = get_part(request.user, pk, need="edit")
    part.move_to_trash(request.user)
    messages.success(request, f"Part {part.number} moved to the trash.")
    return redirect(part.series)
