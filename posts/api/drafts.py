"""Drafts: import a generator file, list a part's drafts, read one, save a revision.

The import is the browser's (posts.importing.importing.import_file): the same placement,
scaffolding split, warnings and rejections. A retried push is safe twice over:
the same file's hash is recognised (status "unchanged", nothing stored), and
with an `Idempotency-Key` header the first answer is given again as it was.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Header, Router
from ninja import Status as Answer  # not posts.importing.Status
from ninja.errors import HttpError

from posts import derived
from posts.access import VISIBLE_DRAFTS, draft_lookup, get_draft
from posts.api.auth import caller, writer
from posts.api.models import RECEIPTS_KEPT, ImportReceipt
from posts.api.schemas import (
    DraftOut,
    DraftSummary,
    ImportBatchIn,
    ImportBatchOut,
    ImportIn,
    ImportOut,
    Problem,
    RevisionIn,
    SaveOut,
)
from posts.api.views import (
    ID,
    READ_ERRORS,
    WRITE_ERRORS,
    draft_summary,
    form_errors,
    revision_out,
)
from posts.editor.conflicts import merged_answer
from posts.editor.forms import SaveForm, normalise_newlines
from posts.editor.saving import StaleBase
from posts.importing.importing import (
    NEW_PART,
    Choice,
    Importer,
    ImportOutcome,
    Status,
    import_file,
)
from posts.models import Revision
from series.access import get_part, get_series

router = Router(tags=["drafts"])
# 409: the key of a request that is still running.
IMPORT_ERRORS = {**WRITE_ERRORS, 409: Problem}
IDEMPOTENCY_KEY = Header(
    None,
    alias="Idempotency-Key",
    max_length=200,
    description="Any string unique to this push: a retry with the same key gets the first answer, and imports nothing more.",
)


@router.post(
    "/drafts/import",
    response={200: ImportOut, 201: ImportOut, **IMPORT_ERRORS},
    openapi_extra={"x-idempotent-with": "Idempotency-Key"},
)
def import_draft(
    request: HttpRequest,
    payload: ImportIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    """Import one generator file: 201 when it made a draft or a revision, 200
    when it was imported before (nothing stored), 422 when the importer
    rejected it (its reason in `detail`)."""
    user = writer(request)
    series = (
        get_series(user, payload.series, need="edit")[0] if payload.series else None
    )
    text = normalise_newlines(payload.text)
    if len(text.encode()) > settings.MAX_UPLOAD_BYTES:
        raise HttpError(413, "The file is over 1 MB; a post is far shorter.")
    if payload.part is not None and payload.new_part:
        raise HttpError(422, "Send `part` or `new_part`, not both.")
    place: Choice = NEW_PART if payload.new_part else payload.part

    def run() -> tuple[int, dict]:
        outcome = import_file(
            text, payload.filename, user=user, series=series, place=place
        )
        return _answer(outcome)

    if not idempotency_key:
        return _given(*run())
    digest = hashlib.sha256(
        json.dumps([payload.series, payload.filename, text, place]).encode()
    ).hexdigest()
    return _given(*_receipted(user, idempotency_key, digest, run))


@router.post(
    "/series/{slug}/import",
    response={200: ImportBatchOut, 201: ImportBatchOut, **IMPORT_ERRORS},
    openapi_extra={"x-idempotent-with": "Idempotency-Key"},
)
def import_batch(
    request: HttpRequest,
    slug: str,
    payload: ImportBatchIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    """Import many generator files into one series in one request, each as
    /drafts/import would (placement, re-imports, rejections, one file never
    blocking another), their new drafts written in bulk. Each file's own
    status is in `files`; 201 when any file stored something, else 200."""
    user = writer(request)
    series, _access = get_series(user, slug, need="edit")
    texts = [(normalise_newlines(f.text), f.filename) for f in payload.files]
    if any(len(text.encode()) > settings.MAX_UPLOAD_BYTES for text, _ in texts):
        raise HttpError(413, "A file is over 1 MB; a post is far shorter.")
    if payload.part is not None and payload.new_part:
        raise HttpError(422, "Send `part` or `new_part`, not both.")
    place: Choice = NEW_PART if payload.new_part else payload.part

    def run() -> tuple[int, dict]:
        outcomes = Importer(user, series).import_files(texts, place=place)
        stored = any(o.status in STORED for o in outcomes)
        return (201 if stored else 200), {"files": [_item(o) for o in outcomes]}

    if not idempotency_key:
        return Answer(*run())
    digest = hashlib.sha256(json.dumps([slug, texts, place]).encode()).hexdigest()
    return _given(*_receipted(user, idempotency_key, digest, run))


STORED = (Status.IMPORTED, Status.NEW_REVISION)


def _item(outcome: ImportOutcome) -> dict:
    if outcome.status in (Status.REJECTED, Status.NEEDS_CHOICE):
        _status, problem = _answer(outcome)
        detail = problem["detail"]
    else:
        detail = None
    return {
        "filename": outcome.file,
        "status": outcome.status,
        "part": outcome.part.number if outcome.part else None,
        "draft": (
            json.loads(DraftSummary(**draft_summary(outcome.draft)).model_dump_json())
            if outcome.draft and outcome.draft.pk
            else None
        ),
        "words": outcome.words,
        "declared_words": outcome.declared_words,
        "warnings": outcome.warnings,
        "ignored": outcome.ignored,
        "detail": detail,
    }


def _receipted(user, key: str, digest: str, run) -> tuple[int, dict]:
    """The answer `run` gives, stored under the key; the stored answer for a
    key seen before (422 when it came with another request, 409 while the
    first is still running)."""
    try:
        with transaction.atomic():
            ImportReceipt.objects.filter(
                user=user, created_at__lt=timezone.now() - RECEIPTS_KEPT
            ).delete()
            receipt = (
                ImportReceipt.objects.select_for_update()
                .filter(user=user, key=key)
                .first()
            )
            if receipt is None:
                status, body = run()
                receipt = ImportReceipt.objects.create(
                    user=user,
                    key=key,
                    request_hash=digest,
                    status_code=status,
                    response=body,
                )
            elif receipt.request_hash != digest:
                raise HttpError(
                    422,
                    "This Idempotency-Key was used for another file: use a new key for each file.",
                )
    except IntegrityError:
        raise HttpError(
            409, "A request with this Idempotency-Key is still running: retry shortly."
        ) from None
    return receipt.status_code, receipt.response


def _given(status: int, body: dict):
    """The answer, or the importer's rejection as a problem (a replay of a
    rejected file is refused in the same words)."""
    if status >= 400:
        raise HttpError(status, body["detail"])
    return Answer(status, body)


def _answer(outcome: ImportOutcome) -> tuple[int, dict]:
    if outcome.status == Status.REJECTED:
        return 422, {"detail": f"Not imported: {outcome.error}"}
    if outcome.status == Status.NEEDS_CHOICE:
        parts = ", ".join(f"{n} ({title})" for n, title in outcome.choices)
        existing = f"`part` ({parts}) or " if parts else ""
        return 422, {
            "detail": f"Not imported: {outcome.error} Send it again with "
            f"{existing}`new_part: true` (Part {outcome.new_part_number})."
        }
    assert outcome.series and outcome.part and outcome.draft
    draft = outcome.draft  # its head is the revision this import made or found
    body = {
        "status": outcome.status,
        "series": outcome.series.slug,
        "part": outcome.part.number,
        "draft": json.loads(DraftSummary(**draft_summary(draft)).model_dump_json()),
        "words": outcome.words,
        "declared_words": outcome.declared_words,
        "warnings": outcome.warnings,
        "ignored": outcome.ignored,
    }
    return (200 if outcome.status == Status.UNCHANGED else 201), body


@router.get(
    "/parts/{part_id}/drafts", response={200: list[DraftSummary], **READ_ERRORS}
)
def list_part_drafts(request: HttpRequest, part_id: ID):
    """The part's live drafts, in number order (two queries)."""
    part, _access = get_part(caller(request), part_id)
    drafts = part.drafts.select_related("head").order_by("number")
    return [draft_summary(d) for d in drafts]


