"""Reviewers and share-link guests in a live room: they watch, they cannot write,
and what they say about themselves (awareness) is what the server vouches for."""

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from pycrdt import Doc, Text, create_sync_message

from posts.access import guest_name_key
from posts.editor.saving import restore
from posts.live import awareness, consumers, rooms
from posts.models import Draft, ShareLink
from series.tokens import new_token
from tests.factories import (
    SAMPLE_BODY,
    MembershipFactory,
    UserFactory,
    head,
    make_draft,
)
from tests.posts.live.test_room import Client, run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def quick_rooms(monkeypatch):
    monkeypatch.setattr(rooms, "SAVE_DELAY", 0.1)
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    yield
    rooms.open_rooms().clear()


def _link(draft, user, *, whole_series=False, **fields) -> str:
    token, digest = new_token()
    ShareLink.objects.create(
        series=draft.part.series,
        draft=None if whole_series else draft,
        token_hash=digest,
        created_by=user,
        **fields,
    )
    return token


def _guest(draft, token: str, session: dict | None = None) -> Client:
    """A guest's socket; `session` as the share views left it (the typed name)."""
    guest = Client(draft, AnonymousUser(), f"?share={token}")
    guest.socket.scope["session"] = session or {}  # type: ignore[typeddict-unknown-key]
    return guest


def _presence(client: Client, state: dict | None, clock: int = 1, who=None) -> bytes:
    entry = awareness.Entry(client.doc.client_id if who is None else who, clock, state)
    return awareness.encode([entry])


def _states(events: list[dict]) -> list[awareness.Entry]:
    return [
        entry
        for event in events
        if event.get("bytes") and event["bytes"][0] == awareness.MESSAGE_AWARENESS
        for entry in awareness.decode(event["bytes"])
    ]


_body = database_sync_to_async(lambda draft: head(Draft.objects.get(pk=draft.pk)).body)
_revisions = database_sync_to_async(
    lambda draft: Draft.objects.get(pk=draft.pk).revisions.count()
)


def test_a_guest_watches_a_writer_type_on_a_series_link(draft, user):
    token = _link(draft, user, whole_series=True)

    async def scenario():
        writer, guest = Client(draft, user), _guest(draft, token)
        assert await writer.join() and await guest.join()
        await writer.type(0, "Live. ")
        await guest.until(lambda: str(guest.text) == "Live. " + SAMPLE_BODY)
        for peer in (writer, guest):
            await peer.socket.disconnect()

    run(scenario)


def test_a_guest_update_sent_by_hand_changes_neither_the_room_nor_the_head(draft, user):
    token = _link(draft, user)

    async def scenario():
        writer, guest = Client(draft, user), _guest(draft, token)
        assert await writer.join() and await guest.join()
        # As an update, and as the sync step 2 a client answers a step 1 with.
        await guest.type(0, "Forged. ")
        forged: Doc = Doc()
        forged.get("body", type=Text).insert(0, "Also forged. ")
        await guest.socket.send_to(
            bytes_data=bytes([0, 1]) + create_sync_message(forged)[2:]
        )
        await writer.pump(0.5)
        assert str(writer.text) == SAMPLE_BODY
        assert rooms.open_rooms()[draft.pk].body == SAMPLE_BODY
        # A writer typing after it saves their words only.
        await writer.type(0, "Mine. ")
        await writer.until(lambda: _is_saved(draft, "Mine. " + SAMPLE_BODY))
        for peer in (writer, guest):
            await peer.socket.disconnect()

    run(scenario)
    assert head(Draft.objects.get(pk=draft.pk)).body == "Mine. " + SAMPLE_BODY


async def _is_saved(draft, text: str) -> bool:
    return await _body(draft) == text


@pytest.mark.parametrize(
    "link", [{"expires_at_days": -1}, {"revoked": True}, {"other_draft": True}]
)
def test_a_guest_link_the_share_views_refuse_is_refused_by_the_room(draft, user, link):
    fields: dict = {}
    if "expires_at_days" in link:
        fields["expires_at"] = timezone.now() + timedelta(days=link["expires_at_days"])
    if link.get("revoked"):
        fields["revoked_at"] = timezone.now()
    target = make_draft(draft.part) if link.get("other_draft") else draft
    token = _link(target, user, **fields)

    async def scenario():
        guest = Client(draft, AnonymousUser(), f"?share={token}")
        assert not await guest.join()
        assert guest.closed["code"] == consumers.CLOSE_DENIED

    run(scenario)


