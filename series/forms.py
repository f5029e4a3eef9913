from crispy_forms.helper import FormHelper
from django import forms

from posts.textkit.checks import voice_pattern_error
from series.models import VoiceElement


class CrispyMixin:
    """The template owns <form>, its {% csrf_token %} and its hx-* attributes; crispy lays out fields.

    No second token from crispy: a GET form (the pickers, the export) must not
    put one in the address.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


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
