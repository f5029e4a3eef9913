from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class LoggedInRequest(HtmxRequest):
    """A request to a view that LoginRequiredMiddleware guards (any view not
    marked login_not_required): its user is logged in, never AnonymousUser."""

    user: User


def page_or_fragment(request: HtmxRequest, template: str, fragment: str) -> str:
    """Whole page for normal, boosted and history-restore requests."""
    htmx = request.htmx
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template
