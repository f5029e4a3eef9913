"""What is computed from a stored revision's text, once per text.

Kept in Django's cache (local memory by default; with REDIS_URL, Redis, which
every worker and machine shares) under the text's content hash and the other
inputs that matter. A revision's text never changes under its hash, so an
entry cannot go stale; a miss computes the same answer, so the cache is never
the source of truth. Only stored texts come here: text being typed is measured
directly and never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.cache import cache

from posts.textkit.diff import Diff, diff_texts
from posts.textkit.metrics import measure

# Bump when what is cached changes shape or meaning: old entries are then ignored.
VERSION = 1
KEPT = timedelta(days=7)


def once(kind: str, content_hash: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, or what it gave before for this kind of data of this text.

    `kind` names the data and every input besides the text ("metrics:linkedin").
    """
    key = f"derived:v{VERSION}:{kind}:{content_hash}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=KEPT.total_seconds())
    return found


def metrics(content_hash: str, body: str, platform: str) -> dict:
    """The numbers a reader of the API gets for a stored text on a platform."""
    return once(f"metrics:{platform}", content_hash, lambda: _metrics(body, platform))


def _metrics(body: str, platform: str) -> dict:
    measured = measure(body, platform)
    fold = measured.fold_desktop
    return {
        "words": measured.words,
        "characters": measured.characters,
        "char_limit": measured.char_limit,
        "over_limit": measured.over_limit,
        "reading_minutes": measured.reading_minutes,
        "hashtags": list(measured.hashtags),
        "link_count": measured.link_count,
        "fold_desktop": fold.text if fold else None,
        "platform": measured.platform.key,
    }


def diff(a_hash: str, a: str, b_hash: str, b: str) -> Diff:
    """diff_texts(a, b) of two stored texts, given their content hashes: the
    compare page is reloaded, toggled and posted back for the same pair."""
    return once(f"diff:{b_hash}", a_hash, lambda: diff_texts(a, b))
