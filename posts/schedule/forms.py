from __future__ import annotations

from django import forms

from series.forms import CrispyMixin
from series.models import WriterSettings
from series.schedule import zone_choices

VIEWS = [("month", "Month"), ("week", "Week")]


class MoveForm(forms.Form):
    """Move a part to another day; `view` and `at` say which calendar to show after."""

    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    view = forms.ChoiceField(choices=VIEWS, required=False)
    at = forms.DateField(required=False)


class TimeZoneForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = WriterSettings
        fields = ["time_zone"]
        labels = {"time_zone": "Your time zone"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = forms.ChoiceField(
            choices=zone_choices(), label="Your time zone"
        )
