"""The live room's WebSocket: who may join, who may write, and what gets saved."""

import asyncio
import inspect
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import timezone
from pycrdt import (
    Doc,
    Text,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)

from posts.editor.saving import restore
from posts.live import consumers, rooms
from posts.live.routing import websocket_router
from posts.models import Draft, Revision, ShareLink
from series.tokens import new_token
from tests.factories import SAMPLE_BODY, MembershipFactory, UserFactory, head

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 5.0


@pytest.fixture(autouse=True)
def quick_rooms(monkeypatch):
    monkeypatch.setattr(rooms, "SAVE_DELAY", 0.1)
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    yield
    rooms.open_rooms().clear()


class Client:
    """A Yjs peer on the room's socket, like the browser's y-websocket."""

    def __init__(self, draft, user, query: str = ""):
        path = f"/live/drafts/{draft.pk}"
        self.socket = WebsocketCommunicator(websocket_router, path + query)
        self.socket.scope["user"] = user  # type: ignore[typeddict-unknown-key]
        self.socket.scope["session"] = {}  # type: ignore[typeddict-unknown-key]
        self.doc: Doc = Doc()
        self.text = self.doc.get("body", type=Text)

    async def join(self) -> bool:
        connected, _ = await self.socket.connect()
        if not connected:
            return False
        first = await self.socket.receive_output(WAIT)
        if first["type"] == "websocket.close":
            self.closed = first
            return False
        assert first["bytes"][0] == consumers.MESSAGE_ROOM  # the lineage, first
        self.lineage = first["bytes"][2:].decode()
        first = await self.socket.receive_output(WAIT)
        # The server's step 1 answered with ours, then our step 1 for the rest.
        reply = handle_sync_message(first["bytes"][1:], self.doc)
        await self.socket.send_to(bytes_data=reply)
        await self.socket.send_to(bytes_data=create_sync_message(self.doc))
        await self.until(lambda: len(str(self.text)) > 0)
        return True

    async def pump(self, seconds: float = 0.05) -> list[dict]:
        """Apply what the server sent; returns the non-sync messages."""
        others: list[dict] = []
        while True:
            # (receive_output's timeout would cancel the application.)
            if await self.socket.receive_nothing(seconds, interval=0.01):
                return others
            event = await self.socket.receive_output(WAIT)
            if event["type"] != "websocket.send" or not event.get("bytes"):
                others.append(event)
                continue
            data = event["bytes"]
            if data[0] == 0:
                reply = handle_sync_message(data[1:], self.doc)
                if reply is not None:
                    await self.socket.send_to(bytes_data=reply)
            else:
                others.append(event)

    async def until(self, condition, seconds: float = WAIT) -> list[dict]:
        seen: list[dict] = []
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while True:
            met = condition()
            if inspect.isawaitable(met):
                met = await met
            if met:
                return seen
            if loop.time() > end:
                raise AssertionError(f"timed out; text is {str(self.text)!r}")
            seen += await self.pump()

    async def type(self, at: int, words: str) -> None:
        before = self.doc.get_state()
        self.text.insert(at, words)
        update = self.doc.get_update(before)
        await self.socket.send_to(bytes_data=create_update_message(update))


