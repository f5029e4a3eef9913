"""A live room when another server process serving it dies (kill -9).

Every process with the room open applies every update, so the text a dead
process's clients typed is still in the others' rooms; the process that took
the keystrokes would have saved them, and a surviving room saves them instead
when no save of the room comes for BACKUP_DELAY seconds. The browser side
(reconnecting through a proxy to the surviving process) is in
tests/browser/test_coediting.py.
"""

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from pycrdt import Doc, Text, create_update_message

from posts.editor.saving import text_saved
from posts.live import consumers, rooms, store
from posts.live.notify import announce_head, room_group
from posts.models import Revision
from tests.factories import SAMPLE_BODY, MembershipFactory, UserFactory
from tests.posts.live.test_room import Client, run, saved_is

pytestmark = pytest.mark.django_db(transaction=True)
DRAFT_PK: list[int] = []


@pytest.fixture(autouse=True)
def quick_rooms(monkeypatch, draft):
    monkeypatch.setattr(rooms, "SAVE_DELAY", 0.1)
    monkeypatch.setattr(rooms, "BACKUP_DELAY", 0.4)
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    from tests.posts.live import test_room

    test_room.DRAFT[:] = [draft]
    DRAFT_PK[:] = [draft.pk]
    yield
    rooms.open_rooms().clear()


@pytest.fixture(name="colleague")
def ann(draft):
    """Ann, an editor of the series, writing on another server process."""
    colleague = UserFactory.create(username="ann")
    MembershipFactory(series=draft.part.series, user=colleague, role="editor")
    return colleague


def _typed_on_another_process(peer: Client, words: str, user) -> dict:
    """The group message another process's room sends on when its client types."""
    other: Doc = Doc()
    other.apply_update(peer.doc.get_update())
    before = other.get_state()
    other.get("body", type=Text).insert(0, words)
    return {
        "type": "room.update",
        "message": create_update_message(other.get_update(before)),
        "user": user.pk,
        "name": user.username,
        "sender": "a-channel-of-another-process",
        "process": "another-process",
    }


def _layer():
    layer = get_channel_layer()
    assert layer is not None
    return layer


async def _typed_by(peer: Client, words: str, colleague) -> str:
    """The colleague types `words` at the start on another process; returns
    the text once this peer has it."""
    await _layer().group_send(
        room_group(DRAFT_PK[0]), _typed_on_another_process(peer, words, colleague)
    )
    text = words + str(peer.text)
    await peer.until(lambda: str(peer.text) == text)
    return text


async def _saved_elsewhere(colleague, text: str, room: rooms.Room) -> store.Head:
    """The colleague's process saves `text` and stores the room's state, as a
    room saves, with the announcement held back (still on its way)."""
    text_saved.disconnect(announce_head)
    try:
        head = await database_sync_to_async(store.save_from_room)(
            DRAFT_PK[0], colleague.pk, text, room.head, ["ann"]
        )
        await database_sync_to_async(store.store_state)(
            DRAFT_PK[0], room.doc.get_update(), head, room.lineage
        )
    finally:
        text_saved.connect(announce_head)
    return head


async def _joined(peer: Client) -> rooms.Room:
    """The room, once the save its join scheduled (of nothing) is over."""
    room = rooms.open_rooms()[DRAFT_PK[0]]
    await peer.until(lambda: room.save_task is None or room.save_task.done())
    return room


def test_what_a_dead_process_left_unsaved_is_saved_by_a_surviving_room(
    draft, user, colleague
):

    async def scenario():
        me = Client(draft, user)
        assert await me.join()
        await _joined(me)
        # Ann's process passes her typing on, then dies before its save.
        await _layer().group_send(
            room_group(draft.pk), _typed_on_another_process(me, "Ann's. ", colleague)
        )
        await me.until(lambda: str(me.text) == "Ann's. " + SAMPLE_BODY)
        # I stay in the room and type nothing: my room saves Ann's text.
        await me.until(lambda: saved_is("Ann's. " + SAMPLE_BODY))
        await me.socket.disconnect()

    run(scenario)
    saved = Revision.objects.filter(draft=draft).order_by("number").last()
    assert saved is not None and "ann" in saved.message


