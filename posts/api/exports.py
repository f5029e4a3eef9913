"""The finished copy: one part or the whole series as Markdown, zip or plain text.

posts.publishing.exports makes the files, exactly as the publishing page's downloads.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router
from ninja.errors import HttpError

from posts.api.auth import caller
from posts.api.views import ID, READ_ERRORS
from posts.publishing import exports
from series.access import get_part, get_series

router = Router(tags=["export"])
CONTENT_TYPES = {
    "zip": "application/zip",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}


def _file_response(description: str, formats: tuple[str, ...]) -> dict:
    schema = {"type": "string"}
    content = {
        CONTENT_TYPES[f].split(";")[0]: {
            "schema": {**schema, "format": "binary"} if f == "zip" else schema
        }
        for f in formats
    }
    return {"responses": {200: {"description": description, "content": content}}}


def _download(content: str | bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@router.get(
    "/series/{slug}/export",
    response={200: None, **READ_ERRORS},
    openapi_extra=_file_response("The series' copy", ("md", "zip", "txt")),
)
def export_series(
    request: HttpRequest,
    slug: str,
    format: Query[Literal["md", "zip", "txt"]] = "md",
    chosen_only: Query[bool] = False,
):
    """Every part's chosen draft (else its latest-edited one, unless
    `chosen_only`): one .md, a .zip of one .md per part plus index.md, or plain text."""
    series, _access = get_series(caller(request), slug)
    content = exports.export_series(series, format, chosen_only=chosen_only)
    return _download(content, f"{series.slug}.{format}", format)


@router.get(
    "/parts/{part_id}/export",
    response={200: None, **READ_ERRORS},
    openapi_extra=_file_response("The part's copy", ("md", "txt")),
)
def export_part(
    request: HttpRequest, part_id: ID, format: Query[Literal["md", "txt"]] = "md"
):
    """The part's chosen draft (else its latest-edited one) as .md with front
    matter, or as the plain text a platform shows; 404 when it has no draft."""
    part, _access = get_part(caller(request), part_id)
    loaded = exports.load_parts(part.series, part_pk=part.pk)
    copy = exports.part_copy(loaded[0]) if loaded else None
    if copy is None:
        raise HttpError(404, f"Part {part.number} has no draft to export.")
    render = exports.export_part_md if format == "md" else exports.export_part_txt
    return _download(
        render(copy), f"{part.series.slug}-{copy.filename(format)}", format
    )