def run(scenario):
    """Run the scenario on an event loop of its own thread: the browser tests'
    Playwright may hold one in this thread already."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()


def _body(draft) -> str:
    return head(Draft.objects.get(pk=draft.pk)).body


_saved_body = database_sync_to_async(_body)
DRAFT: list = []


async def saved_is(text: str) -> bool:
    return await _saved_body(DRAFT[0]) == text


@pytest.fixture(autouse=True)
def _the_draft(draft):
    DRAFT[:] = [draft]


def test_two_writers_meet_and_the_room_saves_both_names(draft, user):
    colleague = UserFactory.create(username="ann")
    MembershipFactory(series=draft.part.series, user=colleague, role="editor")

    async def scenario():
        me, ann = Client(draft, user), Client(draft, colleague)
        assert await me.join() and await ann.join()
        assert str(me.text) == SAMPLE_BODY
        await me.type(0, "Mine. ")
        await ann.type(len(SAMPLE_BODY.encode()), " Ann's.")
        both = "Mine. " + SAMPLE_BODY + " Ann's."
        await me.until(lambda: str(me.text) == both)
        await ann.until(lambda: str(ann.text) == both)
        await me.until(lambda: saved_is(both))
        for peer in (me, ann):
            await peer.socket.disconnect()

    run(scenario)
    revision = head(Draft.objects.get(pk=draft.pk))
    assert revision.kind == Revision.Kind.AUTOSAVE
    assert user.username in revision.message and "ann" in revision.message


def test_a_reviewer_sees_the_text_but_their_updates_are_dropped(draft, user):
    reviewer = UserFactory.create()
    MembershipFactory(series=draft.part.series, user=reviewer, role="reviewer")

    async def scenario():
        me, them = Client(draft, user), Client(draft, reviewer)
        assert await me.join() and await them.join()
        await them.type(0, "Vandal. ")
        await me.type(0, "Fine. ")
        await them.until(lambda: str(them.text).count("Fine. ") == 1)
        await me.pump(0.5)
        assert str(me.text) == "Fine. " + SAMPLE_BODY
        await me.until(lambda: saved_is("Fine. " + SAMPLE_BODY))
        await me.socket.disconnect()
        await them.socket.disconnect()

    run(scenario)
    assert _body(draft) == "Fine. " + SAMPLE_BODY


def test_a_stranger_is_refused(draft, stranger):
    async def scenario():
        peer = Client(draft, stranger)
        assert not await peer.join()
        assert peer.closed["code"] == consumers.CLOSE_DENIED

    run(scenario)


def test_a_removed_member_is_disconnected_within_seconds(draft):
    colleague = UserFactory.create()
    membership = MembershipFactory.create(
        series=draft.part.series, user=colleague, role="editor"
    )

    async def scenario():
        peer = Client(draft, colleague)
        assert await peer.join()
        await database_sync_to_async(membership.delete)()
        seen: list[dict] = []
        loop = asyncio.get_running_loop()
        end = loop.time() + 3
        while not any(e["type"] == "websocket.close" for e in seen):
            assert loop.time() < end, "still connected"
            seen += await peer.pump(0.1)
        close = next(e for e in seen if e["type"] == "websocket.close")
        assert close["code"] == consumers.CLOSE_DENIED

    run(scenario)


def test_a_restore_elsewhere_reaches_the_room_as_an_edit(draft, user):
    first = head(draft)

    async def scenario():
        peer = Client(draft, user)
        assert await peer.join()
        await peer.type(0, "Typed. ")
        await peer.until(lambda: saved_is("Typed. " + SAMPLE_BODY))
        newest = await database_sync_to_async(lambda: Draft.objects.get(pk=draft.pk))()
        await database_sync_to_async(restore)(newest, first, user)
        await peer.until(lambda: str(peer.text) == SAMPLE_BODY)
        await peer.type(0, "Again. ")
        await peer.until(lambda: saved_is("Again. " + SAMPLE_BODY))
        await peer.socket.disconnect()

    run(scenario)
    kinds = list(
        Draft.objects.get(pk=draft.pk)
        .revisions.order_by("number")
        .values_list("kind", flat=True)
    )
    assert Revision.Kind.RESTORE in kinds


def test_the_text_the_room_opens_with_is_the_head(draft, user):
    async def scenario():
        peer = Client(draft, user)
        assert await peer.join()
        assert str(peer.text) == head(draft).body
        await peer.socket.disconnect()

    run(scenario)


def _name_version(message: str) -> bytes:
    payload = json.dumps({"message": message}).encode()
    return bytes([consumers.MESSAGE_NAME_VERSION, len(payload)]) + payload


def _saved_payload(event: dict) -> dict:
    data = event["bytes"]
    assert data[0] == consumers.MESSAGE_SAVED
    length, at, shift = 0, 1, 0
    while True:
        length |= (data[at] & 0x7F) << shift
        shift += 7
        at += 1
        if data[at - 1] < 0x80:
            break
    return json.loads(data[at : at + length])


def test_ctrl_s_in_the_room_saves_a_named_version_of_its_text(draft, user):
    async def scenario():
        peer = Client(draft, user)
        assert await peer.join()
        await peer.type(0, "Named. ")
        await peer.socket.send_to(bytes_data=_name_version("Ready for review"))
        seen = await peer.until(lambda: saved_is("Named. " + SAMPLE_BODY))
        seen += await peer.pump(0.3)
        answers = [_saved_payload(e) for e in seen if e.get("bytes")]
        assert any(a["named"] for a in answers), answers
        await peer.socket.disconnect()

    run(scenario)
    revision = head(Draft.objects.get(pk=draft.pk))
    assert revision.kind == Revision.Kind.NAMED
    assert revision.message == "Ready for review"


def test_a_guest_on_a_share_link_joins_read_only_and_a_revoked_link_is_closed(
    draft, user
):
    token, digest = new_token()
    link = ShareLink.objects.create(
        series=draft.part.series, draft=draft, token_hash=digest, created_by=user
    )

    async def scenario():
        guest = Client(draft, AnonymousUser(), f"?share={token}")
        assert await guest.join()
        assert str(guest.text) == SAMPLE_BODY
        await guest.type(0, "Guest was here. ")
        await guest.socket.send_to(bytes_data=_name_version("guest"))
        await guest.pump(0.5)
        assert await saved_is(SAMPLE_BODY)
        link.revoked_at = timezone.now()
        await database_sync_to_async(link.save)()
        seen: list[dict] = []
        loop = asyncio.get_running_loop()
        end = loop.time() + 3
        while not any(e["type"] == "websocket.close" for e in seen):
            assert loop.time() < end, "still connected"
            seen += await guest.pump(0.1)

    run(scenario)
    assert Draft.objects.get(pk=draft.pk).revisions.count() == 1


def test_a_wrong_share_token_is_refused(draft):
    async def scenario():
        guest = Client(draft, AnonymousUser(), "?share=not-a-token")
        assert not await guest.join()
        assert guest.closed["code"] == consumers.CLOSE_DENIED

    run(scenario)


def test_a_document_of_a_lost_history_is_refused(draft, user):
    """A tab that kept its document while the room's history was lost (a restart
    without Redis) names the old lineage on reconnect: merging it would double the text."""

    async def scenario():
        peer = Client(draft, user)
        assert await peer.join()
        await peer.socket.disconnect()
        again = Client(draft, user, f"?room={peer.lineage}")
        assert await again.join()
        await again.socket.disconnect()
        rooms.open_rooms().clear()
        await database_sync_to_async(cache.clear)()
        stale = Client(draft, user, f"?room={peer.lineage}")
        assert not await stale.join()
        assert stale.closed["code"] == consumers.CLOSE_OTHER_HISTORY

    run(scenario)
