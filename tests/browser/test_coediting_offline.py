"""A writer's live document kept in the browser (IndexedDB): a tab closed while
offline keeps its typing, and the next open sends it to the room, merged with
whatever happened there meanwhile. Real Chromium, real ASGI server."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from posts.editor.saving import restore
from posts.live.store import state_key
from posts.models import Draft, Revision
from tests.browser.asgi_servers import restart_server
from tests.browser.live_pages import WAIT, asgi_server, caret_after, log_in
from tests.factories import make_draft

pytestmark = pytest.mark.django_db(transaction=True)
TEXT = "The first paragraph opens the post.\n\nThe second paragraph is nearly the end."
__all__ = ["asgi_server"]  # the `server` fixture


class Network:
    """The context's network, with the room's WebSocket cut at will: a closed
    socket, and every new one refused, as when the connection drops."""

    def __init__(self, context):
        self.context = context
        self.down = False
        self.sockets: list = []
        context.route_web_socket(re.compile(r"/live/drafts/"), self._route)

    def _route(self, socket) -> None:
        if self.down:
            socket.close()
            return
        socket.connect_to_server()
        self.sockets.append(socket)

    def cut(self) -> None:
        self.down = True
        self.context.set_offline(True)
        for socket in self.sockets:
            socket.close()
        self.sockets.clear()

    def restore(self) -> None:
        self.down = False
        self.context.set_offline(False)


def _editor(context, server, draft):
    page = context.new_page()
    page.goto(f"{server.url}{draft.get_absolute_url()}")
    return page


def _type_offline(context, server, draft, words: str, live_first: str = "") -> Network:
    """Open the editor (type `live_first` after "opens the post" and let the room
    save it), go offline, type `words` at the end and close the tab once
    IndexedDB holds them."""
    network = Network(context)
    page = _editor(context, server, draft)
    expect(page.locator("#save-status")).to_have_text("Live", timeout=WAIT)
    if live_first:
        caret_after(page, "opens the post")
        page.keyboard.type(live_first)
        expect(page.locator("#save-status")).to_have_text("Live · saved", timeout=WAIT)
    network.cut()
    expect(page.locator("#save-status")).to_contain_text("reconnecting", timeout=WAIT)
    caret_after(page, "nearly the end.")
    page.keyboard.type(words)
    page.wait_for_function(
        """async (words) => {
            const kept = await window.postwrightSurface.live.keptText();
            return kept && kept.includes(words);
        }""",
        arg=words.strip(),
        timeout=WAIT,
        polling=100,
    )
    page.close()
    return network


def test_a_tab_closed_offline_sends_its_typing_on_the_next_open(browser, server, part):
    owner = part.series.owner
    draft = make_draft(part, TEXT)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    log_in(context.new_page(), server, owner)
    network = _type_offline(context, server, draft, " Typed offline.")
    assert Draft.objects.get(pk=draft.pk).body == TEXT  # it never left the browser

    network.restore()
    page = _editor(context, server, draft)
    expect(page.locator("#editor-body")).to_have_value(
        TEXT + " Typed offline.", timeout=WAIT
    )
    expect(page.locator("#save-status")).to_have_text("Live · saved", timeout=WAIT)
    expect(page.locator("#live-note")).to_contain_text("merged in")
    # Sent once, and offered back by no one.
    expect(page.locator("#restore-offer")).to_be_hidden()
    assert Draft.objects.get(pk=draft.pk).body == TEXT + " Typed offline."
    page.reload()
    expect(page.locator("#save-status")).to_have_text("Live", timeout=WAIT)
    expect(page.locator("#editor-body")).to_have_value(TEXT + " Typed offline.")
    expect(page.locator("#restore-offer")).to_be_hidden()
    context.close()


def test_typing_kept_offline_joins_a_restore_made_meanwhile(browser, server, part):
    """The draft was restored while the tab was offline: the kept document merges
    with the restored text; the words the restore took out do not come back."""
    owner = part.series.owner
    draft = make_draft(part, TEXT)
    first = Revision.objects.get(draft=draft, number=1)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    log_in(context.new_page(), server, owner)
    network = _type_offline(
        context, server, draft, " Typed offline.", live_first=" Gone soon"
    )
    saved = Draft.objects.get(pk=draft.pk)
    assert saved.body == TEXT.replace("the post", "the post Gone soon")
    restore(saved, first, owner)

    network.restore()
    page = _editor(context, server, draft)
    merged = TEXT + " Typed offline."
    expect(page.locator("#editor-body")).to_have_value(merged, timeout=WAIT)
    expect(page.locator("#save-status")).to_have_text("Live · saved", timeout=WAIT)
    assert Draft.objects.get(pk=draft.pk).body == merged
    expect(page.locator("#restore-offer")).to_be_hidden()
    context.close()


def test_typing_kept_for_a_room_whose_history_is_gone_is_offered_back_once(
    browser, server, part
):
    """The server lost the room's Yjs history (restarted without Redis): the kept
    document cannot merge (it would double the text). Its typing is offered back
    like an unsent copy, once, and the editor joins the room as it is now."""
    owner = part.series.owner
    draft = make_draft(part, TEXT)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    log_in(context.new_page(), server, owner)
    network = _type_offline(context, server, draft, " Typed offline.")
    again = restart_server(server)
    cache.delete(state_key(draft.pk))  # with Redis, the history outlives the process
    try:
        network.restore()
        page = _editor(context, again, draft)
        expect(page.locator("#save-status")).to_have_text("Live", timeout=WAIT)
        expect(page.locator("#editor-body")).to_have_value(TEXT)
        offer = page.locator("#restore-offer")
        expect(offer.locator(".restore-item")).to_have_count(1)
        expect(offer).to_contain_text("Typed offline.")
        offer.get_by_role("button", name="Restore").click()
        expect(page.locator("#editor-body")).to_have_value(TEXT + " Typed offline.")
        expect(page.locator("#save-status")).to_have_text("Live · saved", timeout=WAIT)
        assert Draft.objects.get(pk=draft.pk).body == TEXT + " Typed offline."
        page.reload()
        expect(page.locator("#save-status")).to_have_text("Live", timeout=WAIT)
        expect(page.locator("#editor-body")).to_have_value(TEXT + " Typed offline.")
        expect(page.locator("#restore-offer")).to_be_hidden()
    finally:
        context.close()
        again.stop()
        again.log.unlink()