def test_a_room_does_not_save_again_what_the_other_process_saves(
    draft, user, colleague, monkeypatch
):
    saves: list[int] = []
    real_save = store.save_from_room

    def counted(*args, **kwargs):
        saves.append(args[0])
        return real_save(*args, **kwargs)

    async def scenario():
        me = Client(draft, user)
        assert await me.join()
        room = await _joined(me)
        await _layer().group_send(
            room_group(draft.pk), _typed_on_another_process(me, "Ann's. ", colleague)
        )
        text = "Ann's. " + SAMPLE_BODY
        await me.until(lambda: str(me.text) == text)
        # Ann's process is alive: it saves, and announces the head (notify.py).
        await database_sync_to_async(real_save)(
            draft.pk, colleague.pk, text, room.head, ["ann"]
        )
        await me.until(lambda: room.saved_body == text)
        monkeypatch.setattr(store, "save_from_room", counted)
        await me.pump(rooms.BACKUP_DELAY * 2)
        await me.socket.disconnect()

    run(scenario)
    assert saves == []


def test_a_room_saving_after_another_process_saved_loses_none_of_either(
    draft, user, colleague
):
    """Both processes' writers type at one spot; the other process's save is
    committed but its announcement has not reached this room when it saves."""

    async def scenario():
        me = Client(draft, user)
        assert await me.join()
        room = await _joined(me)
        theirs = await _typed_by(me, "Ann's. ", colleague)
        # Ann's process saves its text; the announcement is still on its way.
        await _saved_elsewhere(colleague, theirs, room)
        await me.type(0, "Mine. ")  # at the same spot
        both = "Mine. Ann's. " + SAMPLE_BODY
        await me.until(lambda: saved_is(both))
        await me.pump(0.3)
        assert str(me.text) == both
        await me.socket.disconnect()

    run(scenario)


def test_a_room_saving_after_the_other_process_rewrote_its_autosave_loses_nothing(
    draft, user, colleague
):
    """The other process saves twice in a row: its second save rewrites its
    working autosave in place (same revision number, new text), committed but
    not yet announced when this room saves. The room must base its save on
    that text, not merge against it: both writers typed at one spot, and a
    conflicting merge took the room's own typing back out of the document."""

    async def scenario():
        me = Client(draft, user)
        assert await me.join()
        room = await _joined(me)
        first = await _typed_by(me, "Ann's. ", colleague)
        saved = await database_sync_to_async(store.save_from_room)(
            draft.pk, colleague.pk, first, room.head, ["ann"]
        )  # announced: the room takes it
        await me.until(lambda: room.head == saved)
        second = await _typed_by(me, "More. ", colleague)
        rewritten = await _saved_elsewhere(colleague, second, room)
        assert rewritten.number == saved.number  # the autosave, rewritten
        await me.type(0, "Mine. ")  # at the same spot
        both = "Mine. " + second
        await me.until(lambda: saved_is(both))
        await me.pump(0.3)
        assert str(me.text) == both
        await me.socket.disconnect()

    run(scenario)


def test_a_room_opened_while_another_process_saves_waits_for_its_state(draft, user):
    """A process opening the room between another's committed save and its
    stored state must not take that save in as an edit: merged with the other
    process's document, the saved words would be there twice."""
    import threading

    from django.core.cache import cache

    first = rooms._load(draft.pk)  # the state every process starts from
    theirs: Doc = Doc()
    theirs.apply_update(first.doc.get_update())
    theirs.get("body", type=Text).insert(0, "Typed. ")
    typed = "Typed. " + SAMPLE_BODY
    cache.add(rooms.saving_key(draft.pk), 1, rooms.SAVE_LOCK_SECONDS)
    head = store.save_from_room(draft.pk, user.pk, typed, first.head, [user.username])

    def state_stored_a_moment_later():
        threading.Event().wait(0.3)
        store.store_state(draft.pk, theirs.get_update(), head, first.lineage)
        cache.delete(rooms.saving_key(draft.pk))

    storing = threading.Thread(target=state_stored_a_moment_later)
    storing.start()
    opened = rooms._load(draft.pk)
    storing.join()
    opened.doc.apply_update(theirs.get_update())  # the other process's typing
    assert opened.body == typed
    assert opened.head == head
