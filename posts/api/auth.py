"""Who is calling: a personal access token, or (to read only) a browser session.

- `Authorization: Bearer pw_…`: looked up by its sha256 among usable tokens
  (not revoked, not expired: checked on every request, so revoking works at
  once); the hash is compared again in constant time.
- A logged-in browser may GET (the docs page's "Try it out"); any other method
  needs a token, so no cookie can be made to write: there is no CSRF hole.
  A request that sends a token is judged by the token alone.
- Throttled per token (per user for a session): RATE_LIMITS["api"], counted
  in the cache like the site's other limits (series.throttling.count_hit).
"""

from __future__ import annotations

import hmac
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from posts.api.models import AccessToken, hash_token
from posts.api.prepared import Prepared, in_model_order
from posts.api.problems import SAFE_METHODS
from series.throttling import count_hit

READ_ONLY_TOKEN = "This token is read-only: make a read-write token to change anything."
# The token row and its user's name and state, by hash: one indexed SELECT
# whose SQL is built once (posts.api.prepared), only the columns the checks and
# the API's views read.
_FIELDS = in_model_order(
    AccessToken,
    {
        "id",
        "user_id",
        "scope",
        "token_hash",
        "expires_at",
        "last_used_at",
        "revoked_at",
    },
)
_USER_FIELDS = in_model_order(get_user_model(), {"id", "username", "is_active"})
_TOKENS = Prepared(
    lambda digest: (
        AccessToken.objects.filter(token_hash=digest)
        .order_by()
        .values_list(*_FIELDS, *(f"user__{name}" for name in _USER_FIELDS))
    )
)


def token_by_hash(digest: str) -> AccessToken | None:
    """The token with this hash, its user attached (name and state loaded,
    the rest deferred, as .only() would), or None."""
    rows = _TOKENS.rows(digest)
    if len(rows) != 1:
        return None
    row = rows[0]
    token = AccessToken.from_db("default", _FIELDS, row[: len(_FIELDS)])
    token.user = get_user_model().from_db("default", _USER_FIELDS, row[len(_FIELDS) :])
    return token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        if not token.isascii() or len(token) > 100:
            return None
        digest = hash_token(token)
        # One indexed lookup by hash; revoked, expired and inactive are judged
        # here, on the row just read, so a revocation counts from the next request.
        found = token_by_hash(digest)
        if (
            found is None
            or not hmac.compare_digest(found.token_hash, digest)
            or found.state != "active"
            or not found.user.is_active
        ):
            return None
        found.touch()
        request.user = found.user
        return found


class SessionReadOnly(SessionAuth):
    """The browser's session, for safe methods only (so no CSRF check is needed:
    nothing a cookie carries can change anything)."""

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None):
        if "Authorization" in request.headers:
            return None  # a token was sent: it alone decides (a revoked one is a 401)
        if request.method in SAFE_METHODS and request.user.is_authenticated:
            return request.user
        return None


def caller(request: HttpRequest):
    """The user behind the request (auth has run)."""
    auth = request.auth  # type: ignore[attr-defined]
    return auth.user if isinstance(auth, AccessToken) else auth


def writer(request: HttpRequest):
    """The user behind a request that changes something: a read-write token."""
    auth = request.auth  # type: ignore[attr-defined]
    if not isinstance(auth, AccessToken) or not auth.can_write:
        raise PermissionDenied(READ_ONLY_TOKEN)
    return auth.user


class PerToken(BaseThrottle):
    """RATE_LIMITS["api"] per token (per user for a session)."""

    def __init__(self) -> None:
        self._last = threading.local()  # one instance serves every request

    def allow_request(self, request: HttpRequest) -> bool:
        auth = getattr(request, "auth", None)
        if isinstance(auth, AccessToken):
            name = f"api:token:{auth.pk}"
        elif auth is not None:
            name = f"api:user:{auth.pk}"
        else:
            return True
        allowed, seconds = settings.RATE_LIMITS["api"]
        self._last.wait = count_hit(name, allowed, seconds)
        return self._last.wait == 0

    def wait(self) -> float | None:
        wait = getattr(self._last, "wait", 0)
        return float(wait) if wait else None
