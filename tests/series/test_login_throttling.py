"""Password guessing is bounded per account, whatever the addresses; its owner is never locked out of a browser they use."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from series.throttling import DEVICE_COOKIE
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
WRONG = "not-the-password"


def _login(client: Client, username: str, password: str, **meta) -> int:
    url = reverse("login")
    return client.post(
        url, {"username": username, "password": password}, **meta
    ).status_code


def _checked(user) -> int:
    """Wrong passwords checked for the account (axes records each one)."""
    attempts = AccessAttempt.objects.filter(username=user.username)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def test_many_addresses_together_get_a_bounded_number_of_guesses(user):
    limit = django_settings.LOGIN_FAILURES_PER_ACCOUNT
    statuses = [
        _login(Client(), user.username, WRONG, REMOTE_ADDR=f"198.51.100.{n // 4 + 1}")
        for n in range(limit + 10)  # a new address every four guesses
    ]
    # The limit-th wrong password locks; after it no password is checked at all.
    assert statuses == [200] * (limit - 1) + [429] * 11
    assert _checked(user) == limit
    # From yet another address, even the right password is not tried any more.
    assert _login(Client(), user.username, PASSWORD, REMOTE_ADDR="192.0.2.1") == 429


def test_guesses_during_a_lockout_neither_count_nor_extend_it(user):
    for _ in range(django_settings.LOGIN_FAILURES_PER_ACCOUNT):
        _login(Client(), user.username, WRONG)
    before = list(
        AccessAttempt.objects.values_list("failures_since_start", "attempt_time")
    )
    for _ in range(5):
        assert _login(Client(), user.username, WRONG) == 429
    after = list(
        AccessAttempt.objects.values_list("failures_since_start", "attempt_time")
    )
    assert (
        after == before
    )  # the lockout still ends 15 minutes after the last counted miss


def test_the_lockout_ends_after_the_cool_off(user):
    for _ in range(django_settings.LOGIN_FAILURES_PER_ACCOUNT):
        _login(Client(), user.username, WRONG)
    assert _login(Client(), user.username, PASSWORD) == 429
    past = AccessAttempt.objects.get().attempt_time - django_settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=past)
    assert _login(Client(), user.username, PASSWORD) == 302


def test_an_attacker_cannot_lock_the_owner_out_of_a_browser_they_use(user):
    owner = Client()
    assert _login(owner, user.username, PASSWORD, REMOTE_ADDR="192.0.2.10") == 302
    assert owner.cookies[DEVICE_COOKIE].value
    owner.post(reverse("logout"))
    for _ in range(django_settings.LOGIN_FAILURES_PER_ACCOUNT + 5):
        _login(Client(), user.username, WRONG, REMOTE_ADDR="203.0.113.66")
    assert _login(Client(), user.username, PASSWORD, REMOTE_ADDR="192.0.2.10") == 429
    # The owner's own browser still logs in (its failures are its own).
    assert _login(owner, user.username, PASSWORD, REMOTE_ADDR="192.0.2.10") == 302


def test_a_known_device_is_limited_by_its_own_failures(user):
    owner = Client()
    _login(owner, user.username, PASSWORD)
    owner.post(reverse("logout"))
    for _ in range(django_settings.LOGIN_FAILURES_PER_DEVICE - 1):
        assert _login(owner, user.username, WRONG) == 200
    assert _login(owner, user.username, WRONG) == 429
    assert _login(owner, user.username, PASSWORD) == 429


def test_a_device_cookie_for_another_account_does_not_help(user, stranger):
    attacker = Client()
    _login(attacker, stranger.username, PASSWORD)  # the attacker's own account
    attacker.post(reverse("logout"))
    for _ in range(django_settings.LOGIN_FAILURES_PER_ACCOUNT + 5):
        _login(attacker, user.username, WRONG)
    assert _checked(user) == django_settings.LOGIN_FAILURES_PER_ACCOUNT


@pytest.fixture
def behind_one_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False
    return "10.0.0.2"  # the proxy: every request comes from it


def test_behind_a_proxy_the_client_address_is_recorded_not_the_proxy(
    user, behind_one_proxy
):
    _login(
        Client(),
        user.username,
        WRONG,
        REMOTE_ADDR=behind_one_proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    # A client that writes the header itself does not choose its address.
    _login(
        Client(),
        user.username,
        WRONG,
        REMOTE_ADDR=behind_one_proxy,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.8",
    )
    recorded = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert recorded == {"198.51.100.7", "198.51.100.8"}


def _settings_with(env: dict) -> str:
    code = (
        "import config.settings as s; "
        "print(s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_IPWARE_PROXY_COUNT, "
        "s.SECURE_PROXY_SSL_HEADER)"
    )
    environ = {
        k: v for k, v in os.environ.items() if k not in {"BEHIND_PROXY", "PROXY_COUNT"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_behind_proxy_setting_reads_the_forwarded_address():
    assert _settings_with({}) == "('REMOTE_ADDR',) None None"
    assert _settings_with({"BEHIND_PROXY": "1"}) == (
        "('HTTP_X_FORWARDED_FOR',) 0 ('HTTP_X_FORWARDED_PROTO', 'https')"
    )
    assert _settings_with({"BEHIND_PROXY": "1", "PROXY_COUNT": "2"}).startswith(
        "('HTTP_X_FORWARDED_FOR',) 1 "
    )
