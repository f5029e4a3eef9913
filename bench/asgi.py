"""The ASGI application of `make bench`'s live step: production's, plus the echo floor.

    daphne bench.asgi:application      (with DJANGO_SETTINGS_MODULE=bench.settings)

The floor of a keystroke's trip to the other clients: a WebSocket whose every
message goes through the channel layer's group to every other socket in the
group, through the same server, middleware and channel layer as the live rooms,
with nothing else (no Yjs, no access check, no database). It is routed here and
only here, as bench/urls.py adds the HTTP floors.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django_application = get_asgi_application()  # before importing models

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from posts.live.routing import websocket_urlpatterns  # noqa: E402


class EchoConsumer(AsyncWebsocketConsumer):
    group = ""

    async def connect(self) -> None:
        self.group = f"bench-echo-{self.scope['url_route']['kwargs']['room']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        await self.channel_layer.group_send(
            self.group,
            {"type": "echo.relay", "message": bytes_data, "sender": self.channel_name},
        )

    async def echo_relay(self, event: dict) -> None:
        if event["sender"] != self.channel_name:
            await self.send(bytes_data=event["message"])


patterns: list = [
    path("__bench__/echo/<slug:room>", EchoConsumer.as_asgi()),  # type: ignore[arg-type]
    *websocket_urlpatterns,
]
websocket_router = URLRouter(patterns)
application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(websocket_router)),
    }
)
