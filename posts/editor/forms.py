from django import forms

from posts.editor.saving import SaveResult, save_text
from posts.models import Draft
from series.forms import CrispyMixin


def normalise_newlines(text: str) -> str:
    """Browsers send CRLF from a textarea; revisions store LF only."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class DraftForm(CrispyMixin, forms.ModelForm):
    body = forms.CharField(
        label="Text (Markdown)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text="Paste a generated draft or start writing. You can leave it empty.",
    )

    class Meta:
        model = Draft
        fields = ["strategy", "platform"]
        help_texts = {
            "strategy": "How this draft was written: balanced, voice match, bold hook…"
        }

    def clean_body(self) -> str:
        return _clean_body(self.cleaned_data["body"])


MAX_BODY_BYTES = 1_000_000


def _clean_body(text: str) -> str:
    body = normalise_newlines(text)
    if len(body.encode()) > MAX_BODY_BYTES:
        raise forms.ValidationError("That text is over 1 MB; a post is far shorter.")
    return body


class PreviewForm(forms.Form):
    """What the editor sends on every typing pause."""

    # strip=False: a preview (and a save) must see exactly what was typed.
    body = forms.CharField(required=False, strip=False)

    def clean_body(self) -> str:
        return _clean_body(self.cleaned_data["body"])


class SaveForm(PreviewForm):
    """An autosave or a named version, naming the revision it was edited from."""

    KINDS = [("autosave", "Autosave"), ("named", "Named version")]

    base_number = forms.IntegerField(min_value=1)
    # Required: a save must say exactly which text it started from, or it
    # could overwrite what another tab saved in between.
    base_hash = forms.RegexField(
        regex=r"^[0-9a-f]{64}$",
        error_messages={
            "required": "this save does not say which text it started from; reload the page",
            "invalid": "this save names an unknown text; reload the page",
        },
    )
    kind = forms.ChoiceField(choices=KINDS, initial="autosave")
    message = forms.CharField(max_length=500, required=False)

    def save(self, draft: Draft, author) -> SaveResult:
        """Store the valid form's text on `draft` (saving.StaleBase if its base is unknown)."""
        data = self.cleaned_data
        return save_text(
            draft.pk,
            author,
            data["body"],
            kind=data["kind"],
            base_number=data["base_number"],
            base_hash=data["base_hash"],
            message=data["message"].strip(),
        )


class DiffForm(forms.Form):
    """Two revision numbers of one draft, from the history page's radio buttons."""

    a = forms.IntegerField(min_value=1, label="From revision")
    b = forms.IntegerField(min_value=1, label="To revision")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("a") is not None and data.get("a") == data.get("b"):
            raise forms.ValidationError("Pick two different revisions to compare.")
        return data
