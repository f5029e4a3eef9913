"""Shapes shared by the endpoint modules: model objects -> schema dicts."""

from __future__ import annotations

from typing import Annotated

from ninja import Path
from ninja.errors import HttpError

from posts.api.schemas import Problem
from posts.models import Draft, Revision
from series.access import Access
from series.models import Series

# An object id in a path: bounded, so that no number reaches the database
# that it cannot hold (a 422, not a crash).
ID = Annotated[int, Path(ge=1, le=2**53)]

# The errors every operation can give (each documented in the schema).
READ_ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}
# 400: a body that is not JSON.
WRITE_ERRORS = {**READ_ERRORS, 400: Problem, 403: Problem, 413: Problem}


def series_out(series: Series, access: Access) -> dict:
    return {
        "slug": series.slug,
        "title": series.title,
        "description": series.description,
        "default_platform": series.default_platform,
        "role": access.role,
        "url": series.get_absolute_url(),
        "updated_at": series.updated_at,
    }


def draft_summary(draft: Draft) -> dict:
    head = draft.head
    return {
        "id": draft.pk,
        "number": draft.number,
        "title": draft.title,
        "strategy": draft.strategy,
        "platform": draft.platform,
        "chosen": draft.chosen,
        "words": head.word_count if head else 0,
        "head": head.number if head else None,
        "updated_at": draft.updated_at,
        "url": draft.get_absolute_url(),
    }


def revision_out(revision: Revision) -> dict:
    return {
        "number": revision.number,
        "kind": revision.kind,
        "message": revision.message,
        "base_number": revision.base_number,
        "content_hash": revision.content_hash,
        "words": revision.word_count,
        "author": revision.author.username if revision.author else None,
        "created_at": revision.created_at,
    }


def form_errors(form) -> HttpError:
    """A Django form's errors as a 422 naming each field."""
    detail = "; ".join(
        f"{name}: {' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    )
    return HttpError(422, detail or "Invalid request.")
