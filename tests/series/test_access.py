"""Every URL, as a stranger and as nobody: others' objects answer 404, anonymous users log in.

A new URL must be added to URL_ARGS, or test_every_url_is_covered fails; a new
API operation to API_OPERATIONS, or test_every_api_operation_is_covered fails.
"""

import pytest
from django.urls import get_resolver, reverse

from posts.api.models import AccessToken
from posts.models import CalendarFeed
from tests.api.conftest import bearer, token_for
from tests.factories import MembershipFactory, make_draft

PUBLIC = {"login", "signup", "logout"}  # open to anonymous users by design
# The API's URLs are swept by operation (API_OPERATIONS, below), not by URL name.
ADMIN_AND_STATIC = {"admin", "djdt", "api"}


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
    "posts:dashboard": ("get", lambda o: []),
    "posts:series_create": ("get", lambda o: []),
    "posts:trash": ("get", lambda o: []),
    "posts:series": ("get", lambda o: [o["series"].slug]),
    "posts:series_edit": ("post", lambda o: [o["series"].slug]),
    "posts:series_delete": ("post", lambda o: [o["series"].slug]),
    "posts:part_create": ("post", lambda o: [o["series"].slug]),
    "posts:voice": ("post", lambda o: [o["series"].slug]),
    "posts:consistency": ("get", lambda o: [o["series"].slug]),
    "posts:part": ("get", lambda o: [o["part"].pk]),
    "posts:part_edit": ("post", lambda o: [o["part"].pk]),
    "posts:part_delete": ("post", lambda o: [o["part"].pk]),
    "posts:trash_restore": ("post", lambda o: ["draft", o["trashed"].pk]),
    "posts:publish": ("get", lambda o: [o["series"].slug]),
    "posts:export": ("get", lambda o: [o["series"].slug]),
    "posts:publish_choose": ("post", lambda o: [o["part"].pk]),
    "posts:publish_mark": ("post", lambda o: [o["part"].pk]),
    "posts:publish_undo": ("post", lambda o: [o["part"].pk]),
    "posts:export_part": ("get", lambda o: [o["part"].pk]),
    "posts:draft_create": ("post", lambda o: [o["part"].pk]),
    "posts:import": ("post", lambda o: [o["series"].slug]),
    "posts:draft": ("get", lambda o: [o["draft"].pk]),
    "posts:voice_tick": ("post", lambda o: [o["draft"].pk]),
    "posts:apply_fix": ("post", lambda o: [o["draft"].pk]),
    "posts:preview": ("post", lambda o: [o["draft"].pk]),
    "posts:save": ("post", lambda o: [o["draft"].pk]),
    "posts:rebase": ("post", lambda o: [o["draft"].pk]),
    "posts:conflict": ("get", lambda o: [o["draft"].pk, o["conflict"].number]),
    "posts:history": ("get", lambda o: [o["draft"].pk]),
    "posts:history_diff": ("get", lambda o: [o["draft"].pk]),
    "posts:revision": ("get", lambda o: [o["draft"].pk, o["revision"].number]),
    "posts:revision_restore": ("post", lambda o: [o["draft"].pk, o["revision"].number]),
    "posts:draft_delete": ("post", lambda o: [o["draft"].pk]),
    # Review (issue #6)
    "posts:review": ("get", lambda o: [o["draft"].pk]),
    "posts:comment_create": ("post", lambda o: [o["draft"].pk]),
    "posts:comment_reply": ("post", lambda o: [o["comment"].pk]),
    "posts:comment_edit": ("post", lambda o: [o["comment"].pk]),
    "posts:comment_restore": ("post", lambda o: [o["trashed_comment"].pk]),
    "posts:comment_delete": ("post", lambda o: [o["comment"].pk]),
    "posts:comment_resolve": ("post", lambda o: [o["comment"].pk]),
    "posts:suggest": ("post", lambda o: [o["draft"].pk]),
    "posts:suggestion": ("get", lambda o: [o["suggestion"].pk]),
    "posts:suggestion_decide": ("post", lambda o: [o["suggestion"].pk]),
    "posts:review_request": ("post", lambda o: [o["draft"].pk]),
    "posts:verdict": ("post", lambda o: [o["draft"].pk]),
    "posts:presence": ("post", lambda o: [o["draft"].pk]),
    "posts:open_comments": ("get", lambda o: [o["series"].slug]),
    "posts:activity": ("get", lambda o: [o["series"].slug]),
    "posts:notifications": ("get", lambda o: []),
    "posts:notification_badge": ("get", lambda o: []),
    "posts:notifications_read": ("post", lambda o: []),
    "posts:share_links": ("post", lambda o: [o["series"].slug]),
    "posts:share_revoke": ("post", lambda o: [o["series"].slug, o["share_link"].pk]),
    "posts:shared": ("get", lambda o: ["not-a-token"]),
    "posts:shared_review": ("get", lambda o: ["not-a-token", o["draft"].pk]),
    "posts:shared_comment_create": ("post", lambda o: ["not-a-token", o["draft"].pk]),
    "posts:shared_comment_reply": ("post", lambda o: ["not-a-token", o["comment"].pk]),
    "posts:shared_suggest": ("post", lambda o: ["not-a-token", o["draft"].pk]),
    "series:members": ("post", lambda o: [o["series"].slug]),
    "series:member_remove": ("post", lambda o: [o["series"].slug, o["membership"].pk]),
    "series:invitation_create": ("post", lambda o: [o["series"].slug]),
    "series:invitation_revoke": (
        "post",
        lambda o: [o["series"].slug, o["invitation"].pk],
    ),
    "series:invitation": ("post", lambda o: ["not-a-token"]),
    # Compare and compose (issue #5)
    "posts:compare": ("get", lambda o: [o["draft"].pk, 1, o["draft"].pk, 1]),
    "posts:compare_take": ("post", lambda o: [o["draft"].pk, 1, o["draft"].pk, 1]),
    "posts:compare_pick": ("get", lambda o: []),  # ids in the query: test_compare.py
    "posts:compose": ("post", lambda o: [o["part"].pk]),
    "posts:draft_board": ("post", lambda o: [o["part"].pk]),
    # The live room (issue #18): a WebSocket; over plain HTTP, 426 for those who may see it.
    "posts:live": ("get", lambda o: [o["draft"].pk]),
    "posts:draft_choose": ("post", lambda o: [o["draft"].pk]),
    "password_change": ("get", lambda o: []),
    "password_change_done": ("get", lambda o: []),
    # API tokens (issue #20)
    "tokens:list": ("get", lambda o: []),
    "tokens:revoke": ("post", lambda o: [o["token"].pk]),
    # Search and schedule (issue #21)
    "posts:search": ("get", lambda o: []),
    "posts:calendar": ("get", lambda o: []),
    "posts:calendar_week": ("get", lambda o: []),
    "posts:calendar_move": ("post", lambda o: [o["part"].pk]),
    "posts:calendar_zone": ("post", lambda o: []),
    "posts:calendar_feeds": ("get", lambda o: []),
    "posts:calendar_feed_create": ("post", lambda o: []),
    "posts:calendar_feed_revoke": ("post", lambda o: [o["feed"].pk]),
    "posts:calendar_ics": ("get", lambda o: ["not-a-token"]),
}
# Open to anyone holding a valid token (share links, invitations); 404 without one.
TOKEN_URLS = {
    "posts:shared",
    "posts:shared_review",
    "posts:shared_comment_create",
    "posts:shared_comment_reply",
    "posts:shared_suggest",
    "series:invitation",
    "posts:calendar_ics",
}
OWN_LISTS = {
    "posts:notifications",
    "posts:notification_badge",
    "posts:notifications_read",
    "posts:dashboard",
    "posts:series_create",
    "posts:trash",
    "posts:compare_pick",
    "password_change",
    "password_change_done",
    "tokens:list",
    "posts:search",
    "posts:calendar",
    "posts:calendar_week",
    "posts:calendar_zone",
    "posts:calendar_feeds",
    "posts:calendar_feed_create",
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
        "token": AccessToken.issue(user, "pipeline", "read")[0],
        "conflict": _conflict(draft, user),
        "feed": CalendarFeed.objects.create(user=user, token_hash="f" * 64),
        **_review_objects(series, draft, user),
    }


