from datetime import timedelta

from django import forms
from django.utils import timezone

from posts.api.models import AccessToken
from series.forms import CrispyMixin

EXPIRY_CHOICES = [
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
    ("", "Never"),
]


class TokenForm(CrispyMixin, forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What uses it, e.g. “generator pipeline”.",
    )
    scope = forms.ChoiceField(
        choices=AccessToken.Scope.choices,
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read only: series, drafts, checks, comments, exports. Read and "
        "write also imports drafts, saves revisions and creates series, wherever "
        "your role lets you.",
    )
    expires = forms.ChoiceField(
        choices=EXPIRY_CHOICES, initial="90", required=False, label="Expires"
    )

    def clean_expires(self):
        days = self.cleaned_data["expires"]
        return timezone.now() + timedelta(days=int(days)) if days else None
