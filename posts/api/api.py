"""The API object: /api/v1/, its schema at /api/v1/openapi.json, docs at /api/v1/docs.

Every operation needs a token (or, to read, a browser session) and is
throttled per token. Errors are problem documents (posts.api.problems); the
schema says so: every 4xx/5xx response is documented as application/problem+json.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from posts.api import problems
from posts.api.auth import BearerToken, PerToken, SessionReadOnly

DESCRIPTION = """Push generator drafts into Postwright, read back the checks and
reviewers' comments, and fetch the finished copy.

Authenticate with a personal access token (account menu → API tokens):
`Authorization: Bearer pw_…`. Errors are `application/problem+json` (RFC 9457).
"""


class Docs(DocsBase):
    """Swagger UI from django-ninja's own static files, in our own template:
    its scripts carry the CSP nonce and no CDN is named."""

    def render_page(
        self, request: HttpRequest, api: NinjaAPI, **kwargs: Any
    ) -> HttpResponse:
        context = {"openapi_url": self.get_openapi_url(api, kwargs), "api": api}
        return render(request, "api/docs.html", context)


class PostwrightAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.PROBLEM_TYPE] = content.pop("application/json")
        return schema

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__  # unique across the API: read_draft, …


api = PostwrightAPI(
    title="Postwright API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[BearerToken(), SessionReadOnly()],
    throttle=[PerToken()],
    docs=Docs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)

from posts.api import checks, drafts, exports, review, series  # noqa: E402

api.add_router("/series", series.router)
api.add_router("/", drafts.router)
api.add_router("/", checks.router)
api.add_router("/", review.router)
api.add_router("/", exports.router)
