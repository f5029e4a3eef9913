"""Throttling: password guessing (django-axes), sign-ups and guest posts (the cache).

Logins. django-axes counts failed logins in the database and refuses a locked
client before any password is checked. Which failures count, and how many are
allowed, depends on whether the browser is a *known device* for that account:
one that logged in to it before and so carries a signed cookie naming it.

- Unknown browsers share one pool per account, whatever their address:
  LOGIN_FAILURES_PER_ACCOUNT failures lock the account for them until
  AXES_COOLOFF_TIME after the last one. Failures during the lockout are not
  counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False), so they do
  not extend it. That bounds guessing on an account from any number of addresses
  (20 per 15 minutes: at most 80 an hour).
- A known device is judged by its own failures only (same account, address and
  browser), LOGIN_FAILURES_PER_DEVICE of them. An attacker who locks the account
  for unknown browsers does not lock its owner out of the browsers they use.

Sign-ups and guest comments/suggestions: at most RATE_LIMITS[scope] = (count,
seconds) POSTs per client address per window, counted in Django's cache. The
address is read the way axes reads it (django-ipware, AXES_IPWARE_* settings),
so behind a proxy it is the client's, not the proxy's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from axes.helpers import (
    get_client_ip_address,
    get_client_username,
)
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

DEVICE_COOKIE = "postwright_device"
_DEVICE_SALT = "postwright.known-device"
DEVICE_MAX_AGE = 180 * 24 * 3600  # seconds

_TEXT_FIELDS = ("body", "note")  # what a guest typed at length, given back when refused


# --- logins (django-axes callables, named in settings) ----------------------


def is_known_device(request: object, credentials: dict | None = None) -> bool:
    """The request carries a valid device cookie for the account it logs in to."""
    if not isinstance(request, HttpRequest):
        return False  # axes may ask about a stored attempt: judge it as unknown
    username = get_client_username(request, credentials)
    try:
        known = request.get_signed_cookie(
            DEVICE_COOKIE, salt=_DEVICE_SALT, max_age=DEVICE_MAX_AGE
        )
    except (KeyError, BadSignature):
        return False
    return bool(username) and known == username


def login_lockout_parameters(
    request: object, credentials: dict | None = None
) -> list[str | list[str]]:
    """AXES_LOCKOUT_PARAMETERS: a known device's own failures, else the account's."""
    if is_known_device(request, credentials):
        return [["username", "ip_address", "user_agent"]]
    return ["username"]


def login_failure_limit(request: object, credentials: dict | None = None) -> int:
    """AXES_FAILURE_LIMIT, for the pool login_lockout_parameters chose."""
    if is_known_device(request, credentials):
        return settings.LOGIN_FAILURES_PER_DEVICE
    return settings.LOGIN_FAILURES_PER_ACCOUNT


def remember_device(response: HttpResponse, user: AbstractBaseUser) -> None:
    """After a successful login: this browser is a known device for the account."""
    response.set_signed_cookie(
        DEVICE_COOKIE,
        user.get_username(),
        salt=_DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# --- sign-ups and guest posts (the cache) -----------------------------------


View = Callable[..., HttpResponse]


def rate_limited(scope: str) -> Callable[[View], View]:
    """Refuse POSTs beyond settings.RATE_LIMITS[scope] per client address and window.

    The refusal is a 429 page that gives back what was typed (htmx requests get
    the message in #messages instead, with status 200 so that htmx shows it and
    the form, with the text in it, stays as it is).
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                wait = _over_limit(scope, request)
                if wait:
                    return _refused(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _over_limit(scope: str, request: HttpRequest) -> int:
    """Count this POST; the seconds until the window ends if it is one too many, else 0."""
    allowed, seconds = settings.RATE_LIMITS[scope]
    address = get_client_ip_address(request) or "unknown"
    return count_hit(f"rate:{scope}:{address}", allowed, seconds)


def count_hit(name: str, allowed: int, seconds: int) -> int:
    """Count one hit for `name` in the current fixed window of `seconds`; the
    seconds until the window ends if it is one over `allowed`, else 0. Atomic
    in the cache (add, then incr), so processes sharing Redis count together."""
    now = time.time()
    window = int(now // seconds)
    key = f"{name}:{window}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: this is the first one
        cache.set(key, 1, timeout=seconds)
        count = 1
    if count <= allowed:
        return 0
    return max(1, int((window + 1) * seconds - now))


def _refused(request: HttpRequest, wait: int) -> HttpResponse:
    minutes = max(1, round(wait / 60))
    context = {
        "minutes": minutes,
        "typed": [
            request.POST[name] for name in _TEXT_FIELDS if request.POST.get(name)
        ],
    }
    if getattr(request, "htmx", False):
        response = render(request, "throttled.html#throttled-message", context)
        response["HX-Retarget"] = "#messages"
        response["HX-Reswap"] = "innerHTML"
    else:
        response = render(request, "throttled.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response
