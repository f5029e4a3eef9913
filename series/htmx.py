from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


def page_or_fragment(request: HtmxRequest, template: str, fragment: str) -> str:
    """Whole page for normal, boosted and history-restore requests."""
    htmx = request.htmx
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template