def _conflict(draft, user):
    """A conflicting save waiting above the head (posts.editor.conflicts)."""
    from posts.models import Revision

    head = draft.head
    return Revision.objects.create(
        draft=draft,
        number=head.number + 1,
        body=head.body + "\nMine.\n",
        author=user,
        kind=Revision.Kind.CONFLICT,
        base_number=head.number,
        base_hash=head.content_hash,
    )


def _review_objects(series, draft, user) -> dict:
    from posts.models import Comment, ShareLink, Suggestion
    from series.models import Invitation
    from tests.factories import MembershipFactory

    return {
        "comment": Comment.objects.create(
            draft=draft, revision=draft.head, author=user, body="Hm."
        ),
        "trashed_comment": _trashed_comment(draft, user),
        "suggestion": Suggestion.objects.create(
            draft=draft, base=draft.head, author=user, body="Other text."
        ),
        "share_link": ShareLink.objects.create(
            series=series, token_hash="s" * 64, created_by=user
        ),
        "invitation": Invitation.objects.create(
            series=series, role="reviewer", token_hash="i" * 64, created_by=user
        ),
        "membership": MembershipFactory(series=series),
    }


def _trashed_comment(draft, user):
    from posts.models import Comment

    comment = Comment.objects.create(
        draft=draft, revision=draft.head, author=user, body="Gone."
    )
    comment.move_to_trash(user)
    return comment


