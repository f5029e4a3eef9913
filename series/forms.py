from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import UserCreationForm

from posts.textkit.checks import voice_pattern_error
from series.models import Part, Series, VoiceElement


class CrispyMixin:
    """The template owns <form> and its hx-* attributes; crispy lays out fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SignUpForm(CrispyMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username",)


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


class VoiceElementForm(forms.ModelForm):
    class Meta:
        model = VoiceElement
        fields = ["label", "mode", "phrases", "pattern", "starts_with"]
        widgets = {"phrases": forms.Textarea(attrs={"rows": 2})}
        labels = {"starts_with": "Starts a sentence"}

    def clean(self):
        super().clean()
        data = self.cleaned_data
        mode = data.get("mode")
        if (
            mode == VoiceElement.Mode.PHRASES
            and not (data.get("phrases") or "").strip()
        ):
            self.add_error("phrases", "Give at least one phrase, or choose “Manual”.")
        if mode == VoiceElement.Mode.REGEX:
            pattern = data.get("pattern") or ""
            # The same engine and limits as the check itself, so what is saved can run.
            error = voice_pattern_error(pattern) if pattern else "give a pattern"
            if error:
                self.add_error("pattern", f"{error[0].upper()}{error[1:]}.")
        return data
