"""Every change to a draft's text goes through here, so nothing is ever lost.

- Each save is a revision (a full snapshot). The draft's `head` is its latest.
- Autosaves by one author within AUTOSAVE_WINDOW update one working revision
  in place instead of piling up; anything else (named version, import, merge,
  restore) is always its own revision.
- Every save names what it was based on: the revision number and the hash of
  the text the writer started from. If the head moved since (someone else, or
  another tab, saved), the new text is still stored, as a "conflict" revision,
  and the caller is told which revision it collided with. Nothing is dropped.
- The draft row is locked (SELECT … FOR UPDATE) for the whole save, so two
  saves of one draft run one after the other on PostgreSQL; SQLite gets the
  same effect from its database-wide write lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from posts.models import Draft, Publication, Revision

AUTOSAVE_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class SaveResult:
    revision: Revision  # where the text now lives
    created: bool  # False: coalesced into the working autosave, or nothing changed
    conflict_with: Revision | None = None  # the head this save did not start from

    @property
    def conflict(self) -> bool:
        return self.conflict_with is not None


def create_draft(
    part,
    author,
    body: str,
    *,
    kind: str = Revision.Kind.CREATE,
    message: str = "",
    import_hash: str = "",
    sources: list | None = None,
    **fields,
) -> Draft:
    """A new draft with its first revision, in one transaction."""
    with transaction.atomic():
        number = fields.pop("number", None) or Draft.next_number(part)
        draft = Draft.objects.create(
            part=part, number=number, created_by=author, **fields
        )
        revision = Revision.objects.create(
            draft=draft,
            number=1,
            body=body,
            author=author,
            kind=kind,
            message=message,
            import_hash=import_hash,
            sources=sources or [],
        )
        draft.head = revision
        draft.save(update_fields=["head", "updated_at"])
    return draft


def save_text(
    draft_id: int,
    author,
    body: str,
    *,
    kind: str = Revision.Kind.AUTOSAVE,
    base_number: int | None,
    base_hash: str | None = None,
    message: str = "",
    sources: list | None = None,
    import_hash: str = "",
    on_head: bool = False,
) -> SaveResult:
    """Store `body` as the draft's newest text. See the module docstring.

    on_head=True: based on whatever the head is (restore), never a conflict.
    """
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft_id)
        assert draft.head_id is not None  # create_draft gives every draft its head
        head = Revision.objects.select_related("author").get(pk=draft.head_id)
        # Text identical to the head cannot overwrite anything: a retried save
        # whose first answer was lost must not turn into a conflict.
        moved = (
            not on_head
            and body != head.body
            and (
                base_number != head.number
                or (base_hash is not None and base_hash != head.content_hash)
            )
        )
        if moved:
            revision = _append(
                draft,
                head,
                author,
                body,
                Revision.Kind.CONFLICT,
                message,
                base_number,
                sources,
            )
            return SaveResult(revision, True, conflict_with=head)
        if body == head.body and (
            kind == Revision.Kind.AUTOSAVE or _same_version(head, kind, message)
        ):
            return SaveResult(head, False)
        if kind == Revision.Kind.AUTOSAVE and _may_coalesce(head, author):
            head.body = body
            head.save()
            Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
            return SaveResult(head, False)
        base = head.number if on_head else base_number
        revision = _append(
            draft, head, author, body, kind, message, base, sources, import_hash
        )
        return SaveResult(revision, True)


def restore(draft: Draft, revision: Revision, author) -> SaveResult:
    """Make an old revision's text current again, as a new revision.

    Always on top of whatever the head is when the lock is taken: restoring is
    a deliberate choice, never a conflict.
    """
    return save_text(
        draft.pk,
        author,
        revision.body,
        kind=Revision.Kind.RESTORE,
        base_number=None,
        message=f"Restored revision {revision.number}",
        on_head=True,
    )


def _same_version(head: Revision, kind: str, message: str) -> bool:
    """Ctrl+S again on an unchanged named version is not a new version."""
    named = Revision.Kind.NAMED
    return kind == named and head.kind == named and message in ("", head.message)


def _may_coalesce(head: Revision, author) -> bool:
    return (
        head.kind == Revision.Kind.AUTOSAVE
        and author is not None
        and head.author_id == author.pk
        and timezone.now() - head.updated_at < AUTOSAVE_WINDOW
        # A published revision is frozen, even if it began as an autosave.
        and not Publication.objects.filter(revision=head).exists()
    )


def _append(
    draft, head, author, body, kind, message, base_number, sources, import_hash=""
) -> Revision:
    revision = Revision.objects.create(
        draft=draft,
        number=head.number + 1,
        body=body,
        author=author,
        kind=kind,
        message=message,
        base_number=base_number,
        sources=sources or [],
        import_hash=import_hash,
    )
    draft.head = revision
    draft.save(update_fields=["head", "updated_at"])
    return revision


def base_of(revision: Revision) -> dict:
    """What a client sends back to say which text it is editing."""
    return {"base_number": revision.number, "base_hash": revision.content_hash}
