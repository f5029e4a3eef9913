"""One live room per draft in this process: the shared Yjs document and its saving.

Every consumer (WebSocket) of a draft in this process shares one Room. Updates
from any client reach every process through the channel layer group; each
process applies them to its own copy of the document (Yjs merges them, in any
order, any number of times), so all copies hold the same text.

The room and the revisions agree:
- It opens on the draft's head (the stored Yjs state when there is one, so
  that every process shares one history; see store.py).
- Typing is saved SAVE_DELAY seconds after the first unsaved keystroke, through
  save_text, as an autosave naming everyone who typed, by the process whose
  client typed it. Should that process die before it saves (kill -9, a lost
  machine), every other process with the room open holds the text too, and
  saves it when no save of the room has come for BACKUP_DELAY seconds.
- A save made elsewhere (restore, import, API, …) is applied to the document
  as one edit: merged three-way with what was typed here since the last save,
  the new head's words winning where both changed the same words.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache
from pycrdt import Doc, Text, create_update_message

from posts.live import store
from posts.live.notify import room_group
from posts.live.store import Head
from posts.textkit.merge3 import merge3

logger = logging.getLogger(__name__)

SAVE_DELAY = 2.0  # seconds from the first unsaved keystroke to its save
# Seconds with another process's typing unsaved and no save of the room from
# anywhere, before this process saves it (the typing process may have died).
BACKUP_DELAY = 6.0
# How long one process holds the room's save lock at most: a process killed in
# the middle of a save keeps the others from saving this long.
SAVE_LOCK_SECONDS = 10
# How often a room being opened looks again while another process saves it,
# and for how long at most (a save takes milliseconds: a lock held longer is a
# process that died saving, and the sync thread must not wait on it).
LOAD_WAIT = 0.05
LOAD_WAIT_MAX = 2.0
# This server process, named in the updates it passes on (see typed_elsewhere).
PROCESS = uuid.uuid4().hex


def saving_key(draft_id: int) -> str:
    """The cache key a room holds while it saves (one process at a time)."""
    return f"live:saving:{draft_id}"


def replacement(before: str, after: str) -> tuple[int, int, str]:
    """(start, end, text): the one replacement of before[start:end] making `after`.

    >>> replacement("a cat sat", "a dog sat")
    (2, 5, 'dog')
    """
    start, short = 0, min(len(before), len(after))
    while start < short and before[start] == after[start]:
        start += 1
    end = 0
    while end < short - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return start, len(before) - end, after[start : len(after) - end]


def apply_text(text: Text, before: str, after: str) -> None:
    """Edit the Y.Text from `before` (its content) to `after`, as one replacement.

    pycrdt counts a Text's positions in UTF-8 bytes."""
    start, end, insert = replacement(before, after)
    at = len(before[:start].encode())
    stop = len(before[:end].encode())
    if stop > at:
        del text[at:stop]
    if insert:
        text.insert(at, insert)


@dataclass
class Room:
    draft_id: int
    doc: Doc
    text: Text
    head: Head  # the revision the document's text was last saved as or taken from
    saved_body: str  # that revision's text
    # Which Yjs history this is: a client that knew another (the stored state was
    # lost, e.g. a restart without Redis) must not merge its document into this one.
    lineage: str
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    members: set = field(default_factory=set)  # consumers in this process
    typists: dict[int, str] = field(default_factory=dict)  # user id -> name, unsaved
    # Yjs client id -> its last awareness message, as vouched for by its socket.
    awareness: dict[int, bytes] = field(default_factory=dict)
    save_task: asyncio.Task | None = None
    backup_task: asyncio.Task | None = None
    heads_taken: int = 0  # saves of the room taken in, from here or elsewhere
    on_saved: Callable[[Head, str, bool], Awaitable[None]] | None = None

    @property
    def body(self) -> str:
        return str(self.text)

    def apply_update(self, update: bytes) -> None:
        self.doc.apply_update(update)

    def typed(self, user_id: int, name: str) -> None:
        self.typists.setdefault(user_id, name)
        if self.save_task is None or self.save_task.done():
            self.save_task = asyncio.get_running_loop().create_task(self._save_later())

    def typed_elsewhere(self, user_id: int | None, name: str) -> None:
        """An update typed on another process's room: that process saves it.
        If no save of the room comes for BACKUP_DELAY seconds while the text
        differs from the last save, that process is taken for dead and this
        room saves it."""
        if user_id:
            self.typists.setdefault(user_id, name)
        if self.backup_task is None or self.backup_task.done():
            self.backup_task = asyncio.get_running_loop().create_task(
                self._save_if_unsaved()
            )

    async def _save_if_unsaved(self) -> None:
        while True:
            seen = self.heads_taken
            await asyncio.sleep(BACKUP_DELAY)
            if self.body == self.saved_body:
                return
            if self.heads_taken == seen:
                break  # no save from anywhere in a whole window
        logger.warning(
            "Live room of draft %s: saving typing another process left unsaved",
            self.draft_id,
        )
        try:
            _head, update = await self.save()
            if update:
                await relay(self.draft_id, update)
        except Exception:
            logger.exception("Live room of draft %s could not save", self.draft_id)

    async def _save_later(self) -> None:
        await asyncio.sleep(SAVE_DELAY)
        try:
            _head, update = await self.save()
            if update:  # a save elsewhere, merged in: every client takes it too
                await relay(self.draft_id, update)
        except Exception:
            logger.exception("Live room of draft %s could not save", self.draft_id)
        close_if_empty(self)

    async def save(
        self, *, author_id: int | None = None, named_message: str | None = None
    ) -> tuple[Head | None, bytes | None]:
        """Save the text (one process at a time, through the cache's lock).
        Returns the new head (None: nothing to save) and the update that took
        a merged-in head into the document, if any."""
        async with self.lock:
            body = self.body
            if named_message is None and body == self.saved_body:
                self.typists.clear()
                return None, None
            typists = dict(self.typists)
            author = author_id or (next(iter(typists)) if typists else None)
            if author is None:
                return None, None
            key = saving_key(self.draft_id)
            if not await sync_to_async(cache.add)(key, 1, SAVE_LOCK_SECONDS):
                # Another process saves this room now: try again shortly.
                self.save_task = None
                self.typed(author, typists.get(author, ""))
                return None, None
            try:
                base = await database_sync_to_async(self._base)()
                head = await database_sync_to_async(store.save_from_room)(
                    self.draft_id,
                    author,
                    body,
                    base,
                    list(typists.values()),
                    named_message=named_message,
                )
                for user_id in typists:
                    self.typists.pop(user_id, None)
                update = self._take_head(head, body)
                # Under the lock: the next process to save reads which head this is.
                await database_sync_to_async(store.store_state)(
                    self.draft_id, self.doc.get_update(), self.head, self.lineage
                )
            finally:
                await sync_to_async(cache.delete)(key)
        if self.on_saved:
            await self.on_saved(self.head, self.saved_body, named_message is not None)
        return head, update

    def _base(self) -> Head:
        """The head to save on: the room's, or a newer one that a room of this
        same history saved (another process) and whose announcement has not
        arrived yet. That text is in this document already or on its way (Yjs
        updates), so the save goes on top of it; a three-way merge of the two
        rooms' texts, both typing at one spot, could drop what one of them typed."""
        stored = store.load_state(self.draft_id)
        if stored is None:
            return self.head
        _state, number, content_hash, lineage = stored
        # Not "number <= head.number": an autosave rewritten in place keeps its
        # number. The stored state is written under the save lock, so one that
        # differs from the room's head is the newer one.
        if lineage != self.lineage or (number, content_hash) == (
            self.head.number,
            self.head.content_hash,
        ):
            return self.head
        head = store.head_of(self.draft_id)
        if (head.number, head.content_hash) != (number, content_hash):
            return self.head  # saved outside the rooms since: merge with it
        return head

    def _take_head(self, head: Head, base: str) -> bytes | None:
        """The document becomes `head`'s text plus what was typed since `base`
        (the text `head` started from); returns the update, or None."""
        current = self.body
        self.head, self.saved_body = head, head.body
        self.heads_taken += 1
        if head.body == base or head.body == current:
            return None
        merge = merge3(base, current, head.body)
        target = (
            merge.text
            if merge.clean
            else merge.resolve(["theirs"] * len(merge.conflicts))
        )
        if target == current:
            return None
        before = self.doc.get_state()
        with self.doc.transaction():
            apply_text(self.text, current, target)
        return self.doc.get_update(before)

    async def head_moved(self, head: Head, from_room: bool) -> bytes | None:
        """A save of this draft committed somewhere: take it in. Returns the
        update to send to everyone, or None (nothing changed, or another
        process's room saved: its update reaches us through the group)."""
        async with self.lock:
            if head.number < self.head.number or head == self.head:
                return None  # older than what the room holds
            key = f"live:applied:{self.draft_id}:{head.number}:{head.content_hash}"
            update = None
            if from_room or not await sync_to_async(cache.add)(key, 1, 3600):
                # Another process's room saved the shared text, or applied this save:
                # the text is ours already, or its edit comes through the group.
                self.head, self.saved_body = head, head.body
                self.heads_taken += 1
            else:
                update = self._take_head(head, self.saved_body)
                await database_sync_to_async(store.store_state)(
                    self.draft_id, self.doc.get_update(), self.head, self.lineage
                )
        if self.on_saved:
            await self.on_saved(self.head, self.saved_body, False)
        return update


