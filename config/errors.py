"""Every 4xx answer says, in words, what went wrong.

Pages get a page (templates/4xx.html and friends); the editor's fetch calls and
htmx requests get JSON, `{"status": ..., "error": "..."}`, because they show the
message in place and must not swap an HTML page into a pane. The API (/api/)
gets a problem document (posts.api.problems), whoever refused the request:
the API's own handlers, ninja (a 405) or this middleware (a body it cannot read).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import resolve_url
from django.template.loader import render_to_string

from posts.api.problems import PROBLEM_TYPE, problem

TITLES = {
    400: "That request was not understood",
    401: "Your session has ended",
    403: "You can't do that here",
    404: "Nothing here",
    405: "Not the way to use this address",
    413: "Too large to save",
}
SESSION_ENDED = (
    "Your session has ended: log in again (in another tab, so nothing on this "
    "page is lost), then try again."
)
CSRF_FAILED = (
    "This page's security token is out of date (you may have logged in again "
    "elsewhere). Reload the page, then try again."
)


API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def wants_json(request: HttpRequest) -> bool:
    """The editor's fetch calls ask for JSON; htmx shows a message, never a page."""
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("HX-Request") == "true"
    )


def error_answer(
    request: HttpRequest,
    status: int,
    message: str,
    *,
    template: str = "4xx.html",
    kind: str = "error",
    title: str = "",
) -> HttpResponse:
    """The same message as a problem document (the API), JSON, or a page in the
    site's layout."""
    if is_api(request):
        return problem(status, message)
    if wants_json(request):
        payload = {"status": kind, "error": message}
        if status == 401:
            payload["login_url"] = resolve_url(settings.LOGIN_URL)
        return JsonResponse(payload, status=status)
    context = {
        "status": status,
        "title": title or TITLES.get(status, "That did not work"),
        "message": message,
    }
    return HttpResponse(
        render_to_string(template, context, request=request), status=status
    )


def _method_message(request: HttpRequest, response: HttpResponse) -> str:
    allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
    allowed.sort()  # ninja names them in no particular order
    if request.method == "GET" and allowed == ["POST"] and not is_api(request):
        return (
            "This address only acts on a button press (a POST); it is not a page "
            "to open. Go back and use the button on the page."
        )
    names = " or ".join(allowed) or "other"
    return f"This address takes {names} requests, not {request.method}."


def _message_for(request: HttpRequest, response: HttpResponse) -> str:
    status = response.status_code
    if status == 405:
        return _method_message(request, response)
    if status == 401:
        return SESSION_ENDED
    if status == 403:
        return "Your role here does not allow that."
    if status == 404:
        return "There is nothing at this address, or it is not yours to see."
    if status == 400:
        return "That request was not understood. Reload the page and try again."
    return f"That did not work (error {status}). Reload the page and try again."


def _megabytes(size: int) -> str:
    """5242880 -> "5 MB" (binary megabytes, as Django counts the limit)."""
    return f"{size / 2**20:.3g} MB"


def _too_big_message(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, RequestDataTooBig):
        limit = _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return 413, f"Too large to save: the limit is {limit} for one request."
    if isinstance(exc, TooManyFilesSent):
        files = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return 400, f"Too many files at once: the limit is {files}. Send fewer."
    if isinstance(exc, TooManyFieldsSent):
        fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return 400, f"Too many fields in one request: the limit is {fields}."
    return 400, "The upload arrived broken. Try sending it again."


UNREADABLE_API_BODY = (
    "The request body could not be read as multipart/form-data (no boundary, "
    "or cut short). The API takes JSON: send `Content-Type: application/json`."
)


class ErrorAnswersMiddleware:
    """Reads a POST's data before any other middleware does (CSRF would), so a
    body over the limits gets a message naming the limit instead of a bare
    400; and gives every empty 4xx answer (a 405 from require_POST, say) a
    message. Sits before CsrfViewMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            400 <= response.status_code < 500
            and not response.streaming
            and (not response.content or _not_a_problem(request, response))
            and request.method != "HEAD"
        ):
            answer = error_answer(
                request, response.status_code, _message_for(request, response)
            )
            response.content = answer.content
            response["Content-Type"] = answer["Content-Type"]
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        try:
            request.POST  # noqa: B018  parse now, inside this try
        except (
            RequestDataTooBig,
            TooManyFieldsSent,
            TooManyFilesSent,
            MultiPartParserError,
        ) as exc:
            status, message = _too_big_message(exc)
            if is_api(request) and isinstance(exc, MultiPartParserError):
                message = UNREADABLE_API_BODY
            return error_answer(request, status, message)
        return None


def _not_a_problem(request: HttpRequest, response: HttpResponse) -> bool:
    """An API error answered in another shape (ninja's 405 is "Method not allowed")."""
    return is_api(request) and response.get("Content-Type") != PROBLEM_TYPE


class PartialLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Logged out: pages go to the login form, but an htmx or fetch request
    gets a 401 with a message. Redirected, it would swap the whole login page
    into a pane (htmx does not swap a 401, and the page can recover once the
    user logs in again in another tab)."""

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        response = super().process_view(request, view_func, view_args, view_kwargs)
        if response is not None and wants_json(request):
            return error_answer(request, 401, SESSION_ENDED, kind="login")
        return response


# --- handlers (config/urls.py) -------------------------------------------------


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Not the exception's text: it may name settings (DisallowedHost does).
    message = "That request was not understood. Reload the page and try again."
    return error_answer(request, 400, message, template="400.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The access policy's own sentence ("Reviewers can read and comment,
    not edit.") when it gave one."""
    said = str(exception or "").strip()
    message = said if said.endswith(".") else "Your role here does not allow it."
    return error_answer(request, 403, message, template="403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Never the exception's text: it would confirm what exists.
    message = (
        "It may have been moved to the trash, or the link has expired or was "
        "revoked, or it belongs to someone else."
    )
    return error_answer(request, 404, message, template="404.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_answer(request, 403, CSRF_FAILED, title="This page is out of date")
