"""The one way Markdown becomes HTML on a page: `render_markdown`.

The rendering and sanitising (Python-Markdown, then nh3) happen in
`posts.textkit.document`, which reads a text once for its HTML, plain text,
words and sentences; this module only marks the sanitised HTML safe.
"""

from __future__ import annotations

import unicodedata

import nh3
from django.utils.safestring import SafeString, mark_safe

from posts.textkit.document import forget_reading, parse_document
from posts.textkit.metrics import Metrics
from posts.textkit.overflow import mark_overflow, written_before
from posts.textkit.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES


def render_markdown(text: str) -> SafeString:
    """Markdown → sanitized HTML, safe to put on a page (posts.derived.html
    keeps a stored text's)."""
    return mark_safe(parse_document(text or "").html)


def clear_render_cache() -> None:
    """Forget the last reading (the benchmark measures a first read)."""
    forget_reading()


def render_preview(
    text: str, metrics: Metrics, html: SafeString | None = None
) -> SafeString:
    """The preview, with the characters past the platform's limit in
    <mark class="over-limit"> (sanitised again, allowing only that mark).

    `html`: the text's rendering when the caller has it (posts.derived.html).
    """
    if not metrics.overflow:
        return html if html is not None else render_markdown(text)
    document = parse_document(text or "")
    added = tuple(unicodedata.normalize("NFC", piece) for piece in document.added)
    keep = written_before(metrics.plain, added, metrics.fits)
    marked = nh3.clean(
        mark_overflow(document.html, keep),
        tags=ALLOWED_TAGS | {"mark"},
        attributes=ALLOWED_ATTRIBUTES | {"mark": {"class"}},
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )
    return mark_safe(marked)
