"""Every URL, as a stranger and as nobody: others' objects answer 404, anonymous users log in.

A new URL must be added to URL_ARGS, or test_every_url_is_covered fails.
"""

import pytest
from django.urls import get_resolver, reverse

from tests.factories import make_draft

PUBLIC = {"login", "signup", "logout"}  # open to anonymous users by design
ADMIN_AND_STATIC = {"admin", "djdt"}


def _url_names() -> set[str]:
    names = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if p.namespace in ADMIN_AND_STATIC or p.app_name == "admin":
                    continue
                walk(
                    p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix
                )
            elif p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    return names


# name -> (method, function of the owner's objects giving the URL args)
URL_ARGS = {
    "series:dashboard": ("get", lambda o: []),
    "series:create": ("get", lambda o: []),
    "series:trash": ("get", lambda o: []),
    "series:detail": ("get", lambda o: [o["series"].slug]),
    "series:edit": ("post", lambda o: [o["series"].slug]),
    "series:delete": ("post", lambda o: [o["series"].slug]),
    "series:part_create": ("post", lambda o: [o["series"].slug]),
    "series:voice": ("post", lambda o: [o["series"].slug]),
    "series:consistency": ("get", lambda o: [o["series"].slug]),
    "series:part": ("get", lambda o: [o["part"].pk]),
    "series:part_edit": ("post", lambda o: [o["part"].pk]),
    "series:part_delete": ("post", lambda o: [o["part"].pk]),
    "series:trash_restore": ("post", lambda o: ["draft", o["trashed"].pk]),
    "posts:draft_create": ("post", lambda o: [o["part"].pk]),
    "posts:import": ("post", lambda o: [o["series"].slug]),
    "posts:draft": ("get", lambda o: [o["draft"].pk]),
    "posts:preview": ("post", lambda o: [o["draft"].pk]),
    "posts:save": ("post", lambda o: [o["draft"].pk]),
    "posts:history": ("get", lambda o: [o["draft"].pk]),
    "posts:history_diff": ("get", lambda o: [o["draft"].pk]),
    "posts:revision": ("get", lambda o: [o["draft"].pk, o["revision"].number]),
    "posts:revision_restore": ("post", lambda o: [o["draft"].pk, o["revision"].number]),
    "posts:compare": ("get", lambda o: [o["draft"].pk, 1, o["draft"].pk, 1]),
    "posts:compare_take": ("post", lambda o: [o["draft"].pk, 1, o["draft"].pk, 1]),
    "posts:compare_pick": ("get", lambda o: []),  # ids in the query: test_compare.py
    "posts:compose": ("post", lambda o: [o["part"].pk]),
    "posts:draft_choose": ("post", lambda o: [o["draft"].pk]),
    "posts:draft_delete": ("post", lambda o: [o["draft"].pk]),
    "password_change": ("get", lambda o: []),
    "password_change_done": ("get", lambda o: []),
}
OWN_LISTS = {
    "series:dashboard",
    "series:create",
    "series:trash",
    "posts:compare_pick",
    "password_change",
    "password_change_done",
}


@pytest.fixture
def owned(series, part, draft, user):
    trashed = make_draft(part)
    trashed.move_to_trash(user)
    return {
        "series": series,
        "part": part,
        "draft": draft,
        "trashed": trashed,
        "revision": draft.head,
    }


def test_every_url_is_covered():
    missing = _url_names() - set(URL_ARGS) - PUBLIC
    assert not missing, f"add these URLs to URL_ARGS in {__file__}: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(set(URL_ARGS) - OWN_LISTS))
def test_stranger_gets_404_for_others_objects(stranger_client, owned, name):
    method, args = URL_ARGS[name]
    url = reverse(name, args=args(owned))
    response = getattr(stranger_client, method)(url)
    assert response.status_code == 404, url


@pytest.mark.parametrize("name", sorted(URL_ARGS))
def test_anonymous_user_is_sent_to_login(client, owned, name):
    method, args = URL_ARGS[name]
    url = reverse(name, args=args(owned))
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
