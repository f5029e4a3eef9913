"""The publishing page: what is ready, a preview as posted, mark published, export.

Every POST here changes one part and comes back to the page (plain request:
a redirect to the part's card; htmx: a client redirect), because a change to
one part also changes the series' summary at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from posts import derived, pages
from posts.checks.checking import SeriesContext, report, series_context
from posts.models import Draft, Publication
from posts.outline.choosing import choose_draft
from posts.publishing import exports
from posts.publishing.forms import (
    ChooseDraftForm,
    ExportForm,
    PartExportForm,
    PublishForm,
)
from posts.review.approval import APPROVED, DRAFTING, annotated_state, with_review_state
from posts.schedule import plan_checks
from posts.textkit.checks import Finding
from posts.textkit.metrics import Fold, Metrics, fold
from series.access import get_part, get_series
from series.htmx import HtmxRequest, LoggedInRequest
from series.models import Part


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""

    @property
    def css_class(self) -> str:
        return "check-ok" if self.ok else "check-fail"

    @property
    def said(self) -> str:
        """What a screen reader says for the ✓ or ✗ the page draws."""
        return "Done:" if self.ok else "To do:"


@dataclass
class PartRow:
    """One part's card on the publishing page; computed here, not in the template."""

    part: Part
    drafts: list[Draft]
    chosen: Draft | None = None
    publication: Publication | None = None
    metrics: Metrics | None = None
    review: str = DRAFTING
    checks: list[Check] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    html: str = ""
    fold: Fold | None = None
    plain_rest: str = ""
    copy_text: str = ""
    changed_url: str = ""  # set when the text moved on since publishing
    key: tuple = ()  # what the card shows, as plain values (posts.fragments)

    @property
    def ready(self) -> bool:
        return all(check.ok for check in self.checks)

    # The forms are made only when the card is drawn, not when it is kept.
    @cached_property
    def choose_form(self) -> ChooseDraftForm:
        return ChooseDraftForm(part=self.part, drafts=self.drafts)

    @cached_property
    def publish_form(self) -> PublishForm:
        return PublishForm(part=self.part, publication=self.publication)


@require_GET
@pages.kept(pages.of_series)
def publish(request: HtmxRequest, slug: str) -> HttpResponse:
    series, access = get_series(request.user, slug)
    parts = exports.load_parts(series, drafts=_drafts_with_review())
    checks = series_context(series)
    rows = [_row(part, checks) for part in parts]
    context = {
        "series": series,
        "access": access,
        "rows": rows,
        "ready_count": sum(row.ready for row in rows),
        "published_count": sum(row.publication is not None for row in rows),
        "export_form": ExportForm(),
        "here": "Publish",
        "plan_findings": plan_checks.for_parts(parts),
    }
    return render(request, "posts/publishing/publish.html", context)


@require_POST
def publish_choose(request: HtmxRequest, pk: int) -> HttpResponse:
    part, _ = get_part(request.user, pk, need="edit")
    form = ChooseDraftForm(request.POST, part=part)
    if not form.is_valid():
        messages.error(request, f"Part {part.number}: pick one of its drafts.")
        return _back(request, part)
    draft = form.cleaned_data["draft"]
    choose_draft(draft, True)
    messages.success(request, f"Part {part.number}: {draft} is the chosen draft.")
    return _back(request, part)


@require_POST
def publish_mark(request: LoggedInRequest, pk: int) -> HttpResponse:
    part, _ = get_part(request.user, pk, need="edit")
    form = PublishForm(request.POST, part=part)
    if not form.is_valid():
        messages.error(request, f"Part {part.number} was not marked: {_errors(form)}")
        return _back(request, part)
    with transaction.atomic():
        # The draft row lock orders this after any save in progress (saving.py),
        # so the revision published is the one that stays frozen.
        draft = part.drafts.select_for_update().filter(chosen=True).first()
        if draft is None or draft.head_id is None:
            messages.error(
                request, f"Part {part.number} has no chosen draft to publish."
            )
            return _back(request, part)
        Publication.objects.update_or_create(
            part=part,
            defaults={
                "revision_id": draft.head_id,
                "published_on": form.cleaned_data["published_on"],
                "url": form.cleaned_data["url"],
                "created_by": request.user,
            },
        )
    messages.success(request, f"Part {part.number} is marked as published.")
    return _back(request, part)


@require_POST
def publish_undo(request: HtmxRequest, pk: int) -> HttpResponse:
    part, _ = get_part(request.user, pk, need="edit")
    deleted, _ = Publication.objects.filter(part=part).delete()
    if deleted:
        messages.success(
            request, f"Part {part.number} is no longer marked as published."
        )
    else:
        messages.info(request, f"Part {part.number} was not marked as published.")
    return _back(request, part)


