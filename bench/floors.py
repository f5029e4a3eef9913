"""Floor endpoints: the least a page can cost in this stack (bench.urls only).

They go through the same middleware as every page (session, login required,
CSRF, CSP, htmx), so a page's ratio to a floor is what the page itself adds.

- bare:        an HttpResponse, nothing else.
- markdown_db: one ORM read of a revision, render_markdown, a minimal template.
- markdown_post: render_markdown of the POSTed text into the minimal template
               (what a live preview cannot avoid doing).
- download:    one query for the head text of every draft of a series, joined
               into a Markdown attachment (what an export cannot avoid doing).
"""

from functools import cache

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.views.decorators.http import require_GET, require_POST

from posts.models import Draft, Revision
from posts.rendering import render_markdown

_MINIMAL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>
<body><article>{{ html }}</article></body></html>"""


@cache
def _minimal_template():
    return engines["django"].from_string(_MINIMAL)


@require_GET
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def markdown_db(request: HttpRequest, pk: int) -> HttpResponse:
    body = Revision.objects.values_list("body", flat=True).get(pk=pk)
    html = _minimal_template().render({"html": render_markdown(body)}, request)
    return HttpResponse(html)


@require_POST
def markdown_post(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("body", "")
    html = _minimal_template().render({"html": render_markdown(text)}, request)
    return HttpResponse(html)


@require_GET
def download(request: HttpRequest, slug: str) -> HttpResponse:
    response = HttpResponse(
        download_text(slug), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}.md"'
    return response


def download_text(slug: str) -> str:
    """The head text of every draft of the series, in order: one query."""
    heads = Draft.objects.filter(part__series__slug=slug).values("head_id")
    bodies = Revision.objects.filter(pk__in=heads).order_by(
        "draft__part__number", "draft__number"
    )
    return "\n\n---\n\n".join(bodies.values_list("body", flat=True))
