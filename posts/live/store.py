"""What a live room reads and writes: the head revision, saves, and its Yjs state.

Synchronous Django code, called from the rooms through sync_to_async.

The room's Yjs state is kept in the cache (Redis when REDIS_URL is set): every
server process that opens the room starts from that one history, so their
documents merge instead of each holding its own copy of the text (two Yjs
documents filled from the same text independently would duplicate it).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache

from posts import pages
from posts.editor.saving import save_text
from posts.models import Draft, Revision

STATE_SECONDS = 7 * 24 * 3600
# Set while a room saves: the save's announcement says it came from the room, so
# rooms do not apply it to their document a second time.
SAVING_FROM_ROOM: ContextVar[bool] = ContextVar("saving_from_room", default=False)
LIVE_PREFIX = "Typed live by "


@dataclass(frozen=True)
class Head:
    number: int
    content_hash: str
    body: str


def head_of(draft_id: int) -> Head:
    revision = (
        Draft.objects.filter(pk=draft_id)
        .values_list("head__number", "head__content_hash", "head__body")
        .get()
    )
    return Head(*revision)


def state_key(draft_id: int) -> str:
    return f"live:state:{draft_id}"


def load_state(draft_id: int) -> tuple[bytes, int, str, str] | None:
    """The room's last stored Yjs state, with the head revision it matched and
    its lineage (an id for this one Yjs history)."""
    value = cache.get(state_key(draft_id))
    return value if isinstance(value, tuple) and len(value) == 4 else None


def store_state(draft_id: int, state: bytes, head: Head, lineage: str) -> None:
    value = (state, head.number, head.content_hash, lineage)
    cache.set(state_key(draft_id), value, STATE_SECONDS)


def add_state(draft_id: int, state: bytes, head: Head, lineage: str) -> bool:
    """Store the room's first state, unless another process stored one first."""
    value = (state, head.number, head.content_hash, lineage)
    return cache.add(state_key(draft_id), value, STATE_SECONDS)


def live_message(names: list[str]) -> str:
    return (LIVE_PREFIX + ", ".join(names))[:500]


def save_from_room(
    draft_id: int,
    author_id: int,
    body: str,
    base: Head,
    names: list[str],
    *,
    named_message: str | None = None,
) -> Head:
    """Save the room's text as `author_id`'s autosave (or a named version) on
    `base`; an autosave names everyone who typed into it. Returns the new head."""
    author = get_user_model().objects.get(pk=author_id)
    token = SAVING_FROM_ROOM.set(True)
    try:
        result = save_text(
            draft_id,
            author,
            body,
            kind=Revision.Kind.AUTOSAVE
            if named_message is None
            else Revision.Kind.NAMED,
            base_number=base.number,
            base_hash=base.content_hash,
            message=live_message(names) if named_message is None else named_message,
        )
    finally:
        SAVING_FROM_ROOM.reset(token)
    revision = result.revision
    if named_message is None and revision.kind == Revision.Kind.AUTOSAVE:
        # An autosave updated in place keeps its first message: add the new typists.
        earlier = revision.message.removeprefix(LIVE_PREFIX).split(", ")
        if revision.message.startswith(LIVE_PREFIX):
            union = list(dict.fromkeys([*earlier, *names]))
            if union != earlier:
                Revision.objects.filter(pk=revision.pk).update(
                    message=live_message(union)
                )
                pages.changed([pages.series_of(revision)])  # the history shows it
    return head_of(draft_id)