def test_every_url_is_covered():
    missing = _url_names() - set(URL_ARGS) - PUBLIC
    assert not missing, f"add these URLs to URL_ARGS in {__file__}: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(set(URL_ARGS) - OWN_LISTS))
def test_stranger_gets_404_for_others_objects(stranger_client, owned, name):
    method, args = URL_ARGS[name]
    url = reverse(name, args=args(owned))
    response = getattr(stranger_client, method)(url)
    assert response.status_code == 404, url


@pytest.mark.parametrize("name", sorted(set(URL_ARGS) - TOKEN_URLS))
def test_anonymous_user_is_sent_to_login(client, owned, name):
    method, args = URL_ARGS[name]
    url = reverse(name, args=args(owned))
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# What a reviewer may POST: talk about the text, never change it.
REVIEWER_MAY_POST = {
    "posts:comment_create",
    "posts:comment_reply",
    "posts:comment_resolve",
    "posts:suggest",
    "posts:verdict",
    "posts:presence",
    "posts:preview",  # renders the text sent; stores nothing
    "posts:notifications_read",
    "posts:calendar_zone",  # their own settings
    "posts:calendar_feed_create",
}
# A trash is its owner's (for a comment: whoever deleted or hid it): others get 404.
OWNER_ONLY = {
    "posts:trash_restore",
    "posts:comment_restore",
    "tokens:revoke",
    "posts:calendar_feed_revoke",
}
# Resolving and rebasing hold the writer's unsaved words: for those who may edit,
# a 404 for everyone else (reviewers included), as for strangers.
WRITERS_ONLY = {"posts:conflict", "posts:rebase"}
# Answer only a WebSocket upgrade (posts.live): plain HTTP gets 426 Upgrade Required.
UPGRADE_ONLY = {"posts:live"}


@pytest.mark.parametrize("name", sorted(set(URL_ARGS) - TOKEN_URLS - OWNER_ONLY))
def test_reviewer_reads_everything_and_writes_only_comments_and_suggestions(
    client, owned, series, name
):
    from tests.factories import MembershipFactory

    client.force_login(MembershipFactory(series=series, role="reviewer").user)
    method, args = URL_ARGS[name]
    response = getattr(client, method)(reverse(name, args=args(owned)))
    if name in WRITERS_ONLY:
        assert response.status_code == 404, (name, response.status_code)
    elif name in UPGRADE_ONLY:
        assert response.status_code == 426, (name, response.status_code)
    elif method == "get":
        assert response.status_code in {200, 302}, (name, response.status_code)
    elif name in REVIEWER_MAY_POST:  # 400: sent with no data, refused in words
        assert response.status_code in {200, 302, 400}, (name, response.status_code)
    else:
        assert response.status_code == 403, (name, response.status_code)


# What an editor may not do: the owner's business, and others' comments.
EDITOR_MAY_NOT = {
    "posts:series_delete",
    "series:members",
    "series:member_remove",
    "series:invitation_create",
    "series:invitation_revoke",
    "posts:share_links",
    "posts:share_revoke",
    "posts:comment_edit",  # the comment in `owned` is the owner's
    "posts:comment_delete",
}


@pytest.mark.parametrize("name", sorted(set(URL_ARGS) - TOKEN_URLS - OWNER_ONLY))
def test_editor_writes_everything_but_the_owners_business(client, owned, series, name):
    from tests.factories import MembershipFactory

    client.force_login(MembershipFactory(series=series, role="editor").user)
    method, args = URL_ARGS[name]
    response = getattr(client, method)(reverse(name, args=args(owned)))
    if name in EDITOR_MAY_NOT:
        assert response.status_code == 403, (name, response.status_code)
    elif name in UPGRADE_ONLY:
        assert response.status_code == 426, (name, response.status_code)
    else:  # 400: a write sent with no data is refused with a message, not a 500
        assert response.status_code in {200, 302, 400}, (name, response.status_code)


