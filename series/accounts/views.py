"""Signing up and logging in; a logged-in browser becomes a known device for the account."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from series.accounts.forms import LoginForm, PasswordForm, SignUpForm
from series.htmx import HtmxRequest
from series.throttling import rate_limited, remember_device


class LoginView(auth_views.LoginView):
    """A successful login marks this browser, so that failures elsewhere never
    lock its owner out of it (series.throttling)."""

    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        remember_device(response, form.get_user())
        return response


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("signup")
def signup(request: HtmxRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "posts:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}.")
        return redirect(next_url or "posts:dashboard")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _safe_next(request: HtmxRequest) -> str:
    """Where to go after signing up (an invitation link, say), if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    )
    return target if allowed else ""


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordForm
