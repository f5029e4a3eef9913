"""The WebSocket of a draft's live room: Yjs sync and awareness, with access checks.

Who may join is decided as for the HTTP views (posts.access): a member who may
edit the draft joins to write; a reviewer, or a guest with a share link
(?share=TOKEN), joins read-only: the server answers their sync, shows them
everyone's cursors and drops every update they send. Access is looked up again
every RECHECK_SECONDS: a removed member or a revoked link is disconnected
(close code 4403, which the client does not retry), and a member whose role
dropped to reviewer goes on read-only.

Awareness (names and cursors) is passed on as the server vouches for it: each
socket speaks for one Yjs client only, under the name its access gives and
marked read-only or not, so nobody can show up as someone else or move another
person's cursor. A newcomer is sent everyone's last state at once, and a socket
that closes is announced as gone.
"""

from __future__ import annotations

import asyncio
import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import PermissionDenied
from django.http import Http404
from pycrdt import (
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)

from posts.access import get_draft, get_shared_draft
from posts.live import awareness, rooms
from posts.live.notify import room_group
from posts.live.store import Head

logger = logging.getLogger(__name__)

RECHECK_SECONDS = 3.0
CLOSE_DENIED = 4403
CLOSE_OTHER_HISTORY = 4409  # the client's document is of a room that is gone
# Our own messages, after Yjs' sync (0), awareness (1), auth (2), query awareness (3).
MESSAGE_SAVED = 100
MESSAGE_NAME_VERSION = 101
MESSAGE_ROOM = 102  # the room's lineage, sent first
MAX_MESSAGE_BYTES = 2 * 1024 * 1024


def _saved_message(head: Head, body: str, named: bool) -> bytes:
    """MESSAGE_SAVED, then one lib0 var-string of JSON."""
    payload = json.dumps(
        {
            "base_number": head.number,
            "base_hash": head.content_hash,
            "body": body,
            "named": named,
        }
    ).encode()
    return bytes([MESSAGE_SAVED]) + awareness.var_uint(len(payload)) + payload


def _read_var_string(data: bytes) -> str:
    length, shift, at = 0, 0, 0
    while True:
        byte = data[at]
        at += 1
        length |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            break
    return data[at : at + length].decode()


def shown_name(access) -> str:
    """The name a person is shown by in the room (a guest: the name they typed last)."""
    return access.name if access.guest_name or not access.is_guest else "Guest"


def _remember(room: rooms.Room, message: bytes) -> None:
    """Keep each client's last awareness state, for those who join later."""
    for entry in awareness.decode(message):
        if entry.state is None:
            room.awareness.pop(entry.client, None)
        else:
            room.awareness[entry.client] = awareness.encode([entry])


class DraftRoomConsumer(AsyncWebsocketConsumer):
    draft_id: int
    room: rooms.Room | None = None
    can_edit = False
    user_id: int | None = None
    name = ""
    recheck: asyncio.Task | None = None
    client_id: int | None = None  # the Yjs client this socket speaks for
    clock = 0  # its last awareness clock

    async def connect(self) -> None:
        self.draft_id = int(self.scope["url_route"]["kwargs"]["pk"])
        access = await self._access()
        if access is None:
            # Accept, then close with a code the client will not retry on.
            await self.accept()
            await self.close(code=CLOSE_DENIED)
            return
        self.can_edit = access.can_edit
        self.name = shown_name(access)
        user = self.scope.get("user")
        self.user_id = user.pk if user is not None and user.is_authenticated else None
        room = await rooms.open_room(self.draft_id)
        known = self._query("room")
        if known and known != room.lineage:
            await self.accept()
            await self.close(code=CLOSE_OTHER_HISTORY)
            rooms.close_if_empty(room)
            return
        self.room = room
        self.room.members.add(self)
        self.room.on_saved = self._room_saved
        await self.channel_layer.group_add(room_group(self.draft_id), self.channel_name)
        await self.accept()
        lineage = self.room.lineage.encode()
        await self.send(
            bytes_data=bytes([MESSAGE_ROOM])
            + awareness.var_uint(len(lineage))
            + lineage
        )
        await self.send(bytes_data=create_sync_message(self.room.doc))
        for message in list(self.room.awareness.values()):
            await self.send(bytes_data=message)
        self.recheck = asyncio.get_running_loop().create_task(self._recheck())

    @database_sync_to_async
    def _access(self):
        """The caller's Access to the draft, as the HTTP views decide; None: none."""
        user = self.scope.get("user")
        token = self._query("share")
        try:
            if token:
                session: dict = self.scope.get("session") or {}
                _draft, access = get_shared_draft(token, self.draft_id, session)
            elif user is None or not user.is_authenticated:
                return None
            else:
                _draft, access = get_draft(user, self.draft_id)
        except (Http404, PermissionDenied):
            return None
        return access

    def _query(self, name: str) -> str:
        query = self.scope.get("query_string", b"").decode()
        for pair in query.split("&"):
            key, _, value = pair.partition("=")
            if key == name and value:
                return value
        return ""

    async def _recheck(self) -> None:
        while True:
            await asyncio.sleep(RECHECK_SECONDS)
            access = await self._access()
            if access is None:
                await self.close(code=CLOSE_DENIED)
                return
            self.can_edit = access.can_edit

    async def disconnect(self, code) -> None:
        if self.recheck:
            self.recheck.cancel()
        room = self.room
        if room is None:
            return
        if self.client_id is not None:
            gone = awareness.Entry(self.client_id, self.clock + 1, None)
            await self._to_room(
                {"type": "room.relay", "message": awareness.encode([gone])}
            )
        await self.channel_layer.group_discard(
            room_group(self.draft_id), self.channel_name
        )
        room.members.discard(self)
        if not room.members and self.user_id and room.body != room.saved_body:
            await room.save()
        rooms.close_if_empty(room)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        room = self.room
        if not bytes_data or room is None or len(bytes_data) > MAX_MESSAGE_BYTES:
            return
        kind = bytes_data[0]
        if kind == YMessageType.SYNC:
            await self._on_sync(room, bytes_data)
        elif kind == YMessageType.AWARENESS:
            message = self._vouched(bytes_data)
            if message is not None:
                await self._to_room({"type": "room.relay", "message": message})
        elif kind == MESSAGE_NAME_VERSION and self.can_edit and self.user_id:
            message = json.loads(_read_var_string(bytes_data[1:])).get("message", "")
            head, update = await room.save(
                author_id=self.user_id, named_message=str(message)[:500]
            )
            if update:
                await self._to_room(
                    {"type": "room.relay", "message": create_update_message(update)}
                )
            if head:
                await self.send(bytes_data=_saved_message(head, room.saved_body, True))

    def _vouched(self, data: bytes) -> bytes | None:
        """The awareness message, for this socket's own client only, under the
        name and read-only mark of its access; None: nothing to pass on."""
        try:
            entries = awareness.decode(data)
        except ValueError:
            return None
        kept = []
        for entry in entries:
            if self.client_id is None:
                self.client_id = entry.client
            if entry.client != self.client_id:
                continue  # another client's state: not this socket's to tell
            self.clock = max(self.clock, entry.clock)
            if entry.state is not None:
                user = entry.state.get("user")
                colour = user.get("colour") if isinstance(user, dict) else None
                writes = self.can_edit and self.user_id is not None
                # A writer may say they only read (the review page); nobody the reverse.
                reads = isinstance(user, dict) and user.get("readOnly") is True
                entry.state["user"] = {
                    "name": self.name,
                    "colour": colour if isinstance(colour, int) else None,
                    "readOnly": reads or not writes,
                }
            kept.append(entry)
        return awareness.encode(kept) if kept else None

    async def _on_sync(self, room: rooms.Room, data: bytes) -> None:
        step = data[1] if len(data) > 1 else None
        if step == YSyncMessageType.SYNC_STEP1:
            reply = handle_sync_message(data[1:], room.doc)
            if reply is not None:
                await self.send(bytes_data=reply)
            return
        if not self.can_edit or self.user_id is None:
            return  # read-only: the update is dropped
        try:
            handle_sync_message(data[1:], room.doc)
        except Exception:
            logger.warning("Dropped a malformed update for draft %s", self.draft_id)
            return
        room.typed(self.user_id, self.name)
        # Sent on as it came; the other processes' rooms apply it too.
        message = (
            data if step == YSyncMessageType.SYNC_UPDATE else bytes([0, 2]) + data[2:]
        )
        await self._to_room(
            {
                "type": "room.update",
                "message": message,
                "user": self.user_id,
                "name": self.name,
                "process": rooms.PROCESS,
            }
        )

    async def _to_room(self, event: dict) -> None:
        await self.channel_layer.group_send(
            room_group(self.draft_id), {**event, "sender": self.channel_name}
        )

    # --- group messages -----------------------------------------------------

    async def room_update(self, event: dict) -> None:
        """A client's update, from this process or another."""
        if self.room is not None and event["sender"] != self.channel_name:
            try:
                handle_sync_message(event["message"][1:], self.room.doc)
            except Exception:
                return
            if event.get("process") != rooms.PROCESS:
                self.room.typed_elsewhere(event.get("user"), event.get("name", ""))
            elif event.get("user"):
                self.room.typists.setdefault(event["user"], event.get("name", ""))
            await self.send(bytes_data=event["message"])

    async def room_relay(self, event: dict) -> None:
        """Awareness (cursors) and the room's own edits: pass on to the client."""
        if event["message"][0] == YMessageType.AWARENESS and self.room is not None:
            _remember(self.room, event["message"])
        if (
            event["sender"] != self.channel_name
            or event["message"][0] == YMessageType.SYNC
        ):
            if event["message"][0] == YMessageType.SYNC and self.room is not None:
                handle_sync_message(event["message"][1:], self.room.doc)
            await self.send(bytes_data=event["message"])

    async def room_head(self, event: dict) -> None:
        """A save of the draft committed (posts.live.notify)."""
        room = self.room
        if room is None or self is not next(iter(room.members), None):
            return  # one consumer per process takes it in for the room
        head = Head(event["number"], event["hash"], event["body"])
        update = await room.head_moved(head, event["from_room"])
        if update:
            await self._to_room(
                {"type": "room.relay", "message": create_update_message(update)}
            )

    async def _room_saved(self, head: Head, body: str, named: bool) -> None:
        """The room saved or took in a head: every client of this process hears it."""
        if self.room is None:
            return
        for member in list(self.room.members):
            await member.send(bytes_data=_saved_message(head, body, False))
