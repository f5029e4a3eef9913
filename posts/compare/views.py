"""Compare two revisions side by side, and take changes from B into A.

The URL names exactly two revisions (draft pk + revision number on each
side), so a comparison can be shared and reloaded. Display options are query
parameters: ?view=side|inline and ?md=raw|rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from posts import derived
from posts.access import get_draft
from posts.checks.checking import report, series_context
from posts.compare.forms import ComparePickForm, pickable
from posts.compare.rows import FeedMarks, feed_marks, rows_html, shown_rows
from posts.compare.sides import Side, diff_sides, load_side
from posts.compare.table import metric_table
from posts.compare.take import take_changes
from posts.models import Draft
from posts.textkit.diff import Diff
from series.htmx import HtmxRequest, page_or_fragment

VIEWS = ("side", "inline")
MODES = ("raw", "rendered")
PICKER_LIMIT = 300  # drafts offered in the "compare other texts" pickers


class TakeForm(forms.Form):
    take = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": "Tick at least one change to take.",
            "invalid_choice": "Those changes are not in this comparison.",
        },
    )
    a_hash = forms.CharField(max_length=64)
    b_hash = forms.CharField(max_length=64)
    view = forms.ChoiceField(choices=[(v, v) for v in VIEWS], required=False)
    md = forms.ChoiceField(choices=[(m, m) for m in MODES], required=False)

    def __init__(self, *args, diff: Diff, **kwargs):
        super().__init__(*args, **kwargs)
        take = self.fields["take"]
        assert isinstance(take, forms.ChoiceField)
        take.choices = [(i, i) for i in sorted(diff.change_indexes)]


@require_GET
@vary_on_headers("HX-Request")
def compare(
    request: HtmxRequest, a_draft: int, a_rev: int, b_draft: int, b_rev: int
) -> HttpResponse:
    a = load_side(request.user, a_draft, a_rev)
    b = load_side(request.user, b_draft, b_rev)
    view, md = _options(request.GET)
    changes, diff_rows = _diff_rows(a, b, view, md)
    template = page_or_fragment(request, "posts/compare/compare.html", "diff-table")
    context = {
        "a": a,
        "b": b,
        "diff": DiffShown(changes),
        "diff_rows": diff_rows,
        "view": view,
        "md": md,
        "urls": _urls(a, b, view, md),
        "toggles": _toggles(a, b, view, md),
        "access": a.access,
        "series": a.draft.part.series,
        "part": a.draft.part,
    }
    if template == "posts/compare/compare.html":  # the whole page, not the table
        context["metrics"] = metric_table(a, b, _checks(a, b))
        context["pick_html"] = _pick_html(request.user, a, b)
    return render(request, template, context)


@dataclass(frozen=True)
class DiffShown:
    """What the page says of the diff besides its rows."""

    changes: int

    @property
    def is_identical(self) -> bool:
        return self.changes == 0


def _diff_rows(a: Side, b: Side, view: str, md: str) -> tuple[int, SafeString]:
    """(number of changes, the rows' HTML) for these two revisions as shown.

    Kept in Django's cache (posts.derived) under both texts' hashes and every
    input the rows depend on, so a reload or a toggle neither diffs nor draws
    the rows again; a miss draws them the same way."""
    can_edit = a.access.can_edit
    cuts = _cuts(a, b)
    siblings = a.draft.pk != b.draft.pk

    def draw() -> tuple[int, str]:
        diff = diff_sides(a, b)
        items = shown_rows(diff, rendered=md == "rendered")
        html = rows_html(items, view=view, md=md, can_edit=can_edit, cuts=cuts)
        return diff.changes, str(html)

    key = derived.fingerprint(
        b.revision.content_hash, siblings, view, md, can_edit, cuts
    )
    changes, html = derived.once(f"diff-rows:{key}", a.revision.content_hash, draw)
    return changes, mark_safe(html)  # noqa: S308 - rows_html escapes every text


def _pick_html(user, a: Side, b: Side) -> SafeString:
    """The "compare other texts" picker, drawn once per list of drafts and choice.

    The drafts' rows are read (one query) on every page; the HTML crispy draws
    from them is kept under a fingerprint of those rows and the two drafts
    chosen, so it changes whenever a label would."""
    rows = list(_pickable(user))
    initial = {"a": a.draft.pk, "b": b.draft.pk}

    def draw() -> str:
        form = ComparePickForm(initial=initial, drafts=rows)
        return render_to_string(
            "posts/compare/_compare_pick_form.html", {"pick_form": form}
        )

    key = derived.fingerprint(rows, initial["a"], initial["b"])
    return mark_safe(derived.once("compare-picker", key, draw))  # noqa: S308 - drawn by a template


def _checks(a: Side, b: Side) -> tuple:
    """Each side checked against its own series' voice profile and outline.

    A side at its draft's head is checked as the draft (kept in posts.derived
    under the head's hash); an older revision's text is checked as given."""
    context_a = series_context(a.draft.part.series)
    same = a.draft.part.series_id == b.draft.part.series_id
    context_b = context_a if same else series_context(b.draft.part.series)
    return _report(a, context_a), _report(b, context_b)


def _report(side: Side, context):
    return report(side.draft, context, None if side.is_head else side.revision.body)


@require_POST
def compare_take(
    request: HtmxRequest, a_draft: int, a_rev: int, b_draft: int, b_rev: int
) -> HttpResponse:
    a = load_side(request.user, a_draft, a_rev, need="edit")
    b = load_side(request.user, b_draft, b_rev)
    diff = diff_sides(a, b)
    form = TakeForm(request.POST, diff=diff)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(_compare_url(a, b))
    data = form.cleaned_data
    query = {"view": data["view"] or VIEWS[0], "md": data["md"] or MODES[0]}
    if (data["a_hash"], data["b_hash"]) != (
        a.revision.content_hash,
        b.revision.content_hash,
    ):
        messages.error(request, "These texts changed since you looked. Check again.")
        return redirect(_compare_url(a, b, **query))
    result = take_changes(a, b, set(data["take"]), request.user, diff=diff)
    _report_take(request, a, result)
    new_a = reverse("posts:compare", args=[a.draft.pk, result.revision.number, b.draft.pk, b.revision.number])  # fmt: skip
    return redirect(f"{new_a}?{urlencode(query)}")


@require_GET
def compare_pick(request: HtmxRequest) -> HttpResponse:
    """The picker's answer: the comparison, or the picker again saying what is wrong."""
    drafts = _pickable(request.user)
    if not request.GET:
        return _picker(request, ComparePickForm(drafts=drafts))
    form = ComparePickForm(request.GET, drafts=drafts)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return _picker(request, form, problems, status=400)
    data = form.cleaned_data
    a, a_rev, a_problem = _pick_side(request.user, data["a"], data["ar"])
    b, b_rev, b_problem = _pick_side(request.user, data["b"], data["br"])
    if a is None or b is None:
        problems = [f"{s}: {p}" for s, p in (("A", a_problem), ("B", b_problem)) if p]
        return _picker(request, form, problems, status=404)
    return redirect("posts:compare", a.pk, a_rev, b.pk, b_rev)


def _pick_side(user, pk: int, number: int | None) -> tuple[Draft | None, int, str]:
    """(draft, revision number, "") or (None, 0, what is wrong)."""
    try:
        draft, _ = get_draft(user, pk)
    except Http404:
        return None, 0, "that draft does not exist, or it is not one you can see."
    latest = draft.head.number if draft.head else 1
    if number is None:
        return draft, latest, ""
    if not draft.revisions.filter(number=number).exists():
        problem = (
            f"Draft {draft.number} of Part {draft.part.number} has no revision "
            f"{number}; its latest is r{latest}."
        )
        return None, 0, problem
    return draft, number, ""


def _picker(
    request: HtmxRequest,
    form: ComparePickForm,
    problems: list[str] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """The picker on a page of its own, with the choices as they were sent."""
    context = {"pick_form": form, "problems": problems or []}
    return render(request, "posts/compare/compare_pick.html", context, status=status)


# --- helpers -----------------------------------------------------------------


def _options(params) -> tuple[str, str]:
    """Unknown values fall back to the defaults: a shared URL never errors."""
    view = params.get("view") if params.get("view") in VIEWS else VIEWS[0]
    md = params.get("md") if params.get("md") in MODES else MODES[0]
    return view, md


def _compare_url(a: Side, b: Side, **query: str) -> str:
    url = reverse(
        "posts:compare",
        args=[a.draft.pk, a.revision.number, b.draft.pk, b.revision.number],
    )
    return f"{url}?{urlencode(query)}" if query else url


def _urls(a: Side, b: Side, view: str, md: str) -> dict[str, str]:
    assert a.draft.head is not None  # create_draft gives every draft its head
    return {
        "swap": _compare_url(b, a, view=view, md=md),
        "take": reverse(
            "posts:compare_take",
            args=[a.draft.pk, a.revision.number, b.draft.pk, b.revision.number],
        ),
        "latest": reverse(
            "posts:compare",
            args=[a.draft.pk, a.draft.head.number, b.draft.pk, b.revision.number],
        ),
    }


@dataclass(frozen=True)
class Toggle:
    label: str
    url: str
    active: bool


@dataclass(frozen=True)
class ToggleGroup:
    label: str
    options: list[Toggle]


def _toggles(a: Side, b: Side, view: str, md: str) -> list[ToggleGroup]:
    """The diff toolbar's two button groups: layout, and how the text is shown."""
    layouts = [("side", "Side by side"), ("inline", "Inline")]
    modes = [("raw", "Markdown"), ("rendered", "Rendered")]
    return [
        ToggleGroup(
            "Layout",
            [
                Toggle(name, _compare_url(a, b, view=v, md=md), v == view)
                for v, name in layouts
            ],
        ),
        ToggleGroup(
            "Text",
            [
                Toggle(name, _compare_url(a, b, view=view, md=m), m == md)
                for m, name in modes
            ],
        ),
    ]


def _pickable(user):
    """Drafts to compare with, from every series the user can see (one query,
    evaluated only when the full page renders), as rows of what their labels
    show: a draft's texts are no part of a picker."""
    drafts = Draft.objects.for_user(user).order_by(
        "part__series__title", "part__number", "number"
    )
    return pickable(drafts)[:PICKER_LIMIT]


def _report_take(request: HtmxRequest, a: Side, result) -> None:
    revision = result.revision
    if result.conflict:
        messages.warning(
            request,
            f"Draft {a.draft.number} had moved on to r{result.conflict_with.number} "
            f"since r{a.revision.number}, which you compared. Your merge is stored "
            f"as r{revision.number} (a conflicting save): check it in the history.",
        )
    else:
        merged = (
            f", merged with r{result.merged_with.number} saved meanwhile"
            if result.merged
            else ""
        )
        messages.success(
            request,
            f"Saved Draft {a.draft.number} r{revision.number}{merged}: {revision.message}. "
            f"To undo, restore r{a.revision.number} from the history.",
        )


def _first_error(form: forms.Form) -> str:
    if "take" in form.errors:
        return str(form.errors["take"][0])
    return "That form was not sent by this page. Reload and try again."


def _cuts(a: Side, b: Side) -> tuple[FeedMarks, FeedMarks]:
    """Each side's "…see more" folds and limit, marked where they fall."""

    def labels(side: Side) -> dict[str, str]:
        p = side.metrics.platform
        return {
            "phone": f"…see more on a phone ({p.fold_mobile} characters)",
            "desktop": f"…see more on a laptop ({p.fold_desktop} characters)",
            "limit": f"{p.name}’s {p.char_limit:,}-character limit ends",
        }

    return (
        feed_marks(a.feed_cuts, labels(a)),
        feed_marks(b.feed_cuts, labels(b)),
    )
