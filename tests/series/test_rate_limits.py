"""Sign-ups and guest comments/suggestions are rate-limited per client address."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from posts.models import Comment, ShareLink
from series.tokens import new_token


@pytest.fixture
def tight(settings):
    settings.RATE_LIMITS = {"signup": (2, 3600), "guest-post": (2, 600)}


def _signup(client: Client, name: str, address: str = "198.51.100.1") -> int:
    password = "a-long-enough-pass-2026"
    data = {"username": name, "password1": password, "password2": password}
    return client.post(reverse("signup"), data, REMOTE_ADDR=address).status_code


def test_sign_ups_from_one_address_are_limited(tight, db):
    assert _signup(Client(), "ann") == 302
    assert _signup(Client(), "bob") == 302
    refused = Client().post(
        reverse("signup"),
        {"username": "cat", "password1": "x", "password2": "x"},
        REMOTE_ADDR="198.51.100.1",
    )
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Try again in" in refused.text
    assert "password" not in refused.text.split("<main", 1)[1].lower()  # never echoed
    assert _signup(Client(), "dan", address="198.51.100.2") == 302  # another address
    assert Client().get(reverse("signup")).status_code == 200  # the form still opens


@pytest.fixture
def guest_url(series, draft, user):
    token, digest = new_token()
    ShareLink.objects.create(
        series=series, draft=draft, token_hash=digest, created_by=user
    )
    return reverse("posts:shared_comment_create", args=[token, draft.pk])


def test_guest_comments_are_limited_and_the_refused_text_is_given_back(
    tight, guest_url
):
    guest = Client()
    for n in range(2):
        data = {"body": f"Comment {n}", "guest_name": "Pat"}
        assert guest.post(guest_url, data).status_code == 302
    typed = "A long thought <script>alert(1)</script> I do not want to lose."
    refused = guest.post(guest_url, {"body": typed, "guest_name": "Pat"})
    assert refused.status_code == 429
    assert "A long thought &lt;script&gt;alert(1)&lt;/script&gt;" in refused.text
    assert Comment.objects.count() == 2


def test_a_refused_htmx_post_shows_the_message_and_keeps_the_form(tight, guest_url):
    guest = Client()
    for n in range(2):
        guest.post(guest_url, {"body": f"Comment {n}", "guest_name": "Pat"})
    refused = guest.post(
        guest_url,
        {"body": "Third", "guest_name": "Pat"},
        headers={"HX-Request": "true"},
    )
    # 200 so that htmx swaps it; into #messages, so the form and its text stay.
    assert refused.status_code == 200
    assert refused["HX-Retarget"] == "#messages"
    assert "Try again in" in refused.text and "<html" not in refused.text


def test_guest_suggestions_count_against_the_same_limit(tight, series, draft, user):
    token, digest = new_token()
    ShareLink.objects.create(
        series=series, draft=draft, token_hash=digest, created_by=user
    )
    guest = Client()
    suggest = reverse("posts:shared_suggest", args=[token, draft.pk])
    data = {
        "body": draft.body + "\n\nP.S.",
        "base": draft.head.number,
        "guest_name": "Pat",
    }
    for _ in range(2):
        guest.post(suggest, data)
    assert guest.get(suggest).status_code == 200  # reading the form is not limited
    refused = guest.post(suggest, data)
    assert refused.status_code == 429 and "P.S." in refused.text


# A second server process, as a deployment on several machines has: it counts sign-ups
# from one address on the same Redis, so this process refuses the next one.
OTHER_PROCESS = """
import django
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from series.throttling import rate_limited

view = rate_limited("signup")(lambda request: HttpResponse("ok"))
codes = [view(RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")).status_code for _ in range(2)]
assert codes == [200, 200], codes
"""


def test_server_processes_on_one_redis_share_the_counters(tight, db, settings):
    cache = settings.CACHES["default"]
    if not cache["BACKEND"].endswith("RedisCache"):
        pytest.skip("needs REDIS_URL (CI runs the suite with Redis)")
    env = {
        **os.environ,
        "REDIS_URL": cache["LOCATION"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DATABASE_URL", None)  # the other process needs the cache, not our database
    other = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert other.returncode == 0, other.stderr
    # two sign-ups counted there; with a limit of 2 the first one here is refused
    refused = Client().post(
        reverse("signup"),
        {"username": "eve", "password1": "x", "password2": "x"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert refused.status_code == 429