# --- the API: every operation, by operationId --------------------------------
# operationId -> (method, path from the owner's objects, JSON body or None)
API_OPERATIONS = {
    "list_series": ("get", lambda o: "/series", None),
    "create_series": ("post", lambda o: "/series", lambda o: {"title": "Mine"}),
    "read_series": ("get", lambda o: f"/series/{o['series'].slug}", None),
    "import_draft": (
        "post",
        lambda o: "/drafts/import",
        lambda o: {"series": o["series"].slug, "text": "---\npart: 1\n---\n\nHi.\n"},
    ),
    "import_batch": (
        "post",
        lambda o: f"/series/{o['series'].slug}/import",
        lambda o: {"files": [{"text": "---\npart: 1\n---\n\nHi.\n"}]},
    ),
    "list_part_drafts": ("get", lambda o: f"/parts/{o['part'].pk}/drafts", None),
    "read_draft": ("get", lambda o: f"/drafts/{o['draft'].pk}", None),
    "create_revision": (
        "post",
        lambda o: f"/drafts/{o['draft'].pk}/revisions",
        lambda o: {
            "text": "New.",
            "base_number": o["draft"].head.number,
            "base_hash": o["draft"].head.content_hash,
        },
    ),
    "draft_checks": ("get", lambda o: f"/drafts/{o['draft'].pk}/checks", None),
    "series_checks": ("get", lambda o: f"/series/{o['series'].slug}/checks", None),
    "list_comments": ("get", lambda o: f"/drafts/{o['draft'].pk}/comments", None),
    "list_suggestions": ("get", lambda o: f"/drafts/{o['draft'].pk}/suggestions", None),
    "export_series": ("get", lambda o: f"/series/{o['series'].slug}/export", None),
    "export_part": ("get", lambda o: f"/parts/{o['part'].pk}/export", None),
}
# Operations on the caller's own things: nothing of anyone else's to find.
API_OWN = {"list_series", "create_series"}


def _call(client, name: str, owned: dict):
    method, path, body = API_OPERATIONS[name]
    url = "/api/v1" + path(owned)
    if body is None:
        return client.get(url)
    return client.post(url, body(owned), content_type="application/json")


def test_every_api_operation_is_covered():
    from posts.api.api import api

    schema = api.get_openapi_schema()
    ids = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    assert ids == set(API_OPERATIONS), f"add to API_OPERATIONS in {__file__}"


@pytest.mark.parametrize("name", sorted(set(API_OPERATIONS) - API_OWN))
def test_stranger_token_gets_404_for_others_objects(stranger, owned, name):
    response = _call(bearer(token_for(stranger)), name, owned)
    assert response.status_code == 404, (name, response.status_code)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "name",
    sorted(
        n for n, (m, *_) in API_OPERATIONS.items() if m == "get" and n not in API_OWN
    ),
)
def test_stranger_session_gets_404_for_others_objects(stranger_client, owned, name):
    assert _call(stranger_client, name, owned).status_code == 404


@pytest.mark.parametrize("name", sorted(API_OPERATIONS))
def test_anonymous_api_call_is_refused_with_401(client, owned, name):
    response = _call(client, name, owned)
    assert response.status_code == 401, (name, response.status_code)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "name", sorted(n for n, (m, *_) in API_OPERATIONS.items() if m == "post")
)
def test_session_cannot_write_through_the_api(owner_client, owned, name):
    """No token, no write: a cookie alone (a forged cross-site form) changes nothing."""
    assert _call(owner_client, name, owned).status_code == 401


@pytest.mark.parametrize("name", sorted(set(API_OPERATIONS) - API_OWN))
def test_reviewer_token_reads_everything_and_writes_nothing(owned, series, name):
    reviewer = MembershipFactory(series=series, role="reviewer").user
    response = _call(bearer(token_for(reviewer)), name, owned)
    expected = 200 if API_OPERATIONS[name][0] == "get" else 403
    assert response.status_code == expected, (name, response.status_code)


@pytest.mark.parametrize("name", sorted(API_OPERATIONS))
def test_editor_token_reads_and_writes(owned, series, name):
    editor = MembershipFactory(series=series, role="editor").user
    response = _call(bearer(token_for(editor)), name, owned)
    assert response.status_code in {200, 201}, (name, response.status_code)


@pytest.mark.parametrize(
    "name", sorted(n for n, (m, *_) in API_OPERATIONS.items() if m == "post")
)
def test_read_only_token_cannot_write_even_for_the_owner(user, owned, name):
    response = _call(bearer(token_for(user, "read")), name, owned)
    assert response.status_code == 403, (name, response.status_code)
