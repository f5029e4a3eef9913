"""Reviewers and share-link guests watch the writers in a draft's live room, in
real Chromium through a real ASGI server: they see the typing and the cursors,
the writers see them, and nothing they do changes the text."""

import time

import pytest
from playwright.sync_api import expect
from pycrdt import (
    Doc,
    Text,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)

from posts.models import Draft, ShareLink
from series.tokens import new_token
from tests.browser.live_pages import WAIT, asgi_server, caret_after, log_in
from tests.factories import (
    MembershipFactory,
    UserFactory,
    anchored_comment,
    make_draft,
)

pytestmark = pytest.mark.django_db(transaction=True)
TEXT = "The first paragraph opens the post.\n\nThe second paragraph is nearly the end."
__all__ = ["asgi_server"]  # the `server` fixture


def _page(browser, width=1366):
    return browser.new_context(viewport={"width": width, "height": 900}).new_page()


def _writer(browser, server, user, draft):
    page = _page(browser)
    log_in(page, server, user)
    page.goto(f"{server.url}{draft.get_absolute_url()}")
    expect(page.locator("#save-status")).to_contain_text("Live", timeout=WAIT)
    return page


def _reviewer(browser, server, user, draft, width=1366):
    page = _page(browser, width)
    log_in(page, server, user)
    page.goto(f"{server.url}/review/drafts/{draft.pk}/")
    expect(page.locator("#live-view")).to_be_visible(timeout=WAIT)
    return page


def _share_link(draft) -> str:
    token, digest = new_token()
    ShareLink.objects.create(
        series=draft.part.series,
        draft=draft,
        token_hash=digest,
        created_by=draft.part.series.owner,
    )
    return token


def _guest(browser, server, draft, token):
    page = _page(browser)
    page.goto(f"{server.url}/s/{token}/drafts/{draft.pk}/")
    expect(page.locator("#live-view")).to_be_visible(timeout=WAIT)
    return page


def _live_text(page) -> str:
    return page.locator("#live-view .cm-content").inner_text()


def test_a_reviewer_sees_the_typing_and_the_cursor_and_cannot_change_the_text(
    browser, server, part
):
    owner = part.series.owner
    reviewer = UserFactory.create(username="rita")
    MembershipFactory(series=part.series, user=reviewer, role="reviewer")
    draft = make_draft(part, TEXT)
    anchored_comment(draft, "nearly the end", body="Close it well.")
    writer = _writer(browser, server, owner, draft)
    watcher = _reviewer(browser, server, reviewer, draft)
    expect(watcher.locator("#live-view .cm-content")).to_contain_text("opens the post")
    expect(watcher.locator("#live-view-people")).to_contain_text(
        f"{owner.username} · writing"
    )
    expect(writer.locator("#live-people")).to_contain_text("rita · reading")

    caret_after(writer, "opens the post")
    writer.keyboard.type(" while rita watches")
    start = time.monotonic()
    watcher.wait_for_function(
        "() => document.querySelector('#live-view .cm-content').innerText.includes('rita watches')",
        timeout=WAIT,
        polling=10,
    )
    print(f"\nreviewer saw the typing after {(time.monotonic() - start) * 1000:.0f} ms")
    expect(watcher.locator("#live-view .cm-ySelectionInfo")).to_have_text(
        owner.username
    )

    # The reviewer's keys change nothing, here or for the writer; their cursor shows.
    watcher.locator("#live-view .cm-content").click()
    watcher.keyboard.press("End")
    watcher.keyboard.type("Vandal")
    watcher.keyboard.press("Backspace")
    expect(writer.locator("#editor-body ~ .cm-editor .cm-ySelectionInfo")).to_have_text(
        "rita", timeout=WAIT
    )
    assert "Vandal" not in _live_text(watcher)
    assert "rita watches" in _live_text(watcher)

    # The room saves; the rendered text (where comments sit) follows on request.
    expect(writer.locator("#save-status")).to_have_text("Live · saved", timeout=WAIT)
    changed = watcher.locator("#review-changed")
    expect(changed).to_contain_text("1 new edit", timeout=WAIT)
    expect(watcher.locator("#review-text")).not_to_contain_text("rita watches")
    watcher.locator("#new-comment textarea").fill("Half a thought")
    changed.get_by_role("button", name="Show the new text").click()
    expect(watcher.locator("#review-text")).to_contain_text("while rita watches")
    expect(changed).to_be_hidden()
    expect(watcher.locator("mark.anchor")).to_have_text("nearly the end")
    expect(watcher.locator("#new-comment textarea")).to_have_value("Half a thought")

    current = Draft.objects.get(pk=draft.pk)
    assert current.body == TEXT.replace(
        "opens the post", "opens the post while rita watches"
    )
    assert writer.locator("#editor-body").input_value() == current.body
    for page in (writer, watcher):
        page.context.close()


