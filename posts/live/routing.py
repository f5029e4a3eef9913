"""WebSocket addresses (config/asgi.py): the live room of a draft."""

from channels.routing import URLRouter
from django.urls import path

from posts.live.consumers import DraftRoomConsumer

websocket_urlpatterns = [
    path("live/drafts/<int:pk>", DraftRoomConsumer.as_asgi()),  # type: ignore[arg-type]
]
# The rooms' ASGI application (Channels routes path() patterns to consumers).
websocket_router = URLRouter(websocket_urlpatterns)  # type: ignore[arg-type]
