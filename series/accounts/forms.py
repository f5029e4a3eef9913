from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    UserCreationForm,
)

from series.forms import CrispyMixin


class SignUpForm(CrispyMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username",)


class LoginForm(CrispyMixin, AuthenticationForm):
    pass


class PasswordForm(CrispyMixin, PasswordChangeForm):
    pass
