"""The publishing page's forms: a part's chosen draft, marking it published, exports.

A page holds one choose form and one publish form per part, so their ids
carry the part's pk.
"""

from __future__ import annotations

from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils import timezone

from posts.models import Draft, Publication
from series.forms import CrispyMixin
from series.models import Part


class ChooseDraftForm(CrispyMixin, forms.Form):
    draft = forms.ModelChoiceField(
        queryset=Draft.objects.none(),
        widget=forms.Select(attrs={"class": "form-select-sm"}),
    )

    def __init__(self, *args, part: Part, drafts: list[Draft] | None = None, **kwargs):
        """`drafts`, already loaded with their heads, are the options drawn: no query."""
        super().__init__(*args, auto_id=f"choose-{part.pk}-%s", **kwargs)
        draft = self.fields["draft"]
        assert isinstance(draft, forms.ModelChoiceField)
        draft.queryset = part.drafts.all()
        draft.label = f"Draft for Part {part.number}"
        draft.widget.attrs["id"] = f"choose-{part.pk}"
        if drafts is not None:
            draft.widget.choices = [(d.pk, _option(d)) for d in drafts]
            draft.initial = next((d.pk for d in drafts if d.chosen), None)
        self.helper.label_class = "visually-hidden"
        self.helper.layout = Layout(Field("draft", wrapper_class="flex-grow-1"))


def _option(draft: Draft) -> str:
    assert draft.head is not None  # create_draft gives every draft its head
    return f"{draft} · {draft.head.word_count} words"


class PublishForm(CrispyMixin, forms.Form):
    published_on = forms.DateField(
        label="Published on",
        initial=timezone.localdate,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control-sm"}, format="%Y-%m-%d"
        ),
    )
    url = forms.URLField(
        label="Link (optional)",
        required=False,
        widget=forms.URLInput(
            attrs={"class": "form-control-sm", "placeholder": "https://…"}
        ),
    )

    def __init__(
        self, *args, part: Part, publication: Publication | None = None, **kwargs
    ):
        """`part` names the ids; `publication`, when there is one, gives the link shown."""
        super().__init__(*args, auto_id=f"publish-{part.pk}-%s", **kwargs)
        self.fields["published_on"].widget.attrs["id"] = f"published-on-{part.pk}"
        self.fields["url"].widget.attrs["id"] = f"published-url-{part.pk}"
        if publication is not None:
            self.fields["url"].initial = publication.url
        self.helper.label_class = "small mb-0"
        self.helper.layout = Layout(
            Div("published_on", css_class="col-sm-5"),
            Div("url", css_class="col-sm-7"),
        )


class ExportForm(CrispyMixin, forms.Form):
    format = forms.ChoiceField(
        label="Export format",
        choices=[
            ("zip", ".zip (every draft, re-importable; chosen only: one .md per part)"),
            ("md", "One combined .md"),
            ("txt", "One combined .txt"),
        ],
        widget=forms.Select(attrs={"class": "form-select-sm w-auto"}),
    )
    chosen_only = forms.BooleanField(
        label="Chosen drafts only",
        required=False,
        widget=forms.CheckboxInput(attrs={"id": "export-chosen-only", "value": "1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="export-%s", **kwargs)
        self.helper.label_class = "visually-hidden"


class PartExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("md", ".md"), ("txt", ".txt")])