# What read_draft shows, read as one row: a projection built once, so that a
# read costs one small query rather than six model instances (draft, part,
# series, owner, head, author) built and thrown away.
_HEAD = ("number", "kind", "message", "base_number", "content_hash", "body")
_DRAFT_ROWS = VISIBLE_DRAFTS.values(
    "id",
    "number",
    "title",
    "strategy",
    "platform",
    "chosen",
    "generated",
    "declared_word_count",
    "metadata",
    "part_id",
    "part__number",
    "part__series__slug",
    "part__series__default_platform",
    "part__series__owner_id",  # for draft_lookup's access rule
    "head__word_count",
    "head__created_at",
    "head__author__username",
    *(f"head__{name}" for name in _HEAD),
)


@router.get("/drafts/{draft_id}", response={200: DraftOut, **READ_ERRORS})
def read_draft(request: HttpRequest, draft_id: ID):
    """A draft with its head revision (the text) and its metrics (two queries:
    the token, then the draft; metrics are computed once per text)."""
    row, _access = draft_lookup(_DRAFT_ROWS, caller(request), draft_id)
    assert row["head__number"] is not None  # create_draft gives every draft its head
    platform = row["platform"] or row["part__series__default_platform"]
    return {
        "id": row["id"],
        "number": row["number"],
        "series": row["part__series__slug"],
        "part": row["part__number"],
        "part_id": row["part_id"],
        "title": row["title"],
        "strategy": row["strategy"],
        "platform": row["platform"],
        "chosen": row["chosen"],
        "generated": row["generated"],
        "declared_word_count": row["declared_word_count"],
        "metadata": row["metadata"],
        "head": {
            **{name: row[f"head__{name}"] for name in _HEAD},
            "words": row["head__word_count"],
            "author": row["head__author__username"],
            "created_at": row["head__created_at"],
        },
        "metrics": derived.metrics(
            row["head__content_hash"], row["head__body"], platform
        ),
        "url": reverse("posts:draft", args=[row["id"]]),
    }