# The page opens a socket of its own to the room, sends the forged messages, then
# asks for the room's whole document (sync step 1 from an empty state), and
# returns what the room answered: by then the forged ones were handled.
SEND_BY_HAND = """async ({ path, messages }) => {
    const socket = new WebSocket(`ws://${location.host}${path}`);
    socket.binaryType = "arraybuffer";
    const answers = [];
    await new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = reject;
    });
    const done = new Promise((resolve) => {
        socket.onmessage = (event) => {
            const bytes = Array.from(new Uint8Array(event.data));
            answers.push(bytes);
            if (answers.filter((b) => b[0] === 0 && b[1] === 1).length) resolve();
        };
        socket.onclose = resolve;
    });
    for (const message of messages) socket.send(new Uint8Array(message));
    await done;
    socket.close();
    return answers;
}"""


def _forged_messages() -> list[list[int]]:
    forged: Doc = Doc()
    forged.get("body", type=Text).insert(0, "Forged by hand. ")
    update = forged.get_update()
    step2 = bytes([0, 1]) + create_update_message(update)[2:]
    ask = create_sync_message(Doc())  # step 1 from nothing: "send me everything"
    return [list(create_update_message(update)), list(step2), list(ask)]


def _room_text(answers: list[list[int]]) -> str:
    """The text of the room's document, as its sync answers give it."""
    doc: Doc = Doc()
    text = doc.get("body", type=Text)
    for answer in answers:
        if answer[0] == 0:
            handle_sync_message(bytes(answer[1:]), doc)
    return str(text)


@pytest.mark.parametrize("who", ["reviewer", "guest"])
def test_a_yjs_update_sent_by_hand_from_a_read_only_page_changes_nothing(
    browser, server, part, who
):
    owner = part.series.owner
    draft = make_draft(part, TEXT)
    writer = _writer(browser, server, owner, draft)
    if who == "guest":
        token = _share_link(draft)
        watcher = _guest(browser, server, draft, token)
        path = f"/live/drafts/{draft.pk}?share={token}"
    else:
        reviewer = UserFactory.create(username="rita")
        MembershipFactory(series=part.series, user=reviewer, role="reviewer")
        watcher = _reviewer(browser, server, reviewer, draft)
        path = f"/live/drafts/{draft.pk}"

    answers = watcher.evaluate(
        SEND_BY_HAND, {"path": path, "messages": _forged_messages()}
    )
    assert _room_text(answers) == TEXT
    # The writer types after it: only the writer's words reach the head.
    caret_after(writer, "nearly the end.")
    writer.keyboard.type(" Done.")
    expect(writer.locator("#save-status")).to_have_text("Live · saved", timeout=WAIT)
    expect(watcher.locator("#live-view .cm-content")).to_contain_text("end. Done.")
    assert "Forged" not in _live_text(watcher)
    assert "Forged" not in writer.locator("#editor-body").input_value()
    current = Draft.objects.get(pk=draft.pk)
    assert current.body == TEXT + " Done."
    assert "Forged" not in " ".join(current.revisions.values_list("body", flat=True))
    for page in (writer, watcher):
        page.context.close()
