"""The editor's endpoints: live preview + panel, and saving (autosave, named).

Each endpoint looks the draft up once (series.access) and does a fixed number
of queries, however many revisions the draft has.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from posts import derived
from posts.access import get_draft
from posts.checks.checking import report, series_context
from posts.editor.conflicts import merged_answer
from posts.editor.forms import PreviewForm, SaveForm
from posts.editor.saving import SaveResult, StaleBase, base_of
from posts.models import Draft, hash_text
from posts.rendering import render_preview
from series.htmx import HtmxRequest


def panel_context(draft: Draft, body: str, stored: str | None = None) -> dict:
    """Everything `posts/_live_panel.html` shows for this text.

    Add new panel sections as new keys here (and a block in the include);
    the editor page and the preview endpoint both render the panel from it.
    `stored`: the content hash when `body` is the head's text (kept in
    posts.derived); None for text being typed, which is never kept.
    """
    metrics = derived.measured(stored, body, draft.effective_platform)
    ratio = metrics.limit_ratio()
    return {
        "metrics": metrics,
        "limit_percent": None if ratio is None else round(ratio * 100),
        "near_limit": ratio is not None and 0.9 <= ratio <= 1,
        "checks": report(
            draft, series_context(draft.part.series), None if stored else body
        ),
    }


def preview_context(draft: Draft, body: str, stored: str | None = None) -> dict:
    """Rendered preview, the platform's plain-text view and the live panel; the
    characters past the platform's limit are marked in both."""
    panel = panel_context(draft, body, stored)
    metrics = panel["metrics"]
    return {
        "draft": draft,
        "html": render_preview(body, metrics, derived.html(stored, body)),
        "body_empty": not body.strip(),
        "platform_view": platform_view(metrics),
        **panel,
    }


def platform_view(metrics) -> dict:
    """The plain text in pieces: where the mobile and desktop feeds cut it
    ({"fold": "mobile"}) and which text is past the limit ({"over": True})."""
    plain = metrics.plain
    cuts: list[tuple[int, str]] = []
    desktop, mobile = metrics.fold_desktop, metrics.fold_mobile
    folds = desktop is not None and desktop.cut
    if folds:
        cuts = [
            (len(mobile.text) if mobile else 0, "mobile"),
            (len(desktop.text), "desktop"),
        ]
    stops = sorted({*(at for at, _ in cuts), metrics.fits, len(plain)})
    pieces: list[dict] = []
    start = 0
    for stop in stops:
        text = plain[start:stop]
        if pieces and pieces[-1].get("fold"):
            text = text.lstrip()  # each fold mark is a line of its own
        if text:
            pieces.append({"text": text, "over": start >= metrics.fits})
        pieces += [{"fold": name} for at, name in cuts if at == stop]
        start = stop
    return {"pieces": pieces, "folds": folds}


@require_POST
def draft_preview(request: HtmxRequest, pk: int) -> HttpResponse:
    """Preview fragment plus the panel and platform view (out of band)."""
    draft, access = get_draft(request.user, pk)
    form = PreviewForm(request.POST)
    if not form.is_valid():
        context = {"draft": draft, "access": access, "errors": form.errors["body"]}
        return render(request, "posts/editor/_preview_response.html", context)
    context = preview_context(draft, form.cleaned_data["body"]) | {"access": access}
    return render(request, "posts/editor/_preview_response.html", context)


@require_POST
def draft_save(request: HtmxRequest, pk: int) -> HttpResponse:
    """Autosave or named version. JSON for the editor, a redirect without JS."""
    draft, _ = get_draft(request.user, pk, need="edit")
    form = SaveForm(request.POST)
    if not form.is_valid():
        return _invalid(request, draft, form)
    try:
        result = form.save(draft, request.user)
    except StaleBase as stale:
        form.add_error(
            None, f"{stale} Reload the page to continue from the current text"
        )
        return _invalid(request, draft, form)
    if not wants_json(request):
        messages.success(request, _saved_message(result))
        return redirect(draft)
    return JsonResponse(save_payload(request, draft, result))


