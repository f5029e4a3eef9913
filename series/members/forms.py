"""Adding a member by username, and making an invitation link."""

from django import forms
from django.contrib.auth import get_user_model

from series.access import may
from series.forms import CrispyMixin
from series.models import Role

ROLE_CHOICES = [(Role.REVIEWER, "Reviewer"), (Role.EDITOR, "Editor")]


class InviteForm(CrispyMixin, forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=ROLE_CHOICES)

    def __init__(self, *args, series, **kwargs):
        super().__init__(*args, **kwargs)
        self.series = series

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError("No one has that username.")
        if may(user, self.series, "view"):
            raise forms.ValidationError(f"{name} already works on this series.")
        return user


class InvitationForm(CrispyMixin, forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)
    days = forms.IntegerField(
        min_value=1, max_value=90, initial=7, label="Valid for (days)"
    )
