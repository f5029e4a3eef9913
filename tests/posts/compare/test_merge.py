"""Taking changes from B into A: a new merge revision with its sources (issue #5)."""

import pytest
from django.urls import reverse

from posts.editor.saving import save_text
from posts.models import Revision
from posts.textkit.diff import diff_texts
from tests.factories import MembershipFactory, UserFactory, make_draft

A_TEXT = "Intro.\n\nWe keep rules—they help.\n\nOld ending."
B_TEXT = "Intro.\n\nWe keep rules—we help.\n\nNew middle.\n\nOld ending."


@pytest.fixture
def pair(part):
    a = make_draft(part, A_TEXT, revisions=2)
    b = make_draft(part, B_TEXT, revisions=3)
    return a, b


def take_url(a, b, a_rev=None):
    args = [a.pk, a_rev or a.head.number, b.pk, b.head.number]
    return reverse("posts:compare_take", args=args)


def form(a, b, *take, **extra):
    return {
        "take": list(take),
        "a_hash": a.head.content_hash,
        "b_hash": b.head.content_hash,
        "view": "side",
        "md": "raw",
        **extra,
    }


def row_of(a, b, kind):
    return next(r for r in diff_texts(a.body, b.body).rows if r.kind == kind)


def test_taking_a_change_writes_a_merge_revision_with_sources(owner_client, pair, user):
    a, b = pair
    changed = row_of(a, b, "changed")
    response = owner_client.post(take_url(a, b), form(a, b, changed.index))
    a.refresh_from_db()
    new = a.head
    assert (new.number, new.kind, new.base_number) == (3, Revision.Kind.MERGE, 2)
    assert new.body == "Intro.\n\nWe keep rules—we help.\n\nOld ending."
    assert new.message == "Took ¶2 from Draft 2 r3"
    assert new.sources == [
        {"paragraph": 2, "draft": 2, "revision": 3, "draft_id": b.pk, "part": 1, "kind": "changed"}
    ]  # fmt: skip
    assert new.author == user
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("posts:compare", args=[a.pk, 3, b.pk, 3])
    )


def test_taking_several_changes_records_each_source(owner_client, pair):
    a, b = pair
    picks = [row_of(a, b, "changed").index, row_of(a, b, "insert").index]
    owner_client.post(take_url(a, b), form(a, b, *picks))
    a.refresh_from_db()
    assert a.head.body == B_TEXT
    assert a.head.message == "Took ¶2 from Draft 2 r3, ¶3 from Draft 2 r3"
    assert [s["paragraph"] for s in a.head.sources] == [2, 3]


def test_after_taking_the_page_says_what_was_saved(owner_client, pair):
    a, b = pair
    response = owner_client.post(
        take_url(a, b), form(a, b, row_of(a, b, "insert").index), follow=True
    )
    assert "Saved Draft 1 r3: Took ¶3 from Draft 2 r3" in response.text
    assert "restore r2" in response.text


def test_taking_nothing_says_so_and_writes_nothing(owner_client, pair):
    a, b = pair
    response = owner_client.post(take_url(a, b), form(a, b), follow=True)
    assert "Tick at least one change to take." in response.text
    assert a.revisions.count() == 2


@pytest.mark.parametrize("bad", ["0", "99", "x", "-1"])
def test_tampered_change_ids_are_refused(owner_client, pair, bad):
    a, b = pair
    response = owner_client.post(take_url(a, b), form(a, b, bad), follow=True)
    assert response.status_code == 200
    assert "Those changes are not in this comparison." in response.text
    assert a.revisions.count() == 2


def test_tampered_form_without_hashes_is_refused(owner_client, pair):
    a, b = pair
    response = owner_client.post(take_url(a, b), {"take": [1]}, follow=True)
    assert "That form was not sent by this page." in response.text
    assert a.revisions.count() == 2


def test_texts_changed_since_the_page_was_shown(owner_client, pair):
    a, b = pair
    data = form(a, b, row_of(a, b, "changed").index, b_hash="0" * 64)
    response = owner_client.post(take_url(a, b), data, follow=True)
    assert "These texts changed since you looked." in response.text
    assert a.revisions.count() == 2


def test_taking_into_a_draft_that_moved_on_merges_with_what_was_saved_meanwhile(
    owner_client, pair, user
):
    a, b = pair
    changed = row_of(a, b, "changed")
    save_text(a.pk, user, A_TEXT + "\n\nMeanwhile.", kind="named", base_number=2)
    response = owner_client.post(
        take_url(a, b, a_rev=2), form(a, b, changed.index), follow=True
    )
    a.refresh_from_db()
    assert a.head.number == 4 and a.head.kind == Revision.Kind.MERGE
    assert a.head.merged_head == 3
    assert a.head.sources[0]["paragraph"] == 2
    assert a.head.body.endswith("Meanwhile.")  # the save in between is kept
    assert changed.right in a.head.body  # and so is the paragraph taken
    assert "merged with r3" in response.text


def test_taking_words_changed_meanwhile_stores_a_conflict_and_keeps_the_head(
    owner_client, pair, user
):
    a, b = pair
    changed = row_of(a, b, "changed")
    meanwhile = A_TEXT.replace("they help", "you help")  # the words the take changes
    save_text(a.pk, user, meanwhile, kind="named", base_number=2)
    response = owner_client.post(
        take_url(a, b, a_rev=2), form(a, b, changed.index), follow=True
    )
    a.refresh_from_db()
    assert a.head.number == 3 and a.head.body == meanwhile
    conflict = a.revisions.get(number=4)
    assert conflict.kind == Revision.Kind.CONFLICT and changed.right in conflict.body
    assert "had moved on to r3" in response.text


def test_dropping_a_paragraph_as_b_does(owner_client, part):
    a = make_draft(part, "One.\n\nTwo.\n\nThree.")
    b = make_draft(part, "One.\n\nThree.")
    delete = row_of(a, b, "delete")
    owner_client.post(take_url(a, b), form(a, b, delete.index))
    a.refresh_from_db()
    assert a.head is not None
    assert a.head.body == "One.\n\nThree."
    assert a.head.message == "Took ¶2 dropped as in Draft 2 r1"
    assert a.head.sources[0]["kind"] == "dropped"


def test_reviewer_cannot_take_changes(client, pair):
    a, b = pair
    reviewer = UserFactory()
    MembershipFactory(series=a.part.series, user=reviewer, role="reviewer")
    client.force_login(reviewer)
    response = client.post(take_url(a, b), form(a, b, row_of(a, b, "changed").index))
    assert response.status_code == 403
    assert a.revisions.count() == 2


def test_editor_may_take_from_a_draft_they_can_only_read(client, pair, part):
    a, b = pair
    editor = UserFactory()
    MembershipFactory(series=a.part.series, user=editor, role="editor")
    client.force_login(editor)
    client.post(take_url(a, b), form(a, b, row_of(a, b, "changed").index))
    assert a.revisions.count() == 3


def test_stranger_gets_404(stranger_client, pair):
    a, b = pair
    response = stranger_client.post(take_url(a, b), form(a, b, 1))
    assert response.status_code == 404


def test_take_rejects_get(owner_client, pair):
    assert owner_client.get(take_url(*pair)).status_code == 405
