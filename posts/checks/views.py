"""Acting on check results from the editor: tick a manual voice element, apply a fix."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from posts.access import get_draft
from posts.editor.saving import save_text
from posts.models import Draft, Revision
from posts.textkit import cleanup
from series.htmx import HtmxRequest

FIXES = {"set-declared-word-count", "set-declared-part"}
# Fixes that change the text: a new revision, so nothing is lost.
TEXT_FIXES = {
    "remove-title-heading": (
        cleanup.without_title_heading,
        "Removed the title heading above the post",
    ),
    "remove-front-matter": (
        cleanup.without_front_matter,
        "Removed the front matter above the post",
    ),
}


class VoiceTickForm(forms.Form):
    label = forms.CharField(max_length=200)
    ticked = forms.BooleanField(required=False)


class FixForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in sorted(FIXES | set(TEXT_FIXES))]
    )
    value = forms.IntegerField(min_value=0, max_value=1_000_000, required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("action") in FIXES and data.get("value") is None:
            self.add_error("value", "This fix needs a value.")
        return data


@require_POST
def voice_tick(request: HtmxRequest, pk: int) -> HttpResponse:
    draft, _ = get_draft(request.user, pk, need="edit")
    form = VoiceTickForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Say which element to tick.", status=400)
    ticks = set(draft.metadata.get("voice_ticks", []))
    label = form.cleaned_data["label"]
    (ticks.add if form.cleaned_data["ticked"] else ticks.discard)(label)
    draft.metadata["voice_ticks"] = sorted(ticks)
    draft.save(update_fields=["metadata", "updated_at"])
    return _done(request, draft)


@require_POST
def apply_fix(request: HtmxRequest, pk: int) -> HttpResponse:
    draft, _ = get_draft(request.user, pk, need="edit")
    form = FixForm(request.POST)
    if not form.is_valid():
        return HttpResponse("That fix is not one Postwright knows.", status=400)
    action, value = form.cleaned_data["action"], form.cleaned_data["value"]
    if action in TEXT_FIXES:
        return _fix_text(request, draft, *TEXT_FIXES[action])
    if action == "set-declared-word-count":
        draft.declared_word_count = value
    else:
        draft.metadata["declared_part"] = value
    draft.save(update_fields=["declared_word_count", "metadata", "updated_at"])
    if not request.htmx:  # with htmx the panel itself shows the finding gone
        messages.success(request, "Fixed.")
    return _done(request, draft)


def _fix_text(request: HtmxRequest, draft: Draft, change, message: str) -> HttpResponse:
    head = draft.head
    assert head is not None  # create_draft gives every draft its head
    save_text(
        draft.pk,
        request.user,
        change(head.body),
        kind=Revision.Kind.NAMED,
        base_number=head.number,
        base_hash=head.content_hash,
        message=message,
    )
    messages.success(request, f"{message}. The previous text is in the history.")
    if request.htmx:  # the editor holds the old text: load the new one
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect(draft)


def _done(request: HtmxRequest, draft: Draft) -> HttpResponse:
    """htmx: let the editor re-run its checks on the text being typed; else go back."""
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Trigger": "checks-changed"})
    return redirect(draft)
