from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from posts.models import Comment, ShareLink, Suggestion
from series.tokens import hash_token, new_token
from tests.factories import make_draft
from tests.posts.review.test_review_support import *  # noqa: F403


def _link(series, user, draft=None, **fields):
    token, digest = new_token()
    ShareLink.objects.create(
        series=series, draft=draft, token_hash=digest, created_by=user, **fields
    )
    return token


def test_owner_creates_a_share_link_shown_once_and_stored_hashed(
    clients, series, draft
):
    url = reverse("posts:share_links", args=[series.slug])
    response = clients["owner"].post(url, {"draft": draft.pk, "days": 7})
    link = ShareLink.objects.get()
    token = response.text.split("/s/")[1].split("/")[0]
    assert len(token) >= 40
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert clients["owner"].get(url).text.count(token) == 0


def test_guest_reads_comments_and_suggests_under_a_typed_name(series, draft, user):
    token = _link(series, user, draft)
    guest = Client()
    page = guest.get(reverse("posts:shared", args=[token]), follow=True)
    assert page.status_code == 200 and "You are a guest" in page.text
    create = reverse("posts:shared_comment_create", args=[token, draft.pk])
    assert guest.post(create, {"body": "Lovely"}).status_code == 200  # name missing
    response = guest.post(create, {"body": "Lovely", "guest_name": "Pat"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author is None and comment.author_name == "Pat (guest)"
    reply = reverse("posts:shared_comment_reply", args=[token, comment.pk])
    guest.post(reply, {"body": "Also", "guest_name": "Pat"})
    assert comment.replies.count() == 1
    suggest = reverse("posts:shared_suggest", args=[token, draft.pk])
    guest.post(
        suggest,
        {
            "body": draft.body + "\n\nP.S.",
            "base": draft.head.number,
            "guest_name": "Pat",
        },
    )
    assert Suggestion.objects.get().guest_name == "Pat"


def test_guest_link_shows_nothing_outside_what_it_was_made_for(
    series, part, draft, user
):
    other = make_draft(part)
    token = _link(series, user, draft)
    guest = Client()
    assert (
        guest.get(reverse("posts:shared_review", args=[token, other.pk])).status_code
        == 404
    )
    foreign = make_draft()
    series_token = _link(series, user)
    url = reverse("posts:shared_review", args=[series_token, foreign.pk])
    assert guest.get(url).status_code == 404
    assert (
        guest.get(
            reverse("posts:shared_review", args=[series_token, other.pk])
        ).status_code
        == 200
    )
    # Never the member views: those still want a login.
    assert guest.get(reverse("posts:review", args=[draft.pk])).status_code == 302
    assert guest.post(reverse("posts:verdict", args=[draft.pk])).status_code == 302


@pytest.mark.parametrize(
    "fields",
    [
        {"revoked_at": timezone.now()},
        {"expires_at": timezone.now() - timedelta(minutes=1)},
    ],
)
def test_revoked_or_expired_links_open_nothing(series, draft, user, fields):
    token = _link(series, user, draft, **fields)
    guest = Client()
    assert guest.get(reverse("posts:shared", args=[token])).status_code == 404
    url = reverse("posts:shared_comment_create", args=[token, draft.pk])
    assert guest.post(url, {"body": "x", "guest_name": "P"}).status_code == 404


def test_wrong_token_is_404(draft):
    guest = Client()
    assert guest.get(reverse("posts:shared", args=["nope"])).status_code == 404
    assert (
        guest.get(reverse("posts:shared_review", args=["nope", draft.pk])).status_code
        == 404
    )


def test_owner_revokes_and_others_cannot_manage_links(clients, series, draft, user):
    token = _link(series, user, draft)
    link = ShareLink.objects.get()
    revoke = reverse("posts:share_revoke", args=[series.slug, link.pk])
    assert clients["reviewer"].post(revoke).status_code == 403
    assert clients["stranger"].post(revoke).status_code == 404
    assert clients["owner"].post(revoke).status_code == 302
    assert Client().get(reverse("posts:shared", args=[token])).status_code == 404


def test_guest_page_escapes_the_typed_name(series, draft, user):
    token = _link(series, user, draft)
    guest = Client()
    create = reverse("posts:shared_comment_create", args=[token, draft.pk])
    guest.post(create, {"body": "hi", "guest_name": "<b>Pat</b>"})
    page = guest.get(reverse("posts:shared_review", args=[token, draft.pk]))
    assert "<b>Pat</b>" not in page.text and "&lt;b&gt;Pat&lt;/b&gt;" in page.text


def test_activity_names_the_guest_from_their_first_comment(series, draft, user):
    from posts.models import Activity

    token = _link(series, user, draft)
    guest = Client()
    guest.get(reverse("posts:shared", args=[token]), follow=True)
    create = reverse("posts:shared_comment_create", args=[token, draft.pk])
    guest.post(create, {"body": "Lovely", "guest_name": "Dana"})
    assert Activity.objects.latest("pk").actor_name == "Dana (guest)"
