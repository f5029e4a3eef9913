"""What is computed from a stored revision's text, once per text.

Kept in Django's cache (local memory by default; with REDIS_URL, Redis, which
every worker and machine shares) under the text's content hash and the other
inputs that matter. A revision's text never changes under its hash, so an
entry cannot go stale; a miss computes the same answer, so the cache is never
the source of truth. Only stored texts come here: text being typed is measured
directly and never cached.

Every helper takes the text's `content_hash` (a Revision's) and the text; a
hash of None means "not a stored text" (the text being typed, a draft without
a head): the answer is computed and nothing is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import fields
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from posts.rendering import render_markdown
from posts.textkit import document
from posts.textkit.diff import Diff, diff_siblings, diff_texts
from posts.textkit.metrics import Metrics, hashtags, measure
from posts.textkit.plaintext import to_plain_text

# Bump when what is cached changes shape or meaning: old entries are then ignored.
VERSION = 3
KEPT = timedelta(days=7)
# Hits and misses of this process (the benchmark shows a new worker starts warm).
STATS = {"hits": 0, "misses": 0}


def once(kind: str, content_hash: str | None, compute: Callable[[], Any]) -> Any:
    """`compute()`, or what it gave before for this kind of data of this text.

    `kind` names the data and every input besides the text ("metrics:linkedin");
    a content_hash of None (text that is not stored) is never cached.
    """
    if content_hash is None:
        return compute()
    key = _key(kind, content_hash)
    found = cache.get(key)
    if found is None:
        STATS["misses"] += 1
        found = compute()
        cache.set(key, found, timeout=KEPT.total_seconds())
    else:
        STATS["hits"] += 1
    return found


def _key(kind: str, content_hash: str) -> str:
    return f"derived:v{VERSION}:{kind}:{content_hash}"


def fingerprint(*inputs: object) -> str:
    """A short, stable name for inputs that go into a key (their repr, hashed)."""
    return hashlib.blake2b(repr(inputs).encode(), digest_size=12).hexdigest()


# A reading kept by older code with other fields is never taken for a new one.
_READING = (
    "reading:"
    + hashlib.blake2b(
        repr([f.name for f in fields(document.Document)]).encode(), digest_size=6
    ).hexdigest()
)


def reading(content_hash: str | None, body: str) -> document.Document:
    """parse_document(body), once per stored text: what the HTML, the plain
    text, the metrics and the checks of a text are all read off. Returned and
    also put among the process's last readings, so that what the caller then
    computes from `body` reads it from there."""
    if content_hash is None:
        return document.parse_document(body)
    key = _key(_READING, content_hash)
    found = cache.get(key)
    if found is None:
        STATS["misses"] += 1
        found = document.parse_document(body, look=False)
        cache.set(key, found, timeout=KEPT.total_seconds())
    else:
        STATS["hits"] += 1
        document.remember(body, found)
    return found


def read_first(
    content_hash: str | None, body: str, compute: Callable[..., Any], *args: object
) -> Callable[[], Any]:
    """`compute(body, *args)`, reading the text with reading() first: a miss
    of one kind of data then still finds the text's kept reading."""

    def computed() -> Any:
        reading(content_hash, body)
        return compute(body, *args)

    return computed


def _html_of(body: str) -> str:
    return str(render_markdown(body))


def kept_reading(text: str) -> document.Document | None:
    """The reading kept for `text`, if it is a stored text that has one
    (parse_document looks here: posts.apps). Never keeps anything."""
    # A lone surrogate (typed, never stored) hashes without an error here.
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    found = cache.get(_key(_READING, digest))
    return found if isinstance(found, document.Document) else None


def head_hash(draft) -> str | None:
    """The content hash of a draft's head, None when it has none."""
    return draft.head.content_hash if draft.head_id else None


def html(content_hash: str | None, body: str) -> SafeString:
    """render_markdown(body), once per stored text."""
    return mark_safe(
        once("html", content_hash, read_first(content_hash, body, _html_of))
    )


def plain(content_hash: str | None, body: str) -> str:
    """to_plain_text(body), once per stored text."""
    return once("plain", content_hash, read_first(content_hash, body, to_plain_text))


def keep_plain(content_hash: str, text: str) -> None:
    """Keep a stored text's plain text that the caller has read already (an
    import's parse), so that plain() does not render the text again."""
    cache.set(_key("plain", content_hash), text, timeout=KEPT.total_seconds())


def tags(content_hash: str | None, body: str) -> list[str]:
    """hashtags(body), once per stored text."""
    return once("hashtags", content_hash, read_first(content_hash, body, hashtags))


def measured(content_hash: str | None, body: str, platform: str) -> Metrics:
    """measure(body, platform), once per stored text and platform."""
    computed = read_first(content_hash, body, measure, platform)
    return once(f"measure:{platform}", content_hash, computed)


def metrics(content_hash: str, body: str, platform: str) -> dict:
    """The numbers a reader of the API gets for a stored text on a platform."""
    computed = read_first(content_hash, body, _metrics, platform)
    return once(f"metrics:{platform}", content_hash, computed)


def _metrics(body: str, platform: str) -> dict:
    measured = measure(body, platform)
    fold = measured.fold_desktop
    parts = measured.word_parts
    return {
        "words": measured.words,
        "word_parts": {
            "prose": parts.prose,
            "title": parts.title,
            "references": parts.references,
            "hashtags": parts.hashtags,
            "total": parts.total,
        },
        "characters": measured.characters,
        "char_limit": measured.char_limit,
        "over_limit": measured.over_limit,
        "reading_minutes": measured.reading_minutes,
        "hashtags": list(measured.hashtags),
        "link_count": measured.link_count,
        "fold_desktop": fold.text if fold else None,
        "platform": measured.platform.key,
    }


def diff(a_hash: str, a: str, b_hash: str, b: str, *, siblings: bool = False) -> Diff:
    """diff_texts(a, b) of two stored texts, given their content hashes (or
    diff_siblings for two drafts of a part): the compare page is reloaded,
    toggled and posted back for the same pair."""
    if siblings:
        return once(f"sibling-diff:{b_hash}", a_hash, lambda: diff_siblings(a, b))
    return once(f"diff:{b_hash}", a_hash, lambda: diff_texts(a, b))
