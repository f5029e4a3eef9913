"""What the live-room browser tests share: one real ASGI server, a login on it,
and putting a writer's caret after some words."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

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
