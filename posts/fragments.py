"""Cached fragments of pages: `{% fragment name input… %}…{% endfragment %}`.

A fragment is rendered once per set of inputs and kept in Django's cache (Redis
when REDIS_URL is set, so every worker shares it). Its key is the fragment's
name and every input the template passes (content hashes of head revisions,
status fields, the viewer's access level…), plus what any rendering depends on:
the language, the time zone and the code (every template and Python file of the
project, hashed once per process, so a deploy never shows an old rendering).
Inputs must be plain values (str, int, bool, None, dates, tuples of them): a
model instance has no stable name, and naming one is a TypeError.

What differs per request is never kept: the fragment is rendered with a
placeholder for the CSRF token and the CSP nonce, and the request's own ones
are put in after it is fetched, so a kept fragment holds nothing secret and
its forms stay valid for every viewer. The cache is never the source of
truth: with it off (DummyCache) every fragment is rendered every time, to the
same HTML.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from posts import derived

KEPT = derived.KEPT
# The context variables that differ per request, replaced by a placeholder while
# a fragment is rendered.
PER_REQUEST = ("csrf_token", "csp_nonce")
_PLAIN = (str, int, float, bool, type(None), datetime.date, decimal.Decimal)
_CODE = ("config", "posts", "series", "templates")
# Hits and misses of this process (the benchmark reports them).
STATS = {"hits": 0, "misses": 0}


@functools.cache
def code_version() -> str:
    """A hash of every template and Python file of the project (once per process)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.blake2b(digest_size=12)
    for folder in _CODE:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html"} and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def placeholder(variable: str) -> str:
    """What stands for `variable` in a kept fragment: derived from SECRET_KEY,
    so every worker writes the same one and no writer can type it into a draft."""
    mac = hmac.new(settings.SECRET_KEY.encode(), variable.encode(), "sha256")
    return f"fragment-{variable}-{mac.hexdigest()[:24]}"


def fragment_key(name: str, inputs: tuple) -> str:
    """The cache key of fragment `name` rendered from `inputs`."""
    for value in inputs:
        _check_plain(name, value)
    named = derived.fingerprint(
        name,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        inputs,
    )
    return f"fragment:{code_version()}:{name}:{named}"


def _check_plain(name: str, value: object) -> None:
    if isinstance(value, list | tuple):
        for item in value:
            _check_plain(name, item)
    elif not isinstance(value, _PLAIN):
        raise TypeError(
            f"fragment {name!r}: input {value!r} is a {type(value).__name__}; "
            "pass plain values (a pk, a content hash, a status)"
        )


def cached(
    key: str,
    render: Callable[[dict[str, str]], str],
    per_request: Callable[[str], object],
) -> SafeString:
    """The kept fragment under `key`, else render(placeholders), kept; then the
    request's own values (per_request(variable)) put in for the placeholders.

    A request without a CSRF token or nonce (a template rendered without a
    request) renders afresh: there is nothing to put in."""
    html = cache.get(key)
    if html is None:
        STATS["misses"] += 1
        html = str(render({name: placeholder(name) for name in PER_REQUEST}))
        cache.set(key, html, timeout=KEPT.total_seconds())
    else:
        STATS["hits"] += 1
    for name in PER_REQUEST:
        mark = placeholder(name)
        if mark in html:
            value = per_request(name)
            if not value or value == "NOTPROVIDED":
                return mark_safe(render({}))
            html = html.replace(mark, conditional_escape(str(value)))
    return mark_safe(html)