def wants_json(request: HtmxRequest) -> bool:
    """editor.js asks for JSON; a plain form post (no JS) asks for HTML."""
    return "application/json" in request.headers.get("Accept", "")


def save_payload(request: HtmxRequest, draft: Draft, result: SaveResult) -> dict:
    """The editor's answer; see posts.editor.merging for "merged" and "conflict".

    saved:    {status, revision, kind, created, base_number, base_hash}
    merged:   the same for the merge revision (the new head), plus
              merged: {body, with, authors, notes}: the text to continue from
    conflict: revision = the stored conflicting save, base_* = still the
              text the save started from (continuing from the head would
              drop its overlapping words), plus resolve_url and banner (HTML)
    """
    revision = result.revision
    status = "conflict" if result.conflict else "merged" if result.merged else "saved"
    payload = {
        "status": status,
        "revision": revision.number,
        "kind": revision.kind,
        "created": result.created,
        **base_of(revision),
    }
    if result.merged and result.merge is not None:
        payload["merged"] = merged_answer(draft, result, request.user.username)
    theirs = result.conflict_with
    if theirs is not None:
        assert result.base_text is not None  # a conflict knows its base
        payload["base_number"] = revision.base_number
        payload["base_hash"] = hash_text(result.base_text)
        resolve_url = reverse("posts:conflict", args=[draft.pk, revision.number])
        context: dict[str, object] = {
            "draft": draft,
            "mine": revision,
            "theirs": theirs,
            "theirs_name": _who(theirs.author, request.user),
            "resolve_url": resolve_url,
            "overlaps": len(result.merge.conflicts) if result.merge else 0,
        }
        context["compare_url"] = compare_url(draft, theirs.number, revision.number)
        payload["resolve_url"] = resolve_url
        payload["banner"] = render_to_string(
            "posts/editor/_conflict_banner.html", context, request=request
        )
    return payload


def _who(author, user) -> str:
    """Who saved the other side of a conflict, as the banner names them."""
    if author == user:
        return "You (in another tab or window)"
    return author.username if author else "Someone"


def compare_url(draft: Draft, a: int, b: int) -> str:
    """The compare view when it exists, else the history's plain diff."""
    plain = reverse("posts:history_diff", args=[draft.pk]) + f"?a={a}&b={b}"
    return full_compare_url(draft, a, b) or plain


def full_compare_url(draft: Draft, a: int, b: int) -> str | None:
    """posts:compare is a colleague's (issue: compare view); None until it is routed."""
    try:
        return reverse("posts:compare", args=[draft.pk, a, draft.pk, b])
    except NoReverseMatch:
        return None


def _saved_message(result: SaveResult) -> str:
    theirs = result.conflict_with
    if theirs is not None:
        return (
            f"Someone saved revision {theirs.number} while you were editing, in the "
            f"same words as you; your text is saved as revision "
            f"{result.revision.number}: open it from the history to resolve."
        )
    if result.merged_with is not None:
        return (
            f"Merged with revision {result.merged_with.number}, saved meanwhile: "
            f"revision {result.revision.number} holds both."
        )
    return f"Saved as revision {result.revision.number}."


def _invalid(request: HtmxRequest, draft: Draft, form: SaveForm) -> HttpResponse:
    errors = "; ".join(
        f"{name.replace('_', ' ')}: {' '.join(str(e) for e in errs)}"
        for name, errs in form.errors.items()
    )
    if wants_json(request):
        return JsonResponse({"status": "invalid", "error": errors}, status=400)
    messages.error(request, f"Not saved. {errors}")
    return redirect(draft)


def editor_context(draft: Draft) -> dict:
    """The editor page: the head's text, its base, preview and panel."""
    head = draft.head
    assert head is not None  # create_draft gives every draft its head
    return {
        **preview_context(draft, draft.body, head.content_hash),
        "base": base_of(head),
        "head": head,
        "save_form": SaveForm(initial={"body": draft.body, **base_of(head)}),
    }
