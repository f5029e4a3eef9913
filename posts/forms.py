from django import forms

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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files, each checked by the import itself (one bad file must not block the rest)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": ".md,.markdown,.txt,text/markdown,text/plain"}
            ),
        )
        kwargs.setdefault("required", False)
        # An empty file is still a file the writer chose: the import reports it.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class ImportForm(CrispyMixin, forms.Form):
    # The upload input is named "files". The form metaclass moves declared
    # fields into base_fields, so this never shadows BaseForm.files (the
    # uploads) at run time; the stubs see a class attribute of another type.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Markdown files",
        help_text="One or many .md files from your generator, up to 1 MB each.",
    )
    pasted = forms.CharField(
        label="…or paste a draft",
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "class": "font-monospace",
                "placeholder": '---\nplatform: linkedin\ntopic: "My Series Part 1: …"\n---\n\nYour post…',
            }
        ),
    )

    def clean_pasted(self) -> str:
        return normalise_newlines(self.cleaned_data["pasted"])

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("files") and not cleaned.get("pasted", "").strip():
            raise forms.ValidationError("Choose at least one file, or paste a draft.")
        return cleaned


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
