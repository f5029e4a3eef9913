"""Composing a new draft of a part from paragraphs picked out of its drafts.

Composing works without JavaScript: every paragraph of every draft has a
checkbox and an order number; the new draft is the ticked paragraphs sorted
by order number (ties: draft, then paragraph order).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from posts.compare.compose import Pick, compose_draft
from posts.textkit.diff import paragraphs
from series.access import get_part
from series.htmx import HtmxRequest

LAST = 10**6  # where a ticked paragraph without an order number goes


class ComposeForm(forms.Form):
    """Fields per paragraph: pick-<draft pk>-<n> and order-<draft pk>-<n>.

    rev-<draft pk> says which head revision the paragraphs were numbered from,
    so a draft edited meanwhile cannot silently shift what was picked.
    """

    def __init__(self, *args, drafts: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups: list[tuple] = []
        for draft in drafts:
            rows = []
            self.fields[f"rev-{draft.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=draft.head.number
            )
            for n, text in enumerate(paragraphs(draft.body), start=1):
                if not text.strip():
                    continue
                self.fields[f"pick-{draft.pk}-{n}"] = forms.BooleanField(
                    required=False,
                    label=f"Use ¶{n} of Draft {draft.number}",
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )
                self.fields[f"order-{draft.pk}-{n}"] = forms.IntegerField(
                    required=False,
                    min_value=1,
                    max_value=9999,
                    initial=n,
                    label="Order",
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm order-input"}),
                )  # fmt: skip
                rows.append((n, text))
            self.groups.append((draft, rows))

    def rows(self):
        """(draft, [(n, text, pick field, order field)]) for the template."""
        return [
            (draft, [(n, text, self[f"pick-{draft.pk}-{n}"], self[f"order-{draft.pk}-{n}"]) for n, text in rows])
            for draft, rows in self.groups
        ]  # fmt: skip

    def clean(self):
        super().clean()
        data = self.cleaned_data
        moved = [d for d, _ in self.groups if data.get(f"rev-{d.pk}") != d.head.number]
        if moved:
            # Show the current text, numbered afresh, on the re-rendered form.
            # Bound from request.POST: a QueryDict, changed only in a copy.
            assert isinstance(self.data, QueryDict)
            fresh = self.data.copy()
            for d in moved:
                fresh[f"rev-{d.pk}"] = str(d.head.number)
            self.data = fresh
            names = ", ".join(f"Draft {d.number} (now r{d.head.number})" for d in moved)
            raise forms.ValidationError(
                f"{names} changed since you opened this page. Check your picks again."
            )
        picks = []
        for rank, (draft, rows) in enumerate(self.groups):
            for n, text in rows:
                if data.get(f"pick-{draft.pk}-{n}"):
                    order = data.get(f"order-{draft.pk}-{n}") or LAST
                    picks.append(((order, rank, n), Pick(draft, n, text)))
        if not picks:
            raise forms.ValidationError("Tick at least one paragraph.")
        data["picks"] = [pick for _, pick in sorted(picks, key=lambda p: p[0])]
        return data


@require_http_methods(["GET", "POST"])
def compose(request: HtmxRequest, part_pk: int) -> HttpResponse:
    part, _ = get_part(request.user, part_pk, need="edit")
    drafts = list(part.drafts.select_related("head"))
    form = ComposeForm(request.POST or None, drafts=drafts)
    if request.method == "POST" and form.is_valid():
        picks = form.cleaned_data["picks"]
        draft = compose_draft(part, request.user, picks)
        messages.success(
            request,
            f"{draft} composed from {len(picks)} paragraph{'s' if len(picks) != 1 else ''}; "
            "its history records where each came from.",
        )
        return redirect(draft)
    context = {"part": part, "series": part.series, "form": form, "here": "Compose"}
    return render(request, "posts/compare/compose.html", context)
