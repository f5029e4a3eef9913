"""ASGI entry point: HTTP through Django, WebSockets (the live rooms) through Channels.

The WebSocket side reads the session like the HTTP side (AuthMiddlewareStack) and
refuses other sites' pages (AllowedHostsOriginValidator).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()  # before importing models

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from posts.live.routing import websocket_router  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(websocket_router)),
    }
)
