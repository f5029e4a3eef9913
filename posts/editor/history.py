"""A draft's history: list, open one revision, restore it, plain diff of two."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timesince import timesince
from django.views.decorators.http import require_GET, require_POST

from posts import derived, pages
from posts.access import get_draft
from posts.editor.forms import DiffForm
from posts.editor.saving import base_of, restore
from posts.editor.views import compare_url, full_compare_url, wants_json
from posts.models import Draft, Revision
from posts.textkit.diff import diff_texts
from series.htmx import HtmxRequest

PER_PAGE = 50


@require_GET
@pages.kept(pages.of_draft)
def history(request: HtmxRequest, pk: int) -> HttpResponse:
    """Newest first, PER_PAGE at a time: a count and one select per page."""
    draft, access = get_draft(request.user, pk)
    revisions = _listing(draft)
    page = Paginator(revisions, PER_PAGE).get_page(request.GET.get("page"))
    rows = _rows_with_word_change(revisions, page)
    context = {
        "draft": draft,
        "part": draft.part,
        "series": draft.part.series,
        "access": access,
        "page": page,
        "rows": rows,
        "rows_key": _rows_key(rows, draft.head_id),
        "form": DiffForm(),
    }
    return render(request, "posts/editor/history.html", context)


@require_GET
def revision_detail(request: HtmxRequest, pk: int, number: int) -> HttpResponse:
    draft, access = get_draft(request.user, pk)
    assert draft.head is not None  # create_draft gives every draft its head
    revision = get_object_or_404(
        Revision.objects.select_related("author"), draft=draft, number=number
    )
    context = {
        "draft": draft,
        "part": draft.part,
        "series": draft.part.series,
        "access": access,
        "revision": revision,
        "here": f"Revision {revision.number}",
        "html": derived.html(revision.content_hash, revision.body),
        "is_head": revision.pk == draft.head_id,
        "compare_href": compare_url(draft, revision.number, draft.head.number),
    }
    return render(request, "posts/editor/revision_detail.html", context)


@require_POST
def revision_restore(request: HtmxRequest, pk: int, number: int) -> HttpResponse:
    """A new revision with that text (nothing is deleted). JSON for the editor."""
    draft, _ = get_draft(request.user, pk, need="edit")
    revision = get_object_or_404(Revision, draft=draft, number=number)
    result = restore(draft, revision, request.user)
    if wants_json(request):
        new = result.revision
        return JsonResponse({"body": new.body, "revision": new.number, **base_of(new)})
    messages.success(
        request,
        f"Revision {number} restored as revision {result.revision.number}.",
    )
    return redirect(draft)


@require_GET
def history_diff(request: HtmxRequest, pk: int) -> HttpResponse:
    """Plain side-by-side diff of two revisions (until posts:compare exists)."""
    draft, access = get_draft(request.user, pk)
    form = DiffForm(request.GET)
    context = {
        "draft": draft,
        "part": draft.part,
        "series": draft.part.series,
        "access": access,
    }
    if not form.is_valid():
        return render(
            request, "posts/editor/revision_diff.html", {**context, "form": form}
        )
    a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    found = {r.number: r for r in draft.revisions.filter(number__in=[a, b])}
    if len(found) < 2:
        form.add_error(None, "One of those revisions does not exist in this draft.")
        return render(
            request, "posts/editor/revision_diff.html", {**context, "form": form}
        )
    if href := full_compare_url(draft, a, b):
        return redirect(href)
    context.update(
        left=found[a], right=found[b], diff=diff_texts(found[a].body, found[b].body)
    )
    return render(request, "posts/editor/revision_diff.html", context)


def _listing(draft: Draft):
    # Bodies can be long and the list never shows them.
    return (
        draft.revisions.select_related("author", "merged_head_author")
        .annotate(settled=_settled())
        .defer("body", "sources")
        .order_by("-number")
    )


@dataclass(frozen=True)
class WordChange:
    """How many words a revision added or removed, as the history shows it."""

    words: int

    @property
    def label(self) -> str:
        sign = "+" if self.words > 0 else "−" if self.words < 0 else "±"
        return f"({sign}{abs(self.words)})"

    @property
    def tone(self) -> str:
        if self.words > 0:
            return "text-success"
        return "text-danger" if self.words < 0 else "text-body-secondary"


def _settled() -> Exists:
    """True on a conflicting save that a later revision resolved (see posts.editor.conflicts)."""
    return Exists(
        Revision.objects.filter(draft=OuterRef("draft"), resolves=OuterRef("number"))
    )


def _rows_with_word_change(revisions, page) -> list[tuple[Revision, WordChange | None]]:
    """Each revision on the page with its word change against the one before.

    One select: the page plus the revision just older than its last row.
    """
    start = max(page.start_index() - 1, 0)
    chunk = list(revisions[start : start + PER_PAGE + 1])
    shown = chunk[:PER_PAGE]
    older = (chunk[1:] + [None])[: len(shown)]
    return [
        (rev, _word_change(rev, prev)) for rev, prev in zip(shown, older, strict=True)
    ]


def _rows_key(rows: list[tuple[Revision, WordChange | None]], head_id) -> tuple:
    """Everything the history table prints, as plain values: the fragment's
    cache key (posts.fragments)."""
    return (
        head_id,
        tuple(
            (
                rev.pk,
                rev.number,
                rev.kind,
                rev.author.username if rev.author else None,
                rev.merged_head_author.username if rev.merged_head_author else None,
                rev.merged_head_author_id != rev.author_id,
                rev.updated_at,
                timesince(rev.updated_at),
                rev.word_count,
                change.words if change else None,
                rev.message,
                rev.settled,  # type: ignore[attr-defined]  # _listing annotates it
            )
            for rev, change in rows
        ),
    )


def _word_change(rev: Revision, prev: Revision | None) -> WordChange | None:
    if prev is None:
        return WordChange(rev.word_count) if rev.number == 1 else None
    return WordChange(rev.word_count - prev.word_count)
