"""The series' voice profile and its consistency overview."""

import re
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from posts import derived
from posts.checks.checking import SeriesContext, report, series_context
from posts.models import Draft
from posts.textkit.checks import split_sentences
from posts.textkit.metrics import hashtags
from series.access import get_series
from series.forms import VoiceElementForm
from series.htmx import HtmxRequest
from series.models import Part, VoiceElement

TEASER = re.compile(r"\b(next week|coming up|stay tuned|part (\d+))\b", re.I)


VoiceFormSet = forms.modelformset_factory(
    VoiceElement, form=VoiceElementForm, extra=1, can_delete=True
)


@require_http_methods(["GET", "POST"])
def voice_profile(request: HtmxRequest, slug: str) -> HttpResponse:
    series, access = get_series(
        request.user, slug, need="edit" if request.method == "POST" else "view"
    )
    formset = VoiceFormSet(
        request.POST or None, queryset=series.voice_elements.all(), prefix="voice"
    )
    if request.method == "POST" and formset.is_valid():
        for element in formset.save(commit=False):
            element.series = series
            element.save()
        for element in formset.deleted_objects:
            element.delete()
        messages.success(
            request, "Voice profile saved. Every draft is checked against it."
        )
        return redirect("posts:voice", series.slug)
    return render(
        request,
        "posts/checks/voice.html",
        {
            "series": series,
            "access": access,
            "formset": formset,
            "here": "Voice & checks",
        },
    )


@require_GET
def consistency(request: HtmxRequest, slug: str) -> HttpResponse:
    series, access = get_series(request.user, slug)
    context = {
        "series": series,
        "access": access,
        "consistency": consistency_rows(series),
        "here": "Consistency",
    }
    return render(request, "posts/checks/consistency.html", context)


@dataclass
class Consistency:
    """The overview of a series: one row per part, from its chosen (else first) draft.

    Three queries when made; `rows` (the reports and openings, from posts.derived)
    are worked out only when asked for, so a page that keeps the rendered table
    (posts.fragments, under `key`) does not work them out again.
    """

    drafts: list[Draft]
    context: SeriesContext

    @property
    def key(self) -> tuple:
        """What the table shows, as plain values: the fragment's cache key."""
        return (
            self.context.version,
            tuple(
                (
                    d.pk,
                    d.number,
                    d.chosen,
                    d.part.number,
                    d.effective_platform,
                    d.declared_word_count,
                    derived.fingerprint(d.metadata),
                    derived.head_hash(d),
                )
                for d in self.drafts
            ),
        )

    @cached_property
    def rows(self) -> list[dict]:
        return [_overview_row(d, report(d, self.context)) for d in self.drafts]


def consistency_rows(series) -> Consistency:
    """The overview of `series` (see Consistency); three queries."""
    first = (
        Draft.objects.filter(part=OuterRef("pk"))
        .order_by("-chosen", "number")
        .values("pk")[:1]
    )
    picked = (
        Part.objects.filter(series=series)
        .annotate(draft_id=Subquery(first))
        .values("draft_id")
    )
    drafts = (
        Draft.objects.filter(pk__in=picked)
        .select_related("part__series", "head")
        .order_by("part__number")
    )
    return Consistency(list(drafts), series_context(series))


def _teases(sentence: str, part_number: int) -> bool:
    """Looks ahead: next week, what is coming, or a later part ("Part 2" in Part 2 does not)."""
    for match in TEASER.finditer(sentence):
        later = match.group(2)
        if later is None or int(later) > part_number:
            return True
    return False


def _overview_row(draft: Draft, draft_report) -> dict:
    number = draft.part.number
    opening, teaser, tags = derived.once(
        f"overview:{number}",
        derived.head_hash(draft),
        lambda: _overview(draft.body, number),
    )
    return {
        "draft": draft,
        "part": draft.part,
        "opening": opening,
        "teaser": teaser,
        "hashtags": tags,
        "report": draft_report,
    }


def _overview(body: str, part_number: int) -> tuple[str, str, list[str]]:
    """The opening sentence, the last teaser and the hashtags of a text."""
    # Headings and hashtag lines are not what the reader opens with.
    lines = body.splitlines()
    sentences = split_sentences(
        "\n".join(x for x in lines if not x.lstrip().startswith("#"))
    )
    teasers = [s for s in sentences if _teases(s, part_number)]
    opening = sentences[0] if sentences else ""
    return opening, teasers[-1] if teasers else "", hashtags(body)
