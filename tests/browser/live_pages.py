"""What the live-room browser tests share: one real ASGI server, a login on it,
a writer's editor page, putting its caret after some words, and reading its
text as other writers' typing arrives."""

import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from playwright.sync_api import expect

from tests.browser.asgi_servers import start_server
from tests.factories import PASSWORD

WAIT = 15_000


@pytest.fixture(name="server")
def asgi_server(fresh_static_files):
    """One daphne process on the test database."""
    started = start_server()
    yield started
    started.stop()
    print(f"\n--- {started.log}\n{started.log.read_text()[-3000:]}")
    started.log.unlink()


def log_in(page, server, user) -> None:
    # The server processes run the production hashers, not the tests' MD5.
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{server.url}/")


def caret_after(page, words):
    page.evaluate(
        """words => {
            const at = window.postwrightSurface.value.indexOf(words) + words.length;
            window.postwrightSurface.select(at, at);
        }""",
        words,
    )


def writer(browser, server, user, draft):
    """A writer's editor on `server`, once its room is live."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, server, user)
    page.goto(f"{server.url}{draft.get_absolute_url()}")
    expect(page.locator("#save-status")).to_contain_text("Live", timeout=WAIT)
    return page


def text_of(page) -> str:
    return page.locator("#editor-body").input_value()


def seen_after(page, token) -> float:
    """Seconds until `token` shows in the page's text."""
    start = time.monotonic()
    page.wait_for_function(
        "token => document.getElementById('editor-body').value.includes(token)",
        arg=token,
        timeout=WAIT,
        polling=10,
    )
    return time.monotonic() - start