@require_GET
def export_series(request: HtmxRequest, slug: str) -> HttpResponse:
    series, _ = get_series(request.user, slug)
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Choose an export format: .zip, .md or .txt.")
        return redirect("posts:publish", series.slug)
    fmt, chosen_only = form.cleaned_data["format"], form.cleaned_data["chosen_only"]
    content = exports.export_series(series, fmt, chosen_only=chosen_only)
    return _download(content, f"{series.slug}.{fmt}", fmt)


@require_GET
def export_part(request: HtmxRequest, pk: int) -> HttpResponse:
    part, _ = get_part(request.user, pk)
    form = PartExportForm(request.GET)
    loaded = exports.load_parts(part.series, part_pk=part.pk)
    copy = exports.part_copy(loaded[0]) if loaded else None
    if not form.is_valid() or copy is None:
        problem = "has no draft to export" if copy is None else "needs .md or .txt"
        messages.error(request, f"Part {part.number} {problem}.")
        return redirect("posts:publish", part.series.slug)
    fmt = form.cleaned_data["format"]
    render_file = exports.export_part_md if fmt == "md" else exports.export_part_txt
    filename = f"{part.series.slug}-{copy.filename(fmt)}"
    return _download(render_file(copy), filename, fmt)


CONTENT_TYPES = {
    "zip": "application/zip",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}


def _download(content: str | bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _back(request: HtmxRequest, part: Part) -> HttpResponse:
    url = reverse("posts:publish", args=[part.series.slug]) + f"#part-{part.number}"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _errors(form: forms.Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _row(part: exports.LoadedPart, checks: SeriesContext) -> PartRow:
    """Readiness, numbers and preview of a part loaded by exports.load_parts."""
    row = PartRow(
        part, part.live_drafts, publication=getattr(part, "publication", None)
    )
    row.chosen = next((d for d in part.live_drafts if d.chosen), None)
    row.key = _row_key(row, checks)
    row.checks.append(Check("Draft chosen", row.chosen is not None))
    if row.chosen is None:
        return row
    row.review = annotated_state(row.chosen)
    row.checks.append(Check("Approved in review", row.review == APPROVED, row.review))
    body, platform = row.chosen.body, row.chosen.effective_platform
    stored = derived.head_hash(row.chosen)
    row.metrics = derived.measured(stored, body, platform)
    findings = report(row.chosen, checks).findings
    errors = [f.message for f in findings if f.severity == "error"]
    row.warnings = [f for f in findings if f.severity == "warning"]
    row.checks += [
        _limit_check(row.metrics),
        Check(
            "No errors from the voice, continuity and platform checks",
            not errors,
            " ".join(errors),
        ),
    ]
    row.html = derived.html(stored, body)
    plain = derived.plain(stored, body)
    limit = row.metrics.platform.fold_desktop
    row.fold = fold(plain, limit) if limit else None
    row.plain_rest = plain[len(row.fold.text) :] if row.fold else plain
    row.copy_text = body if row.metrics.platform.renders_markdown else plain
    if row.publication and row.publication.revision_id != row.chosen.head_id:
        row.changed_url = _compare_url(row.publication, row.chosen)
    return row


def _row_key(row: PartRow, checks: SeriesContext) -> tuple:
    """Everything a part's card is drawn from, as plain values: its cache key.

    The part, its drafts as the choose form lists them, the chosen draft's
    text (content hash) and what its checks read, its review state, the
    publication, the series' outline and voice profile (for the checks) and
    today (the publish form's date)."""
    part, chosen, publication = row.part, row.chosen, row.publication
    return (
        part.pk,
        part.number,
        part.title,
        tuple(
            (d.pk, d.number, d.strategy, d.chosen, d.head.word_count if d.head else 0)
            for d in row.drafts
        ),
        chosen
        and (
            chosen.pk,
            chosen.head_id,
            chosen.head.number if chosen.head else None,
            derived.head_hash(chosen),
            chosen.effective_platform,
            chosen.declared_word_count,
            derived.fingerprint(chosen.metadata),
            annotated_state(chosen),
        ),
        publication
        and (
            publication.revision_id,
            publication.revision.draft_id,
            publication.revision.number,
            publication.published_on,
            publication.url,
        ),
        checks.version,
        timezone.localdate(),
    )


def _limit_check(metrics: Metrics) -> Check:
    name = metrics.platform.name
    if metrics.char_limit is None:
        return Check(f"No character limit on {name}", True)
    detail = f"{metrics.characters} / {metrics.char_limit} characters"
    if metrics.over_limit:
        detail += f", {metrics.over_limit} too many"
    return Check(f"Within the {name} limit", not metrics.over_limit, detail)


def _compare_url(publication: Publication, chosen: Draft) -> str:
    published = publication.revision
    assert chosen.head is not None  # create_draft gives every draft its head
    return reverse(
        "posts:compare",
        args=[published.draft_id, published.number, chosen.pk, chosen.head.number],
    )


def _drafts_with_review() -> QuerySet[Draft]:
    return with_review_state(exports.drafts_queryset())