def test_a_revoked_series_link_closes_the_guest_within_seconds(draft, user):
    token = _link(draft, user, whole_series=True)

    async def scenario():
        guest = _guest(draft, token)
        assert await guest.join()
        await database_sync_to_async(
            ShareLink.objects.filter(series=draft.part.series).update
        )(revoked_at=timezone.now())
        seen: list[dict] = []
        loop = asyncio.get_running_loop()
        end = loop.time() + 3
        while not any(e["type"] == "websocket.close" for e in seen):
            assert loop.time() < end, "still connected"
            seen += await guest.pump(0.1)
        close = next(e for e in seen if e["type"] == "websocket.close")
        assert close["code"] == consumers.CLOSE_DENIED

    run(scenario)


def test_the_room_shows_people_by_the_name_their_access_gives(draft, user):
    reviewer = UserFactory.create(username="rita")
    MembershipFactory(series=draft.part.series, user=reviewer, role="reviewer")
    token = _link(draft, user)
    link = ShareLink.objects.get(draft=draft)
    session = {guest_name_key(link): "Gus"}

    async def scenario():
        writer = Client(draft, user)
        them = Client(draft, reviewer)
        guest = _guest(draft, token, session)
        for peer in (writer, them, guest):
            assert await peer.join()
        pretend = {"user": {"name": user.username, "colour": 3, "readOnly": False}}
        await them.socket.send_to(bytes_data=_presence(them, pretend))
        await guest.socket.send_to(bytes_data=_presence(guest, pretend))
        # Nobody speaks for another client: this state of the writer's is dropped.
        await them.socket.send_to(
            bytes_data=_presence(them, None, clock=9, who=writer.doc.client_id)
        )
        seen = _states(await writer.pump(0.5))
        users = {e.client: e.state["user"] for e in seen if e.state}
        assert users[them.doc.client_id] == {
            "name": "rita",
            "colour": 3,
            "readOnly": True,
        }
        assert users[guest.doc.client_id]["name"] == "Gus (guest)"
        assert users[guest.doc.client_id]["readOnly"] is True
        assert writer.doc.client_id not in {e.client for e in seen}

        # Who joins later is told at once who is there; who leaves is announced.
        late = Client(draft, user)
        connected, _ = await late.socket.connect()
        assert connected
        greeting = [await late.socket.receive_output(2) for _ in range(4)]
        told = {e.client for e in _states(greeting)}
        assert {them.doc.client_id, guest.doc.client_id} <= told
        await them.socket.disconnect()
        gone = _states(await writer.pump(0.5))
        assert any(e.client == them.doc.client_id and e.state is None for e in gone)
        for peer in (writer, guest, late):
            await peer.socket.disconnect()

    run(scenario)


def test_a_writers_document_from_before_a_restore_merges_with_the_restored_text(
    draft, user
):
    """A tab kept its document (IndexedDB) while it was offline and the draft was
    restored meanwhile: on reconnect its typing joins the restored text; the words
    the restore took out stay out."""
    first = head(draft)

    async def scenario():
        writer = Client(draft, user)
        assert await writer.join()
        await writer.type(0, "Removed by the restore. ")
        await writer.until(
            lambda: _is_saved(draft, "Removed by the restore. " + SAMPLE_BODY)
        )
        kept = writer.doc.get_update()  # what IndexedDB holds
        await writer.socket.disconnect()
        current = await database_sync_to_async(Draft.objects.get)(pk=draft.pk)
        await database_sync_to_async(restore)(current, first, user)

        # Offline, the tab typed at the end of its (pre-restore) text.
        back = Client(draft, user, f"?room={writer.lineage}")
        back.doc.apply_update(kept)
        end = len(str(back.text).encode())
        back.text.insert(end, " Typed offline.")
        connected, _ = await back.socket.connect()
        assert connected
        await back.socket.receive_output(2)  # the lineage: the same room
        await back.socket.send_to(bytes_data=create_sync_message(back.doc))
        await back.until(lambda: "Removed by" not in str(back.text))
        await back.until(lambda: _is_saved(draft, SAMPLE_BODY + " Typed offline."))
        assert str(back.text) == SAMPLE_BODY + " Typed offline."
        await back.socket.disconnect()

    run(scenario)