async def relay(draft_id: int, update: bytes) -> None:
    """Send the room's own edit to every client and every process's room."""
    layer = get_channel_layer()
    assert layer is not None  # settings.CHANNEL_LAYERS always names one
    await layer.group_send(
        room_group(draft_id),
        {"type": "room.relay", "message": create_update_message(update), "sender": ""},
    )


_rooms: dict[int, Room] = {}
_opening: dict[int, asyncio.Lock] = {}


async def open_room(draft_id: int) -> Room:
    """This process's room of the draft, opened from the store on first use."""
    lock = _opening.setdefault(draft_id, asyncio.Lock())
    async with lock:
        room = _rooms.get(draft_id)
        if room is None:
            room = await database_sync_to_async(_load)(draft_id)
            _rooms[draft_id] = room
        return room


def _load(draft_id: int) -> Room:
    head, stored = _head_and_state(draft_id)
    doc: Doc = Doc()
    text = doc.get("body", type=Text)
    if stored is not None:
        state, number, content_hash, lineage = stored
        doc.apply_update(state)
        if (number, content_hash) != (head.number, head.content_hash):
            # Saved elsewhere while no room was open: take it in as an edit.
            apply_text(text, str(text), head.body)
        store.store_state(draft_id, doc.get_update(), head, lineage)
        return Room(draft_id, doc, text, head, head.body, lineage)
    text.insert(0, head.body)
    lineage = uuid.uuid4().hex
    if not store.add_state(draft_id, doc.get_update(), head, lineage):
        # Another process opened the room at the same moment: share its history.
        return _load(draft_id)
    return Room(draft_id, doc, text, head, head.body, lineage)


def _head_and_state(draft_id: int) -> tuple[Head, tuple | None]:
    """The head and the stored state, read while no room is saving. A room's
    save commits its revision, then stores its state: read between the two,
    the head looks saved elsewhere, and taking it in as an edit on the older
    state would write the saved text into the shared document a second time."""
    waited = 0.0
    while True:
        head = store.head_of(draft_id)
        stored = store.load_state(draft_id)
        matches = stored is None or stored[1:3] == (head.number, head.content_hash)
        if matches or waited >= LOAD_WAIT_MAX or not cache.get(saving_key(draft_id)):
            return head, stored
        time.sleep(LOAD_WAIT)
        waited += LOAD_WAIT


def close_if_empty(room: Room) -> None:
    if room.members or _rooms.get(room.draft_id) is not room:
        return
    task = room.save_task
    if task and not task.done() and task is not asyncio.current_task():
        return  # the pending save closes it when done
    if room.backup_task and room.backup_task is not asyncio.current_task():
        room.backup_task.cancel()  # the last one out saved what was unsaved
    del _rooms[room.draft_id]


def open_rooms() -> dict[int, Room]:
    return _rooms
