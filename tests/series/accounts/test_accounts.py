"""Accounts: log in, log out, change password, and guessing is throttled."""

from django.urls import reverse

from tests.factories import PASSWORD


def test_login_logout_and_password_change(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "posts:dashboard"
    )
    new = "another-long-pass-2026"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    assert client.post(reverse("password_change"), data).status_code == 302
    client.post(reverse("logout"))
    assert client.get(reverse("posts:dashboard")).status_code == 302
    assert (
        client.post(
            reverse("login"), {"username": user.username, "password": new}
        ).status_code
        == 302
    )


def test_repeated_failed_logins_lock_that_account(client, user, stranger, settings):
    wrong = {"username": user.username, "password": "not-it"}
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT - 1):
        assert client.post(reverse("login"), wrong).status_code == 200
    # The last allowed miss locks (the per-account pool: tests/series/test_login_throttling.py).
    assert client.post(reverse("login"), wrong).status_code == 429
    locked = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    # Another account from the same address is not punished for it.
    other = client.post(
        reverse("login"), {"username": stranger.username, "password": PASSWORD}
    )
    assert other.status_code == 302


def test_every_page_but_the_account_pages_needs_a_login(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("signup")).status_code == 200
    assert client.get(reverse("posts:dashboard"))["Location"].startswith(
        reverse("login")
    )
