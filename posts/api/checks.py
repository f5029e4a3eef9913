"""Checks: what `check_series --format json` reports, for one draft or a series.

The same functions as the command and the editor's panel (posts.checks.checking):
the series' outline and voice profile loaded once, then each draft's report.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from posts.access import get_draft
from posts.api.auth import caller
from posts.api.schemas import DraftChecks, FindingOut
from posts.api.views import ID, READ_ERRORS
from posts.checks.checking import report, series_context
from posts.models import Draft
from series.access import get_series

router = Router(tags=["checks"])


def _rows(draft: Draft, findings) -> list[dict]:
    return [
        {
            "part": draft.part.number,
            "draft": draft.number,
            "kind": f.kind,
            "severity": f.severity,
            "code": f.code,
            "message": f.message,
            "evidence": f.evidence,
        }
        for f in findings
    ]


@router.get("/drafts/{draft_id}/checks", response={200: DraftChecks, **READ_ERRORS})
def draft_checks(request: HttpRequest, draft_id: ID):
    """Voice, declared-count, continuity and platform findings, most severe first."""
    draft, _access = get_draft(caller(request), draft_id)
    checked = report(draft, series_context(draft.part.series))
    return {
        "draft": draft.pk,
        "voice_score": checked.score,
        "voice_summary": checked.voice_summary,
        "errors": checked.errors,
        "warnings": checked.warnings,
        "findings": _rows(draft, checked.findings),
    }


@router.get("/series/{slug}/checks", response={200: list[FindingOut], **READ_ERRORS})
def series_checks(request: HttpRequest, slug: str):
    """Every finding of every draft of the series' live parts, in part and
    draft order: the rows of `check_series --format json`."""
    series, _access = get_series(caller(request), slug)
    context = series_context(series)
    drafts = (
        Draft.objects.filter(part__series=series, part__deleted_at__isnull=True)
        .select_related("part__series", "head")
        .order_by("part__number", "number")
    )
    return [row for d in drafts for row in _rows(d, report(d, context).findings)]