@router.post(
    "/drafts/{draft_id}/revisions",
    response={200: SaveOut, 201: SaveOut, 409: Problem, **WRITE_ERRORS},
)
def create_revision(request: HttpRequest, draft_id: ID, payload: RevisionIn):
    """Save text edited from revision `base_number` with `base_hash`, as the
    editor saves: if the head moved since, the two are merged three-way; a
    clean merge becomes the head (`merged_with` names the head it combined),
    an overlap is stored as a conflicting revision and the head stays
    (`conflict_with`). 200 when the text is the head's already (nothing stored);
    409 when the base is not a text of this draft."""
    user = writer(request)
    draft, _access = get_draft(user, draft_id, need="edit")
    form = SaveForm(
        {
            "body": payload.text,
            "base_number": payload.base_number,
            "base_hash": payload.base_hash,
            "kind": Revision.Kind.NAMED,
            "message": payload.message,
        }
    )
    if not form.is_valid():
        raise form_errors(form)
    try:
        result = form.save(draft, user)
    except StaleBase as stale:
        raise HttpError(409, f"Not saved: {stale}") from None
    if result.conflict:
        status = "conflict"
    elif result.merged:
        status = "merged"
    else:
        status = "saved" if result.created else "unchanged"
    body = {
        "status": status,
        "revision": revision_out(result.revision),
        "conflict_with": result.conflict_with.number if result.conflict_with else None,
        "merged_with": result.merged_with.number if result.merged_with else None,
        "notes": merged_answer(draft, result, user.username)["notes"]
        if result.merged
        else [],
    }
    return Answer(201 if result.created else 200, body)
