"""kill -9 of a server process in the middle of two writers' typing (issue #18).

Two daphne processes share Redis; each writer reaches them through a proxy of
its own (tests/browser/proxy.py) that prefers one process and falls over to the
other, as a load balancer does. The process under one writer is killed: that
writer's editor says it is reconnecting, its socket comes back through the
proxy to the surviving process, and nothing either of them typed is lost, not
even what the dead process had not saved yet.
"""

import time

import pytest
from playwright.sync_api import expect

from posts.models import Draft, Revision
from tests.browser.asgi_servers import redis_url, start_server
from tests.browser.live_pages import WAIT, caret_after, seen_after, text_of, writer
from tests.browser.proxy import Proxy
from tests.browser.test_coediting import TEXT
from tests.factories import MembershipFactory, UserFactory, make_draft

pytestmark = pytest.mark.django_db(transaction=True)

RECONNECT_MS = 5_000  # a prompt reconnect: y-websocket retries after 200 ms


@pytest.fixture
def failover(fresh_static_files):
    if not redis_url():
        pytest.skip("two server processes share a room only through Redis (REDIS_URL)")
    first = start_server()
    second = start_server(first.port + 1)
    proxies = (Proxy([first.port, second.port]), Proxy([second.port, first.port]))
    yield (first, second), proxies
    for proxy in proxies:
        proxy.stop()
    for server in (first, second):
        server.stop()
        print(f"\n--- {server.log}\n{server.log.read_text()[-3000:]}")
        server.log.unlink()


WATCH_STATUS = """() => {
    window.statuses = [];
    const status = document.getElementById("save-status");
    const note = () => window.statuses.push([Date.now(), status.textContent.trim()]);
    new MutationObserver(note).observe(status, {childList: true, characterData: true, subtree: true});
    note();
}"""


def test_kill_9_of_one_writers_process_loses_nothing_either_typed(
    browser, failover, part
):
    (first, second), (to_first, to_second) = failover
    owner = part.series.owner
    colleague = UserFactory.create(username="erin")
    MembershipFactory(series=part.series, user=colleague, role="editor")
    draft = make_draft(part, TEXT)
    a = writer(browser, to_first, owner, draft)
    b = writer(browser, to_second, colleague, draft)
    room = f"/live/drafts/{draft.pk}"
    assert to_first.live_backends(room) == [first.port]
    assert to_second.live_backends(room) == [second.port]
    for page in (a, b):
        caret_after(page, "opens the post")
        page.evaluate(WATCH_STATUS)

    typed: list[str] = []

    def type_in(page, token: str) -> None:
        page.keyboard.type(f" {token}")
        typed.append(token)

    for turn in range(6):
        type_in(a, f"a{turn:02d}")
        type_in(b, f"e{turn:02d}")
        seen_after(a, f"e{turn:02d}")
    # Mid-typing, with keystrokes the dead process has not saved (its debounce
    # is 2 s) or perhaps not even passed on.
    type_in(a, "alast")
    first.kill()
    for turn in range(3):  # both go on: a's typing waits in its Yjs document
        type_in(a, f"aoff{turn}")
        type_in(b, f"eoff{turn}")

    # a's editor says so, and its socket comes back through its proxy, to the survivor.
    a.wait_for_function(
        "() => window.statuses.some(([, text]) => text.includes('reconnecting'))",
        timeout=RECONNECT_MS,
    )
    expect(a.locator("#save-status")).not_to_contain_text(
        "reconnecting", timeout=RECONNECT_MS
    )
    deadline = time.monotonic() + RECONNECT_MS / 1000
    while to_first.live_backends(room) != [second.port]:
        assert time.monotonic() < deadline, to_first.connections
        time.sleep(0.05)
    said = [text for _, text in a.evaluate("window.statuses")]
    lost = next(i for i, text in enumerate(said) if "reconnecting" in text)
    assert any(
        text.startswith("Live") and "reconnecting" not in text for text in said[lost:]
    ), said
    assert not any("reconnecting" in text for _, text in b.evaluate("window.statuses"))

    for turn in range(4):  # and on, now in one process
        type_in(a, f"aback{turn}")
        type_in(b, f"eback{turn}")
        seen_after(a, f"eback{turn}")
        seen_after(b, f"aback{turn}")

    expect(a.locator("#editor-body")).to_have_value(text_of(b), timeout=WAIT)
    final = text_of(a)
    assert final == text_of(b)
    for token in typed:
        assert final.count(f" {token}") == 1, (token, final)
    assert final.startswith("The first paragraph opens the post")
    assert final.endswith("nearly the end.")
    assert "\n\n" not in final.split("opens the post")[1].split("The second")[0].strip()

    # The surviving process saves it all: the head revision is that text.
    for page in (a, b):
        expect(page.locator("#save-status")).to_have_text(
            "Live · saved", timeout=30_000
        )
    assert Draft.objects.get(pk=draft.pk).body == final
    messages = " ".join(
        Revision.objects.filter(draft=draft).values_list("message", flat=True)
    )
    assert owner.username in messages and "erin" in messages

    times = a.evaluate("window.statuses")
    back = next(
        t
        for t, text in times[lost:]
        if text.startswith("Live") and "reconnecting" not in text
    )
    print(
        f"\nreconnected through the proxy {back - times[lost][0]} ms after the kill was seen"
    )
    for page in (a, b):
        page.context.close()
