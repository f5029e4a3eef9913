"""The pickers that lead to a comparison: on a part's page, and on the compare pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from crispy_forms.layout import Div, Layout
from django import forms
from django.db.models import F, QuerySet
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from posts.models import Draft
from series.forms import CrispyMixin


class DraftOptions:
    """A select's options from drafts, read only when the select is drawn.

    The compare page hands its pickable drafts to the picker form even when
    htmx asks for the diff table alone, which must not query them.
    """

    def __init__(self, drafts: Iterable[Any], label: Callable[[Any], str]):
        self.drafts = drafts
        self.label = label

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return ((d.pk, self.label(d)) for d in self.drafts)


class Select(forms.Select):
    """A select of hundreds of drafts, drawn in Python: the HTML of Django's
    select.html and select_option.html, without two template renders per
    option (those took longer than the rest of the compare page).

    Named Select because crispy-forms adds the widget's lower-cased class name
    to its CSS classes unless they hold it already ("form-select-sm" does)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [
            f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
        ]
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            out.extend(
                f'\n  <option value="{conditional_escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: True is a bare name, False is left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _draft_field(side: str) -> forms.IntegerField:
    choose = f"Choose draft {side} from the list."
    return forms.IntegerField(
        min_value=1,
        label=f"{side}: draft",
        error_messages={"required": choose, "invalid": choose, "min_value": choose},
    )


def _revision_field(side: str) -> forms.IntegerField:
    number = f"{side}: a revision is a number (1, 2, …); leave it empty for the latest."
    return forms.IntegerField(
        min_value=1,
        required=False,
        label=f"{side}: revision",
        widget=forms.NumberInput(
            attrs={"class": "form-control-sm", "placeholder": "latest"}
        ),
        error_messages={"invalid": number, "min_value": number},
    )


class Pickable(Protocol):
    """What the compare picker shows of a draft: a row of `pickable()`, not a
    model (there are hundreds, and the picker needs no text of theirs)."""

    pk: int
    number: int
    strategy: str
    part_number: int
    series_title: str


def pickable(drafts: QuerySet[Draft]) -> QuerySet:
    """The drafts as rows for the picker: one query, run when first iterated."""
    return drafts.annotate(
        part_number=F("part__number"), series_title=F("part__series__title")
    ).values_list("pk", "number", "strategy", "part_number", "series_title", named=True)


def _anywhere_label(draft: Pickable) -> str:
    label = f"{draft.series_title} · Part {draft.part_number} · Draft {draft.number}"
    return f"{label} ({draft.strategy})" if draft.strategy else label


class ComparePickForm(CrispyMixin, forms.Form):
    """Any two drafts the user can see, and a revision of each (empty: the latest).

    The drafts are validated as numbers, not as choices: a draft that is not
    (or no longer) the user's answers "not one you can see", not "invalid".
    The page lists what went wrong above the form, so crispy shows no errors.
    """

    a = _draft_field("A")
    b = _draft_field("B")
    ar = _revision_field("A")
    br = _revision_field("B")

    def __init__(self, *args, drafts: Iterable[Pickable] = (), **kwargs):
        super().__init__(*args, auto_id="pick-%s", **kwargs)
        self.drafts = drafts
        for name in ("a", "b"):
            options = DraftOptions(drafts, _anywhere_label)
            self.fields[name].widget = Select(
                attrs={"class": "form-select-sm"}, choices=options
            )
        self.helper.form_show_errors = False
        self.helper.label_class = "small"
        self.helper.layout = Layout(
            Div("a", css_class="col-md-4"),
            Div("ar", css_class="col-md-2"),
            Div("b", css_class="col-md-4"),
            Div("br", css_class="col-md-2"),
        )


def _part_draft_label(draft: Draft) -> str:
    strategy = f" · {draft.strategy}" if draft.strategy else ""
    assert draft.head is not None  # create_draft gives every draft its head
    return f"Draft {draft.number}{strategy} (r{draft.head.number})"


class PartPickForm(CrispyMixin, forms.Form):
    """Two of a part's drafts, at their latest revision, sent to ComparePickForm.

    Only drawn, never validated here: the compare picker checks what is sent.
    Not required, so that the two selects (which always hold a draft) carry
    no "required" star.
    """

    a = forms.TypedChoiceField(
        coerce=int,
        required=False,
        label=format_html('<span class="side-tag side-a">{}</span> {}', "A", "Compare"),
        widget=forms.Select(attrs={"class": "form-select-sm"}),
    )
    b = forms.TypedChoiceField(
        coerce=int,
        required=False,
        label=format_html('<span class="side-tag side-b">{}</span> {}', "B", "with"),
        widget=forms.Select(attrs={"class": "form-select-sm"}),
    )

    def __init__(self, *args, drafts: list[Draft], **kwargs):
        super().__init__(*args, auto_id="compare-%s", **kwargs)
        choices = [(d.pk, _part_draft_label(d)) for d in drafts]
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        self.helper.label_class = "small mb-1"
        self.helper.layout = Layout(
            Div("a", css_class="col-sm-5"),
            Div("b", css_class="col-sm-5"),
        )
