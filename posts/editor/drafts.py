"""A draft: writing the first one, its page (the editor), deleting it, choosing it for the part."""

from django import forms
from django.contrib import messages
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from posts import pages
from posts.access import get_draft
from posts.editor.forms import DraftForm
from posts.editor.provenance import paragraph_sources
from posts.editor.saving import create_draft
from posts.editor.views import editor_context
from posts.models import Draft, Publication
from posts.outline.choosing import choose_draft
from series.access import get_part
from series.htmx import HtmxRequest


@require_http_methods(["GET", "POST"])
def draft_create(request: HtmxRequest, part_pk: int) -> HttpResponse:
    part, access = get_part(request.user, part_pk, need="edit")
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft = create_draft(
            part,
            request.user,
            form.cleaned_data["body"],
            strategy=form.cleaned_data["strategy"],
            platform=form.cleaned_data["platform"],
        )
        messages.success(request, f"{draft} created.")
        return redirect(draft)
    return render(
        request,
        "posts/editor/draft_form.html",
        {"form": form, "part": part, "series": part.series, "access": access},
    )


@require_GET
@pages.kept(pages.of_draft)
def draft_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    """The editor for owners and editors; the rendered text for reviewers."""
    draft, access = get_draft(request.user, pk)
    series = draft.part.series
    context = {
        "draft": draft,
        "part": draft.part,
        "series": series,
        "access": access,
        "publication": _publication_of(draft),
        "provenance": paragraph_sources(draft, draft.body),
        # A WSGI server cannot hold the live room's WebSocket: the editor then
        # does not try, and saves over HTTP.
        "live": isinstance(request, ASGIRequest),
        **editor_context(draft),
    }
    return render(request, "posts/editor/draft_detail.html", context)


def _publication_of(draft: Draft) -> Publication | None:
    """The part's publication when this draft is what went out (one query)."""
    return (
        Publication.objects.filter(part=draft.part_id, revision__draft=draft)
        .select_related("revision")
        .first()
    )


@require_POST
def draft_delete(request: HtmxRequest, pk: int) -> HttpResponse:
    draft, _ = get_draft(request.user, pk, need="edit")
    draft.move_to_trash(request.user)
    messages.success(
        request, f"{draft} moved to the trash. Restore it from the trash any time."
    )
    return redirect(draft.part)


class ChooseForm(forms.Form):
    chosen = forms.TypedChoiceField(
        choices=[("1", "Mark as chosen"), ("0", "Unmark")], coerce=lambda v: v == "1"
    )


@require_POST
def draft_choose(request: HtmxRequest, pk: int) -> HttpResponse:
    draft, _ = get_draft(request.user, pk, need="edit")
    form = ChooseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That form was not sent by this page.")
        return redirect(draft.part)
    chosen = form.cleaned_data["chosen"]
    choose_draft(draft, chosen)
    if chosen:
        messages.success(
            request, f"{draft} is now the chosen draft of Part {draft.part.number}."
        )
    else:
        messages.success(request, f"{draft} is no longer the chosen draft.")
    return redirect(draft.part)
