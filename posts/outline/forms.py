from django import forms

from series.forms import CrispyMixin
from series.models import Part, Series


class SeriesForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Series
        fields = [
            "title",
            "description",
            "default_platform",
            "cadence_weekday",
            "cadence_time",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "cadence_time": forms.TimeInput(attrs={"type": "time"}),
        }
        labels = {
            "default_platform": "Platform",
            "cadence_weekday": "Weekly on",
            "cadence_time": "At (your time zone)",
        }
        help_texts = {
            "cadence_weekday": "New parts are proposed the next free week's slot."
        }

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the series a title.")
        return title

    def clean(self):
        data = super().clean() or {}
        day, time = data.get("cadence_weekday"), data.get("cadence_time")
        if (day is None) != (time is None):
            raise forms.ValidationError("A cadence needs both a weekday and a time.")
        return data


class PartForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Part
        fields = ["number", "title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"number": "Its place in the series: Part 1, Part 2…"}

    def __init__(self, *args, series: Series, **kwargs):
        super().__init__(*args, **kwargs)
        self.series = series
        if not self.instance.pk:
            self.fields["number"].initial = series.next_part_number()

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        if number < 1:
            raise forms.ValidationError("Parts are numbered from 1.")
        taken = Part.objects.filter(series=self.series, number=number).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(f"Part {number} already exists in this series.")
        return number
