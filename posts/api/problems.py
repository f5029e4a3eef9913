"""Every error the API gives is application/problem+json (RFC 9457).

{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "…"}:
`detail` says in words what went wrong; never a traceback, never the text of
an exception that could name a setting or confirm that an object exists.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

PROBLEM_TYPE = "application/problem+json"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
NOT_FOUND = "There is nothing at this address, or it is not yours to see."
NO_TOKEN = (
    "Send a personal access token: `Authorization: Bearer pw_…` "
    "(make one under your account's API tokens)."
)
SESSION_READ_ONLY = (
    "A browser session may only read through the API. To change anything, "
    "send a personal access token with read-write scope."
)
logger = logging.getLogger("posts.api")


def problem(status: int, detail: str, **extra: object) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_TYPE
    )


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (`{"detail": …}` and, in DEBUG, a
    traceback) with problem documents."""

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(404, NOT_FOUND)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        said = str(exc).strip()
        return problem(
            403, said if said.endswith(".") else "Your role here does not allow it."
        )

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
        session = request.user.is_authenticated and request.method not in SAFE_METHODS
        response = problem(401, SESSION_READ_ONLY if session else NO_TOKEN)
        response["WWW-Authenticate"] = 'Bearer realm="postwright"'
        return response

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = int(exc.wait or 60)
        return problem(
            429,
            f"Too many requests for this token: try again in {wait} seconds.",
        )

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {
                "loc": [str(part) for part in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
            }
            for e in exc.errors
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        where = ".".join(first["loc"]) or "request"
        return problem(422, f"{where}: {first['msg']}", errors=errors)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(413, "Too large: a draft is at most 1 MB.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def crashed(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return problem(
            500, "Something went wrong on our side; nothing was changed by this error."
        )
