import pytest
from django.urls import reverse

from posts.editor.saving import save_text
from posts.models import Revision, Suggestion
from posts.review.suggestions import merge_suggestion, plan_suggestion
from tests.posts.review.test_review_support import *  # noqa: F403

BASE = "First paragraph.\n\nSecond paragraph here.\n\nThird one.\n"


@pytest.fixture
def text_draft(part):
    from tests.factories import make_draft

    return make_draft(part, BASE)


def _suggest(client, draft, body):
    url = reverse("posts:suggest", args=[draft.pk])
    return client.post(url, {"body": body, "base": draft.head.number, "note": "ideas"})


def test_reviewer_suggests_and_author_accepts_one_change_and_rejects_another(
    clients, text_draft, reviewer
):
    proposed = (
        "First paragraph, sharper.\n\nSecond paragraph here.\n\nThird one, longer.\n"
    )
    assert _suggest(clients["reviewer"], text_draft, proposed).status_code == 302
    suggestion = Suggestion.objects.get()
    page = clients["owner"].get(reverse("posts:suggestion", args=[suggestion.pk]))
    plan = plan_suggestion(suggestion, text_draft.head)
    first, third = plan.applicable
    assert f'name="take" value="{first}"' in page.text
    decide = reverse("posts:suggestion_decide", args=[suggestion.pk])
    clients["owner"].post(decide, {"action": "apply", "take": [first]})
    text_draft.refresh_from_db()
    head = text_draft.head
    assert (
        head.body
        == "First paragraph, sharper.\n\nSecond paragraph here.\n\nThird one.\n"
    )
    assert head.author == reviewer
    assert head.message == "Suggestion by sam: 1 of 2 changes"
    suggestion.refresh_from_db()
    assert suggestion.status == "applied" and suggestion.result == head


def test_reviewer_cannot_decide_and_nobody_can_apply_twice(clients, text_draft):
    _suggest(clients["reviewer"], text_draft, BASE.replace("Third", "Last"))
    suggestion = Suggestion.objects.get()
    decide = reverse("posts:suggestion_decide", args=[suggestion.pk])
    assert (
        clients["reviewer"].post(decide, {"action": "apply", "take": [2]}).status_code
        == 403
    )
    clients["editor"].post(decide, {"action": "reject"})
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected"
    assert text_draft.revisions.count() == 1
    assert clients["owner"].post(decide, {"action": "apply"}).status_code == 404


def test_unknown_change_index_is_refused_without_an_error(clients, text_draft):
    _suggest(clients["reviewer"], text_draft, BASE.replace("Third", "Last"))
    suggestion = Suggestion.objects.get()
    decide = reverse("posts:suggestion_decide", args=[suggestion.pk])
    response = clients["owner"].post(decide, {"action": "apply", "take": ["x", "99"]})
    assert response.status_code == 302
    assert Suggestion.objects.get().status == "open"


def test_same_text_is_not_a_suggestion(clients, text_draft):
    response = _suggest(clients["reviewer"], text_draft, BASE)
    assert response.status_code == 200
    assert not Suggestion.objects.exists()


def test_suggestion_on_an_older_revision_applies_where_it_does_not_conflict(
    clients, text_draft, user, reviewer
):
    proposed = (
        "First paragraph, sharper.\n\nSecond paragraph here.\n\nThird one, longer.\n"
    )
    _suggest(clients["reviewer"], text_draft, proposed)
    suggestion = Suggestion.objects.get()
    # Meanwhile the author rewrote the third paragraph.
    save_text(
        text_draft.pk,
        user,
        BASE.replace("Third one.", "Third one, by the author."),
        kind="named",
        base_number=1,
    )
    text_draft.refresh_from_db()
    plan = plan_suggestion(suggestion, text_draft.head)
    assert plan.stale
    assert [c.conflict for c in plan.changes] == [False, True]
    page = clients["owner"].get(reverse("posts:suggestion", args=[suggestion.pk]))
    assert "conflict" in page.text
    decide = reverse("posts:suggestion_decide", args=[suggestion.pk])
    clients["owner"].post(
        decide, {"action": "apply", "take": [c.row.index for c in plan.changes]}
    )
    text_draft.refresh_from_db()
    assert text_draft.head.body == (
        "First paragraph, sharper.\n\nSecond paragraph here.\n\nThird one, by the author.\n"
    )
    assert text_draft.head.message == "Suggestion by sam: 1 of 2 changes"


def test_merge_keeps_the_authors_inserts_and_applies_theirs():
    head = "Intro.\n\nFirst paragraph.\n\nSecond paragraph here.\n\nThird one.\n"
    proposed = "First paragraph.\n\nSecond paragraph here.\n\nThird one.\n\nNew end.\n"
    from posts.textkit.diff import diff_texts

    take = diff_texts(BASE, proposed).change_indexes
    merged = merge_suggestion(BASE, proposed, head, take)
    assert (
        merged
        == "Intro.\n\nFirst paragraph.\n\nSecond paragraph here.\n\nThird one.\n\nNew end.\n"
    )


def test_suggestion_by_a_guest_is_credited_to_the_name_typed(text_draft, user):
    suggestion = Suggestion.objects.create(
        draft=text_draft, base=text_draft.head, guest_name="Pat", body=BASE + "\nP.S.\n"
    )
    from posts.review.suggestions import apply_suggestion

    revision = apply_suggestion(suggestion, {3}, user)
    assert isinstance(revision, Revision)
    assert revision.message == "Suggestion by Pat (guest): 1 of 1 changes"
