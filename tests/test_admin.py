# mypy: disable-error-code="import-untyped"
# (the app registry makes the django-stubs plugin read axes.models, which has no hints)
"""The admin covers every model an operator may need, and each of its pages opens."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from posts.models import (
    Activity,
    AutosaveStep,
    CalendarFeed,
    Comment,
    Notification,
    Presence,
    Publication,
    Reminder,
    ReviewRequest,
    ShareLink,
    Suggestion,
    Verdict,
)
from posts.review.activity import record
from series.models import Invitation, Membership, VoiceElement, WriterSettings

OUR_APPS = ["series", "posts"]


def our_models() -> list:
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


@pytest.fixture
def operator(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("operator", "op@example.com"))
    return client


@pytest.fixture
def everything(user, draft):
    """One row of every model (and a series member to notify)."""
    series, part, revision = draft.part.series, draft.part, draft.head
    colleague = User.objects.create_user("robin")
    Membership.objects.create(series=series, user=colleague, role="editor")
    VoiceElement.objects.create(series=series, label="Hook", phrases="You may wonder")
    Publication.objects.create(part=part, revision=revision, published_on=date.today())
    ShareLink.objects.create(series=series, token_hash="1" * 64, created_by=user)
    Invitation.objects.create(
        series=series, role="reviewer", token_hash="2" * 64, created_by=user
    )
    comment = Comment.objects.create(
        draft=draft, revision=revision, author=user, body="Nice <script>"
    )
    Comment.objects.create(
        draft=draft, revision=revision, parent=comment, guest_name="Ann", body="Yes"
    )
    Suggestion.objects.create(draft=draft, base=revision, body="Better.", author=user)
    ReviewRequest.objects.create(
        draft=draft, requested_by=user, reviewer=colleague, revision=revision
    )
    Verdict.objects.create(
        draft=draft, revision=revision, reviewer=colleague, kind="approved"
    )
    record(series, user.username, "comment", "commented", actor=user, draft=draft)
    Presence.objects.create(draft=draft, user=user, seen_at=timezone.now())
    WriterSettings.objects.create(user=user, time_zone="Europe/Berlin")
    CalendarFeed.objects.create(user=user, token_hash="3" * 64)
    Reminder.objects.create(part=part, planned_at=timezone.now())
    AutosaveStep.objects.create(
        revision=revision, content_hash=revision.content_hash, body=revision.body
    )
    return series


def test_every_model_of_our_apps_is_registered():
    missing = [m.__name__ for m in our_models() if not admin.site.is_registered(m)]
    assert missing == []
    assert len(our_models()) == 21


def test_every_changelist_search_and_change_page_opens(operator, everything):
    for model in our_models():
        meta = model._meta
        model_admin = admin.site.get_model_admin(model)
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert operator.get(changelist).status_code == 200, meta.label
        if model_admin.search_fields:
            assert operator.get(changelist, {"q": "a"}).status_code == 200, meta.label
        rows = model_admin.get_queryset(RequestFactory().get(changelist))
        assert rows.exists(), f"no {meta.label} row to open"
        for pk in rows.values_list("pk", flat=True):
            change = reverse(
                f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk]
            )
            assert operator.get(change).status_code == 200, f"{meta.label} {pk}"


def test_changelists_do_not_query_per_row(
    operator, everything, django_assert_max_num_queries
):
    """list_select_related: ten rows cost no more queries than one."""
    draft = everything.parts.get().drafts.get()
    url = reverse("admin:posts_comment_changelist")
    operator.get(url)
    with django_assert_max_num_queries(12) as one_row:
        operator.get(url)
    for n in range(10):
        Comment.objects.create(
            draft=draft, revision=draft.head, guest_name=f"G{n}", body="x"
        )
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        operator.get(url)


def _act(client: Client, model, action: str, pks) -> None:
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    response = client.post(url, {"action": action, "_selected_action": list(pks)})
    assert response.status_code == 302


def test_operator_revokes_a_leaked_share_link_and_an_invitation(
    operator, everything, client
):
    link = ShareLink.objects.get()
    _act(operator, ShareLink, "revoke", [link.pk])
    link.refresh_from_db()
    assert link.revoked_at is not None and not link.is_active
    invitation = Invitation.objects.get()
    _act(operator, Invitation, "revoke", [invitation.pk])
    assert not Invitation.objects.usable().exists()


def test_links_cannot_be_made_in_the_admin(operator, db):
    assert operator.get(reverse("admin:posts_sharelink_add")).status_code == 403
    assert operator.get(reverse("admin:series_invitation_add")).status_code == 403


def test_pruning_deletes_only_old_activity_and_presence(operator, everything, user):
    old = Activity.objects.get()
    Activity.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=120)
    )
    recent = record(everything, user.username, "comment", "again", actor=user)
    _act(operator, Activity, "prune", [old.pk, recent.pk])
    assert list(Activity.objects.all()) == [recent]
    assert not Notification.objects.filter(activity_id=old.pk).exists()
    stale = Presence.objects.get()
    Presence.objects.filter(pk=stale.pk).update(
        seen_at=timezone.now() - timedelta(days=2)
    )
    _act(operator, Presence, "prune", [stale.pk])
    assert not Presence.objects.exists()


def test_age_filter_lists_only_old_rows(operator, everything):
    Activity.objects.update(created_at=timezone.now() - timedelta(days=40))
    url = reverse("admin:posts_activity_changelist")
    assert "commented" in operator.get(url, {"older_than": "30"}).text
    assert "commented" not in operator.get(url, {"older_than": "90"}).text


def test_admin_refuses_a_voice_pattern_the_check_cannot_run(operator, series):
    url = reverse("admin:series_voiceelement_add")
    data = {
        "series": series.pk,
        "label": "Look-behind",
        "mode": "regex",
        "pattern": "(?<=so) why",
        "position": 0,
    }
    response = operator.post(url, data)
    assert response.status_code == 200 and "cannot run" in response.text
    assert not VoiceElement.objects.exists()


def test_operator_hides_a_comment_keeping_its_replies_and_restores_it(
    operator, everything
):
    thread = Comment.objects.get(parent=None)
    _act(operator, Comment, "hide", [thread.pk])
    thread.refresh_from_db()
    assert thread.deleted_at is not None and thread.hidden
    assert Comment.objects.filter(parent=thread).alive().count() == 1
    _act(operator, Comment, "restore", [thread.pk])
    thread.refresh_from_db()
    assert thread.deleted_at is None


def test_comments_cannot_be_hard_deleted_in_the_admin(operator, everything):
    thread = Comment.objects.get(parent=None)
    url = reverse("admin:posts_comment_delete", args=[thread.pk])
    assert operator.post(url, {"post": "yes"}).status_code == 403
    assert Comment.objects.count() == 2
