"""/api/v1/…: the API's operations, then a problem-document 404 for anything else.

LoginRequiredMiddleware would send a pipeline to the login form: every API
view is marked login_not_required, and authenticates itself (posts.api.auth).
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import re_path

from posts.api.api import api
from posts.api.problems import NOT_FOUND, problem

patterns, app_name, namespace = api.urls


@login_not_required
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem(404, NOT_FOUND)


for pattern in patterns:
    pattern.callback.login_required = False  # type: ignore[union-attr]

urlpatterns = [*patterns, re_path(r"^(?P<rest>.*)$", not_found)]
