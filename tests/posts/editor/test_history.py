"""History list, one revision, restore, and the plain diff of two revisions."""

import pytest
from django.urls import reverse

from posts.editor.saving import base_of, save_text
from posts.models import Draft
from tests.factories import MembershipFactory, UserFactory, make_draft


@pytest.fixture
def edited(part, user):
    draft = make_draft(part, "Intro.\n\nWe keep rules—they help.")
    assert draft.head is not None
    save_text(
        draft.pk,
        user,
        "Intro.\n\nWe keep rules—we help.\n\nNew ending here.",
        kind="named",
        message="tighter <em>",
        **base_of(draft.head),
    )
    return Draft.objects.get(pk=draft.pk)


def test_history_lists_revisions_with_kind_message_and_word_change(
    owner_client, edited
):
    response = owner_client.get(reverse("posts:history", args=[edited.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Revision 2" in text and "Named version" in text
    assert "tighter &lt;em&gt;" in text  # messages are escaped
    assert "(+3)" in text  # 5 words → 8 words
    assert text.index("Revision 2") < text.index("Revision 1")


def test_history_pages_through_300_revisions(owner_client, part):
    draft = make_draft(part, revisions=300)
    first = owner_client.get(reverse("posts:history", args=[draft.pk]))
    assert "Revision 300" in first.text and "Revision 250" not in first.text
    assert "Page 1 of 6" in first.text
    last = owner_client.get(reverse("posts:history", args=[draft.pk]) + "?page=6")
    assert "Revision 1<" in last.text or "Revision 1</a>" in last.text


def test_history_rejects_post(owner_client, draft):
    url = reverse("posts:history", args=[draft.pk])
    assert owner_client.post(url).status_code == 405


def test_revision_page_shows_that_revision_read_only(owner_client, edited):
    response = owner_client.get(reverse("posts:revision", args=[edited.pk, 1]))
    assert response.status_code == 200
    assert "they help." in response.text
    assert "Restore this revision" in response.text
    assert 'id="editor-body"' not in response.text


def test_missing_revision_is_404(owner_client, draft):
    url = reverse("posts:revision", args=[draft.pk, 99])
    assert owner_client.get(url).status_code == 404


def test_restore_creates_a_new_revision_and_deletes_nothing(owner_client, edited):
    url = reverse("posts:revision_restore", args=[edited.pk, 1])
    response = owner_client.post(url)
    assert response.status_code == 302
    draft = Draft.objects.get(pk=edited.pk)
    assert draft.revisions.count() == 3
    assert draft.head is not None
    assert draft.head.kind == "restore"
    assert draft.head.body == draft.revisions.get(number=1).body


def test_restore_answers_the_editor_with_json(owner_client, edited):
    url = reverse("posts:revision_restore", args=[edited.pk, 1])
    data = owner_client.post(url, headers={"Accept": "application/json"}).json()
    assert data["revision"] == 3
    assert data["body"] == "Intro.\n\nWe keep rules—they help."
    assert data["base_number"] == 3


def test_reviewer_cannot_restore(client, edited):
    reviewer = UserFactory()
    MembershipFactory(series=edited.part.series, user=reviewer, role="reviewer")
    client.force_login(reviewer)
    url = reverse("posts:revision_restore", args=[edited.pk, 1])
    assert client.post(url).status_code == 403
    assert client.get(reverse("posts:history", args=[edited.pk])).status_code == 200


def test_restore_rejects_get(owner_client, edited):
    url = reverse("posts:revision_restore", args=[edited.pk, 1])
    assert owner_client.get(url).status_code == 405


def test_diff_marks_changed_words(owner_client, edited, settings):
    url = reverse("posts:history_diff", args=[edited.pk]) + "?a=1&b=2"
    response = owner_client.get(url, follow=True)
    assert response.status_code == 200
    if response.redirect_chain:  # the compare view (a colleague's) took over
        assert "/compare/" in response.redirect_chain[-1][0]
        return
    assert '<span class="diff-del">they</span>' in response.text
    assert '<span class="diff-add">we</span>' in response.text


def test_plain_diff_is_used_while_there_is_no_compare_view(
    owner_client, edited, monkeypatch
):
    monkeypatch.setattr("posts.editor.history.full_compare_url", lambda *a: None)
    url = reverse("posts:history_diff", args=[edited.pk]) + "?a=1&b=2"
    response = owner_client.get(url)
    assert '<span class="diff-del">they</span>' in response.text
    assert '<span class="diff-add">New ending here.</span>' in response.text


@pytest.mark.parametrize(
    "query, message",
    [
        ("?a=1&b=1", "two different revisions"),
        ("?a=1&b=9", "does not exist"),
        ("?a=x&b=2", "Enter a whole number"),
        ("", "This field is required"),
    ],
)
def test_diff_with_bad_input_explains_instead_of_failing(
    owner_client, edited, query, message
):
    url = reverse("posts:history_diff", args=[edited.pk]) + query
    response = owner_client.get(url)
    assert response.status_code == 200
    assert message in response.text


@pytest.mark.parametrize("revisions", [3, 300])
def test_history_pages_run_a_fixed_number_of_queries(
    owner_client, part, revisions, django_assert_max_num_queries
):
    draft = make_draft(part, revisions=revisions)
    with django_assert_max_num_queries(6):
        owner_client.get(reverse("posts:history", args=[draft.pk]))
    with django_assert_max_num_queries(6):
        owner_client.get(reverse("posts:revision", args=[draft.pk, 2]))
    with django_assert_max_num_queries(6):
        url = reverse("posts:history_diff", args=[draft.pk]) + "?a=1&b=2"
        owner_client.get(url)
    with django_assert_max_num_queries(12):
        owner_client.post(reverse("posts:revision_restore", args=[draft.pk, 1]))
