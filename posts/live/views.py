"""The live room's address over plain HTTP: it is a WebSocket (posts.live.routing)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from posts.access import get_draft


@require_GET
def live_room(request: HttpRequest, pk: int) -> HttpResponse:
    """426: reached without a WebSocket upgrade (a proxy that drops it, or a
    server without ASGI); the editor then saves over HTTP."""
    get_draft(request.user, pk)
    return HttpResponse(
        "This address is a WebSocket: connect with the live editor.",
        status=426,
        content_type="text/plain",
    )
