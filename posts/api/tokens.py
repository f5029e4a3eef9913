"""Account settings → API tokens: make one (its secret shown once), see when
each was last used, revoke one (refused from the next request on)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from posts.api.forms import TokenForm
from posts.api.models import AccessToken
from series.htmx import LoggedInRequest


@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request: LoggedInRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _, secret = AccessToken.issue(
            request.user, data["name"], data["scope"], data["expires"]
        )
        form = TokenForm()
    context = {
        "form": form,
        "secret": secret,  # in this response only: only its hash is stored
        "tokens": request.user.access_tokens.all(),
        "docs_url": reverse("api:openapi-view"),
        "api_root": request.build_absolute_uri("/api/v1/"),
    }
    return render(request, "api/tokens.html", context)


@require_POST
def token_revoke(request: LoggedInRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.access_tokens, pk=pk)
    token.revoke()
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("tokens:list")
