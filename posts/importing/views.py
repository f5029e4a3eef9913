from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from posts.importing.archive import MAX_ARCHIVE_BYTES, import_archive
from posts.importing.forms import ImportForm
from posts.importing.importing import Importer, ImportOutcome, Status
from series.access import get_series
from series.htmx import HtmxRequest

ALLOWED_SUFFIXES = (".md", ".markdown", ".txt", ".zip")


@require_http_methods(["GET", "POST"])
def import_drafts(request: HtmxRequest, slug: str) -> HttpResponse:
    series, access = get_series(request.user, slug, need="edit")
    form = ImportForm(request.POST or None, request.FILES or None)
    outcomes: list[ImportOutcome] = []
    if request.method == "POST" and form.is_valid():
        outcomes = _import(form.cleaned_data, request.user, series)
    if request.htmx:
        # The page's script sends one file per request and shows each row as it lands.
        return render(
            request,
            "posts/importing/import.html#import-rows-body",
            {"outcomes": outcomes, "series": series},
        )
    context = {
        "series": series,
        "access": access,
        "form": form,
        "outcomes": outcomes,
        "here": "Import drafts",
    }
    context["rejected"] = sum(o.status == Status.REJECTED for o in outcomes)
    return render(request, "posts/importing/import.html", context)


def _import(cleaned: dict, user, series) -> list[ImportOutcome]:
    importer = Importer(user, series)
    outcomes: list[ImportOutcome] = []
    for upload in cleaned["files"]:
        outcomes += _import_upload(upload, importer)
    if cleaned["pasted"]:
        name = cleaned["filename"] or "Pasted text"
        outcomes.append(
            importer.import_file(cleaned["pasted"], name, place=cleaned["place"])
        )
    return outcomes


def _import_upload(upload, importer: Importer) -> list[ImportOutcome]:
    name = upload.name
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        error = "Only Markdown files (.md, .markdown, .txt) or a Postwright .zip can be imported."
        return [ImportOutcome(name, Status.REJECTED, error=error)]
    if name.lower().endswith(".zip"):
        if upload.size > MAX_ARCHIVE_BYTES:
            error = "The .zip is over 20 MB; a series export is far smaller."
            return [ImportOutcome(name, Status.REJECTED, error=error)]
        return import_archive(
            upload.read(), name, user=importer.user, series=importer.series
        )
    if upload.size > settings.MAX_UPLOAD_BYTES:
        error = "The file is over 1 MB; a post is far shorter."
        return [ImportOutcome(name, Status.REJECTED, error=error)]
    return [importer.import_file(upload.read(), name)]
