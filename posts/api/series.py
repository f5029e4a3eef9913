"""/api/v1/series: list, create, read (with parts and their drafts)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Router, Status

from posts.api.auth import caller, writer
from posts.api.schemas import SeriesDetail, SeriesIn, SeriesOut
from posts.api.views import (
    READ_ERRORS,
    WRITE_ERRORS,
    draft_summary,
    form_errors,
    series_out,
)
from posts.models import Draft
from posts.outline.forms import SeriesForm
from series.access import Access, get_series
from series.models import Series

router = Router(tags=["series"])


@router.get("", response={200: list[SeriesOut], **READ_ERRORS})
def list_series(request: HttpRequest):
    """The series you own or are a member of, most recently changed first."""
    user = caller(request)
    found = Series.objects.for_user(user).prefetch_related("memberships")
    out = []
    for series in found:
        access = Access.member(series, user)
        assert access is not None  # for_user gives only the user's series
        out.append(series_out(series, access))
    return out


@router.post("", response={201: SeriesOut, **WRITE_ERRORS})
def create_series(request: HttpRequest, payload: SeriesIn):
    """A new series of yours (the same rules as the web form)."""
    user = writer(request)
    form = SeriesForm(
        {**payload.dict(), "default_platform": payload.default_platform.value}
    )
    if not form.is_valid():
        raise form_errors(form)
    form.instance.owner = user
    series = form.save()
    access = Access.member(series, user)
    assert access is not None
    return Status(201, series_out(series, access))


@router.get("/{slug}", response={200: SeriesDetail, **READ_ERRORS})
def read_series(request: HttpRequest, slug: str):
    """One series with its live parts, each with its live drafts (three queries)."""
    series, access = get_series(caller(request), slug)
    drafts = Draft.objects.select_related("head").order_by("number")
    parts = series.parts.order_by("number").prefetch_related(
        Prefetch("drafts", queryset=drafts, to_attr="live_drafts")
    )
    return {
        **series_out(series, access),
        "parts": [
            {
                "id": part.pk,
                "number": part.number,
                "title": part.title,
                "drafts": [draft_summary(d) for d in part.live_drafts],
            }
            for part in parts
        ],
    }
