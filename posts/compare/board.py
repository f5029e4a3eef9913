"""The draft board: every live draft of a part in columns, rows by purpose.

Pick one cell per row (or leave the row out), put the rows in order, preview
the result as the feed shows it, and compose it into a new draft whose
history records the source of every paragraph. Works without JavaScript:
the picks are radio buttons and the order is a number per row; with htmx the
preview refreshes in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from posts.compare.compose import Pick, compose_draft
from posts.models import Draft
from posts.textkit.board import Row, board
from posts.textkit.metrics import measure
from series.access import get_part
from series.htmx import HtmxRequest

LEAVE_OUT = "none"


@dataclass(frozen=True)
class BoardRow:
    row: Row
    pick: forms.BoundField
    order: forms.BoundField
    cells: list[tuple[Draft, object]]  # (draft, Cell or None) per column


class BoardForm(forms.Form):
    """pick-<purpose>: the draft whose cell fills the row; order-<purpose>: its place.

    rev-<draft pk> names the head revision the board was read from, so a draft
    edited meanwhile cannot silently change what was picked.
    """

    def __init__(self, *args, drafts: list[Draft], rows: list[Row], **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts = drafts
        self.board_rows = rows
        for draft in drafts:
            assert draft.head is not None  # every draft has a head revision
            self.fields[f"rev-{draft.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=draft.head.number
            )
        for place, row in enumerate(rows, start=1):
            offered = [
                (str(d.pk), f"Draft {d.number}")
                for d, c in zip(drafts, row.cells, strict=True)
                if c
            ]
            self.fields[f"pick-{row.purpose}"] = forms.ChoiceField(
                choices=[*offered, (LEAVE_OUT, "Leave out")],
                initial=offered[0][0],
                required=False,  # not sent: the row is left out
                label=f"{row.label}: which draft",
                widget=forms.RadioSelect,
            )
            self.fields[f"order-{row.purpose}"] = forms.IntegerField(
                min_value=1,
                max_value=99,
                initial=place,
                required=False,  # empty: where the row stands
                label=f"Place of the {row.label.lower()} row",
                widget=forms.NumberInput(
                    attrs={"class": "form-control form-control-sm order-input"}
                ),
            )

    def rows(self) -> list[BoardRow]:
        return [
            BoardRow(
                row,
                self[f"pick-{row.purpose}"],
                self[f"order-{row.purpose}"],
                list(zip(self.drafts, row.cells, strict=True)),
            )
            for row in self.board_rows
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        moved = [
            d
            for d in self.drafts
            if d.head and data.get(f"rev-{d.pk}") != d.head.number
        ]
        if moved:
            names = ", ".join(
                f"Draft {d.number} (now r{d.head.number})" for d in moved if d.head
            )
            raise forms.ValidationError(
                f"{names} changed since you opened the board. It now shows the current text: check your picks again."
            )
        by_pk = {str(d.pk): (column, d) for column, d in enumerate(self.drafts)}
        chosen = []
        for rank, row in enumerate(self.board_rows):
            pick = data.get(f"pick-{row.purpose}")
            if not pick or pick == LEAVE_OUT or pick not in by_pk:
                continue
            column, draft = by_pk[pick]
            cell = row.cells[column]
            if cell is None:
                continue  # a hand-made POST naming a draft without this purpose
            order = data.get(f"order-{row.purpose}") or rank + 1
            chosen.append(
                ((order, rank), [Pick(draft, p.index, p.text) for p in cell.paragraphs])
            )
        if not chosen:
            raise forms.ValidationError("Pick at least one row to compose from.")
        data["picks"] = [
            pick for _, picks in sorted(chosen, key=lambda c: c[0]) for pick in picks
        ]
        return data


def _composed(picks: list[Pick]) -> str:
    return "\n\n".join(p.text for p in picks) + "\n"


@require_http_methods(["GET", "POST"])
def draft_board(request: HtmxRequest, part_pk: int) -> HttpResponse:
    part, access = get_part(request.user, part_pk, need="edit")
    drafts = list(part.drafts.select_related("head").order_by("number"))
    rows = board([d.head.body if d.head else "" for d in drafts])
    form = BoardForm(request.POST or None, drafts=drafts, rows=rows)
    preview = None
    if request.method == "POST" and form.is_valid():
        picks = form.cleaned_data["picks"]
        if "compose" in request.POST:
            draft = compose_draft(part, request.user, picks)
            messages.success(
                request,
                f"{draft} composed on the board from {len(picks)} paragraph{'s' if len(picks) != 1 else ''}; "
                "its history records where each came from.",
            )
            return redirect(draft)
        preview = measure(_composed(picks), part.series.default_platform)
    context = {
        "part": part,
        "series": part.series,
        "drafts": drafts,
        "form": form,
        "preview": preview,
        "here": "Draft board",
    }
    if request.htmx and request.method == "POST":
        return render(request, "posts/compare/_board_preview.html", context)
    return render(request, "posts/compare/board.html", context)
