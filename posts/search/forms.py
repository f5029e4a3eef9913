from __future__ import annotations

from django import forms

from posts.search.searching import STATUSES, Filters
from series.forms import CrispyMixin
from series.models import PLATFORM_CHOICES, Part, Series

ANY = [("", "Any")]


class SearchForm(CrispyMixin, forms.Form):
    """The full results page's form; the navigation's box sends only `q`.

    Series and parts to pick from are the user's own (two queries)."""

    q = forms.CharField(label="Search", max_length=200, required=False)
    series = forms.ChoiceField(required=False, choices=ANY)
    part = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=ANY
    )
    platform = forms.ChoiceField(required=False, choices=ANY + PLATFORM_CHOICES)
    status = forms.ChoiceField(
        required=False, choices=ANY + [(s, s.capitalize()) for s in STATUSES]
    )
    author = forms.CharField(
        required=False, max_length=150, help_text="A username; empty: anyone."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        series = Series.objects.for_user(user).order_by("title")
        series_field = self.fields["series"]
        part_field = self.fields["part"]
        assert isinstance(series_field, forms.ChoiceField)
        assert isinstance(part_field, forms.ChoiceField)
        series_field.choices = ANY + [(s.slug, s.title) for s in series]
        parts = Part.objects.for_user(user).select_related("series")
        part_field.choices = ANY + [
            (p.pk, f"{p.series.title} · Part {p.number}: {p.title}")
            for p in parts.order_by("series__title", "number")
        ]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            series=data["series"],
            part=data["part"],
            platform=data["platform"],
            status=data["status"],
            author=data["author"].strip(),
        )
