from django import forms

from series.forms import CrispyMixin
from series.models import Part, Series


class SeriesForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "description", "default_platform"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"default_platform": "Platform"}

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the series a title.")
        return title


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
