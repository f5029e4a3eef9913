"""The one way Markdown becomes HTML on a page: `render_markdown`.

The rendering and sanitising (Python-Markdown, then nh3) happen in
`posts.textkit.document`, which reads a text once for its HTML, plain text,
words and sentences; this module only marks the sanitised HTML safe.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from posts.textkit.document import parse_document


def render_markdown(text: str) -> SafeString:
    """Markdown → sanitized HTML, safe to put on a page. Cached by text."""
    return mark_safe(parse_document(text or "").html)


def clear_render_cache() -> None:
    """Forget the remembered parses (the benchmark measures a cold cache)."""
    parse_document.cache_clear()
