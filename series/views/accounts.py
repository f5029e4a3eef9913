"""Logging in: Django's view, and the browser becomes a known device for the account."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse

from series.throttling import remember_device


class LoginView(auth_views.LoginView):
    """A successful login marks this browser, so that failures elsewhere never
    lock its owner out of it (series.throttling)."""

    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        remember_device(response, form.get_user())
        return response
