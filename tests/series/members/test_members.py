import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from series.models import Invitation, Membership
from tests.factories import UserFactory
from tests.posts.review.test_review_support import *  # noqa: F403


def test_owner_invites_by_username_and_the_colleague_is_told(
    clients, series, django_capture_on_commit_callbacks
):
    colleague = UserFactory.create(username="robin", email="robin@example.com")
    url = reverse("series:members", args=[series.slug])
    with django_capture_on_commit_callbacks(execute=True):  # mail waits for the commit
        response = clients["owner"].post(url, {"username": "robin", "role": "reviewer"})
    assert response.status_code == 302
    assert series.role_for(colleague) == "reviewer"
    assert len(mail.outbox) == 1 and "robin@example.com" in mail.outbox[0].to
    assert colleague.notifications.count() == 1


@pytest.mark.parametrize("username", ["nobody", "sam", ""])
def test_invite_by_username_rejects_unknown_and_existing_members(
    clients, series, username
):
    url = reverse("series:members", args=[series.slug])
    response = clients["owner"].post(url, {"username": username, "role": "reviewer"})
    assert response.status_code == 200
    assert Membership.objects.filter(series=series).count() == 2


def test_only_the_owner_changes_members(clients, series, reviewer):
    url = reverse("series:members", args=[series.slug])
    assert clients["reviewer"].get(url).status_code == 200
    assert (
        clients["editor"].post(url, {"username": "x", "role": "editor"}).status_code
        == 403
    )
    assert clients["stranger"].get(url).status_code == 404
    membership = Membership.objects.get(user=reviewer)
    remove = reverse("series:member_remove", args=[series.slug, membership.pk])
    assert clients["editor"].post(remove).status_code == 403
    assert clients["owner"].post(remove).status_code == 302
    assert series.role_for(reviewer) is None


def test_invitation_link_makes_whoever_opens_it_a_member_once(clients, series):
    create = reverse("series:invitation_create", args=[series.slug])
    response = clients["owner"].post(create, {"role": "editor", "days": 3})
    link = response.text.split('id="new-invitation-link" readonly value="')[1].split(
        '"'
    )[0]
    path = link.split("testserver")[1]
    token = path.rstrip("/").split("/")[-1]
    assert Invitation.objects.get().token_hash != token
    anonymous = Client().get(path)
    assert anonymous.status_code == 200 and "Sign up" in anonymous.text
    newcomer = UserFactory.create(username="newbie")
    client = Client()
    client.force_login(newcomer)
    assert client.post(path).status_code == 302
    assert series.role_for(newcomer) == "editor"
    late = UserFactory.create()
    client.force_login(late)
    assert client.post(path).status_code == 404  # used up


def test_revoked_invitation_opens_nothing(clients, series, user):
    from series.tokens import new_token

    token, digest = new_token()
    invitation = Invitation.objects.create(
        series=series, role="reviewer", token_hash=digest, created_by=user
    )
    revoke = reverse("series:invitation_revoke", args=[series.slug, invitation.pk])
    assert clients["reviewer"].post(revoke).status_code == 403
    clients["owner"].post(revoke)
    assert Client().get(reverse("series:invitation", args=[token])).status_code == 404
    revoked_at = Invitation.objects.get().revoked_at
    assert revoked_at is not None and revoked_at <= timezone.now()


def test_bad_invitation_form_is_not_an_error(clients, series):
    create = reverse("series:invitation_create", args=[series.slug])
    response = clients["owner"].post(create, {"role": "king", "days": "many"})
    assert response.status_code == 200
    assert not Invitation.objects.exists()
