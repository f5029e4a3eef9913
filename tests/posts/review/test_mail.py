"""E-mail goes out after the transaction commits, through a task, and never fails a save."""

import logging
from smtplib import SMTPException

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse

from posts import pages
from posts.review.activity import notify_invited
from series.models import Membership


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("451 the mail server is down")


def colleague(username: str) -> User:
    return User.objects.create_user(username, f"{username}@example.com")


BROKEN = {"default": {"BACKEND": "tests.series.test_mail.BrokenMailServer"}}


def test_invitation_mail_waits_for_the_commit(
    owner_client, series, django_capture_on_commit_callbacks
):
    colleague("robin")
    url = reverse("series:members", args=[series.slug])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        owner_client.post(url, {"username": "robin", "role": "reviewer"})
        assert mail.outbox == []  # the transaction has not committed yet
    # One mail; besides it, maybe the drop of the series' kept pages (posts.pages).
    assert len([c for c in callbacks if c is not pages._drop_pending]) == 1
    assert [m.to for m in mail.outbox] == [["robin@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_does_not_fail_the_save(
    owner_client, series, settings, caplog
):
    settings.MAILERS = BROKEN
    robin = colleague("robin")
    url = reverse("series:members", args=[series.slug])
    with caplog.at_level(logging.ERROR, logger="django.tasks"):
        response = owner_client.post(url, {"username": "robin", "role": "editor"})
    assert response.status_code == 302
    assert series.role_for(robin) == "editor"
    assert robin.notifications.count() == 1
    assert any("FAILED" in r.getMessage() for r in caplog.records)  # and it is logged


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back(series, user):
    robin = colleague("robin")
    with pytest.raises(RuntimeError), transaction.atomic():
        Membership.objects.create(series=series, user=robin, role="editor")
        notify_invited(series, robin, "editor", user)
        raise RuntimeError("something later in the same save failed")
    assert not Membership.objects.filter(user=robin).exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_an_accepted_invitation_link_mails_after_commit(client, series):
    create = reverse("series:invitation_create", args=[series.slug])
    owner = series.owner
    client.force_login(owner)
    html = client.post(create, {"role": "reviewer", "days": 3}).text
    path = html.split('id="new-invitation-link" readonly value="')[1].split('"')[0]
    newcomer = colleague("newbie")
    client.force_login(newcomer)
    assert client.post(path.split("testserver")[1]).status_code == 302
    assert [m.to for m in mail.outbox] == [["newbie@example.com"]]
