"""Three-way merging for writers: the conflict resolver, and rebasing an open editor.

The resolver shows one conflicting save against the current head: what
merged cleanly (already applied) and, for each overlap, base / theirs / mine
with keep both (either order), keep theirs, keep mine, or free editing.
Rebase merges the head into the text an open editor holds, so a colleague's
save lands there without a reload. Both are for those who may edit: anyone
else gets a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from posts.access import get_draft
from posts.editor.conflicts import (
    Pending,
    authors_since,
    merge_notes,
    my_changes,
    pending,
)
from posts.editor.conflicts import resolve as resolve_pending
from posts.editor.forms import normalise_newlines
from posts.editor.saving import base_of
from posts.models import Draft
from posts.textkit.merge3 import CHOICES, merge3, resolution
from series.htmx import HtmxRequest

CHOICE_LABELS = {
    "mine-after-theirs": "Keep both (mine after theirs)",
    "theirs-after-mine": "Keep both (theirs after mine)",
    "theirs": "Keep theirs",
    "mine": "Keep mine",
    "edit": "My own wording (below)",
}
TEXT_LIMIT = 200_000


def editable_draft(user, pk: int) -> Draft:
    """The draft if `user` may edit it; 404 otherwise (reviewers included)."""
    try:
        return get_draft(user, pk, need="edit")[0]
    except PermissionDenied:
        raise Http404("No such draft.") from None


class ResolveForm(forms.Form):
    head_hash = forms.RegexField(regex=r"^[0-9a-f]{64}$")

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        for k in range(count):
            self.fields[f"choice-{k}"] = forms.ChoiceField(
                choices=list(CHOICE_LABELS.items())
            )
            self.fields[f"text-{k}"] = forms.CharField(
                required=False, strip=False, max_length=TEXT_LIMIT
            )

    def choices(self, count: int) -> list[str]:
        """One choice per conflict: a CHOICES name, or the writer's own text."""
        out = []
        for k in range(count):
            choice = self.cleaned_data[f"choice-{k}"]
            text = normalise_newlines(self.cleaned_data[f"text-{k}"])
            out.append(text if choice == "edit" else choice)
        return out


@require_http_methods(["GET", "POST"])
def conflict_resolve(request: HtmxRequest, pk: int, number: int) -> HttpResponse:
    draft = editable_draft(request.user, pk)
    item = pending(draft, number)
    count = len(item.merge.conflicts)
    form = ResolveForm(request.POST or None, count=count)
    if request.method == "POST" and not item.resolved and form.is_valid():
        choices = form.choices(count)
        if form.cleaned_data["head_hash"] != item.head.content_hash:
            messages.warning(request, "The text changed meanwhile: here it is again.")
            return redirect(request.path)
        result = resolve_pending(
            draft, item, choices, request.user, form.cleaned_data["head_hash"]
        )
        if result.conflict:
            messages.warning(
                request, "Someone saved meanwhile; one more overlap to decide."
            )
            target = reverse("posts:conflict", args=[draft.pk, result.revision.number])
        else:
            messages.success(
                request, f"Resolved: saved as revision {result.revision.number}."
            )
            target = draft.get_absolute_url()
        if request.htmx:
            return HttpResponseClientRedirect(target)
        return redirect(target)
    return render(
        request, "posts/editor/conflict_resolve.html", _context(draft, item, form)
    )


def _context(draft: Draft, item: Pending, form: ResolveForm) -> dict:
    mine_name = item.conflict.author.username if item.conflict.author else "You"
    theirs = authors_since(draft, item.conflict.base_number, item.head.number)
    regions = []
    for k, region in enumerate(item.merge.conflicts):
        options = [
            (
                value,
                label,
                resolution(region, value) if value in CHOICES else region.mine,
            )
            for value, label in CHOICE_LABELS.items()
        ]
        regions.append(
            {
                "index": k,
                "region": region,
                "options": options,
                "chosen": form.data.get(f"choice-{k}", "mine-after-theirs"),
                "text": form.data.get(f"text-{k}", region.mine),
            }
        )
    return {
        "draft": draft,
        "part": draft.part,
        "series": draft.part.series,
        "here": f"Resolve revision {item.conflict.number}",
        "item": item,
        "form": form,
        "regions": regions,
        "mine_name": mine_name,
        "theirs_names": ", ".join(n for n in theirs if n != mine_name) or "someone",
        "applied_mine": my_changes(item.merge),
        "applied_theirs": [r for r in item.merge.changes if r.kind == "theirs"],
    }


class RebaseForm(forms.Form):
    base = forms.CharField(required=False, strip=False, max_length=TEXT_LIMIT)
    mine = forms.CharField(required=False, strip=False, max_length=TEXT_LIMIT)
    base_number = forms.IntegerField(min_value=0)


@require_POST
def editor_rebase(request: HtmxRequest, pk: int) -> HttpResponse:
    """Merge the current head into an open editor's text.

    base: the text the editor last had confirmed; mine: what it holds now;
    base_number: the revision base came from. Answers the merged text and the
    head as the new base, or "conflict" (the editor keeps its text) when the
    writer's unsaved words overlap the head's changes. Nothing is saved.
    """
    draft = editable_draft(request.user, pk)
    form = RebaseForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"status": "invalid", "error": "Not a rebase."}, status=400)
    base = normalise_newlines(form.cleaned_data["base"])
    mine = normalise_newlines(form.cleaned_data["mine"])
    head = draft.head
    assert head is not None  # create_draft gives every draft its head
    merge = merge3(base, mine, head.body)
    names = authors_since(draft, form.cleaned_data["base_number"], head.number)
    payload: dict = {
        "revision": head.number,
        "head_body": head.body,
        "notes": merge_notes(merge, names, request.user.username),
        **base_of(head),
    }
    if merge.clean:
        payload.update(status="merged", body=merge.text)
    else:
        payload.update(status="conflict", conflicts=len(merge.conflicts))
    return JsonResponse(payload)
