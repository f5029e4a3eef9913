"""The one way Markdown becomes HTML on a page: `render_markdown`.

The rendering and sanitising (Python-Markdown, then nh3) happen in
`posts.textkit.document`, which reads a text once for its HTML, plain text,
words and sentences; this module only marks the sanitised HTML safe.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from posts.textkit.document import forget_reading, parse_document


def render_markdown(text: str) -> SafeString:
    """Markdown → sanitized HTML, safe to put on a page (posts.derived.html
    keeps a stored text's)."""
    return mark_safe(parse_document(text or "").html)


def clear_render_cache() -> None:
    """Forget the last reading (the benchmark measures a first read)."""
    forget_reading()
