"""The trash: what was deleted in the last 30 days, and putting it back."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from posts.models import Draft
from posts.review.trash import trashed_comments
from series.htmx import HtmxRequest, LoggedInRequest
from series.models import Part, Series


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
    return render(request, "posts/trash/trash.html", context)


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
        old, item.number = item.number, Draft.next_number(item.part)
        item.chosen = False
        return f" Draft {old} exists now, so it came back as Draft {item.number}."
    if (
        isinstance(item, Draft)
        and item.chosen
        and Draft.objects.filter(part=item.part, chosen=True).exists()
    ):
        item.chosen = False
    return ""
