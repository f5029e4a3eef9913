from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from posts.importing.forms import ImportForm
from posts.importing.importing import ImportOutcome, Status, import_file
from series.access import get_series
from series.htmx import HtmxRequest

ALLOWED_SUFFIXES = (".md", ".markdown", ".txt")


@require_http_methods(["GET", "POST"])
def import_drafts(request: HtmxRequest, slug: str) -> HttpResponse:
    series, access = get_series(request.user, slug, need="edit")
    form = ImportForm(request.POST or None, request.FILES or None)
    outcomes: list[ImportOutcome] = []
    if request.method == "POST" and form.is_valid():
        outcomes = [
            _import_upload(upload, request.user, series)
            for upload in form.cleaned_data["files"]
        ]
        if form.cleaned_data["pasted"]:
            outcomes.append(
                import_file(
                    form.cleaned_data["pasted"],
                    "Pasted text",
                    user=request.user,
                    series=series,
                )
            )
    if request.htmx:
        # The page's script sends one file per request and shows each row as it lands.
        return render(
            request,
            "posts/importing/import.html#import-rows-body",
            {"outcomes": outcomes},
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


def _import_upload(upload, user, series) -> ImportOutcome:
    name = upload.name
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return ImportOutcome(
            name,
            Status.REJECTED,
            error="Only Markdown files (.md, .markdown, .txt) can be imported.",
        )
    if upload.size > settings.MAX_UPLOAD_BYTES:
        return ImportOutcome(
            name, Status.REJECTED, error="The file is over 1 MB; a post is far shorter."
        )
    return import_file(upload.read(), name, user=user, series=series)
