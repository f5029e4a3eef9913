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
        body = normalise_newlines(self.cleaned_data["body"])
        if len(body.encode()) > 1_000_000:
            raise forms.ValidationError(
                "That text is over 1 MB; a post is far shorter."
            )
        return body
