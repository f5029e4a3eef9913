"""The import page's form: files dropped or chosen, or one pasted draft."""

from django import forms

from posts.editor.forms import normalise_newlines
from posts.importing.placement import NEW_PART, Choice
from posts.textkit.drafts import MAX_NUMBER
from series.forms import CrispyMixin


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files, each checked by the import itself (one bad file must not block the rest)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={
                    "accept": ".md,.markdown,.txt,.zip,text/markdown,text/plain,application/zip"
                }
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
        help_text="One or many .md files from your generator, up to 1 MB each, or a series .zip exported from Postwright.",
    )
    pasted = forms.CharField(
        label="…or paste a draft",
        required=False,
        # Exactly as given: a file sent back with the writer's choice of part
        # must hash as the file did, or importing the file again would not be
        # recognised.
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "class": "font-monospace",
                "placeholder": '---\nplatform: linkedin\ntopic: "My Series Part 1: …"\n---\n\nYour post…',
            }
        ),
    )

    # The answer to "which part?" for one file: its text comes back with it.
    filename = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    place = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)

    def clean_place(self) -> Choice:
        """ "" (as the file says), "new" or a part number."""
        value = self.cleaned_data["place"].strip()
        if not value:
            return None
        if value == NEW_PART:
            return NEW_PART
        if value.isdigit() and 1 <= int(value) <= MAX_NUMBER:
            return int(value)
        raise forms.ValidationError("Choose one of the parts, or a new part.")

    def clean_pasted(self) -> str:
        return normalise_newlines(self.cleaned_data["pasted"])

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("files") and not cleaned.get("pasted", "").strip():
            raise forms.ValidationError("Choose at least one file, or paste a draft.")
        return cleaned
