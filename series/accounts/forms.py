from django.contrib.auth.forms import UserCreationForm

from series.forms import CrispyMixin


class SignUpForm(CrispyMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username",)
