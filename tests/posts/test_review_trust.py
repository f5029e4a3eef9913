"""Issue #13 on the review side: nothing said in a thread is lost, anchors
find the right words, approval follows the text, and stale or made-up
revisions are refused in words."""

from django.urls import reverse

from posts.models import Comment, Revision, Suggestion, Verdict
from posts.review import rendered_text, review_state
from posts.saving import save_text
from posts.textkit.anchoring import context_of
from tests.factories import make_draft
from tests.posts.test_review_support import *  # noqa: F403


def _comment(draft, author=None, quote="layers transform numbers", body="Nice."):
    text = rendered_text(draft.body)
    start = text.index(quote)
    prefix, suffix = context_of(text, start, start + len(quote))
    return Comment.objects.create(
        draft=draft,
        revision=draft.head,
        author=author,
        guest_name="" if author else "Pat",
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        position=start,
        body=body,
    )


def _reply(comment, author, body):
    return Comment.objects.create(
        draft=comment.draft,
        revision=comment.revision,
        parent=comment,
        author=author,
        body=body,
    )


def _edit(draft, body, author, kind="named"):
    head = Revision.objects.get(pk=draft.head_id)
    save_text(draft.pk, author, body, kind=kind, base_number=head.number)
    draft.refresh_from_db()


def _page(client, draft) -> str:
    return client.get(reverse("posts:review", args=[draft.pk])).text


# --- 4. anchors keep the spaces around their context -------------------------


def test_comment_anchor_stays_on_the_occurrence_it_was_made_on(clients, part, user):
    body = "Networks learn slowly at first.\n\nLater on they learn fast."
    draft = make_draft(part, body)
    text = rendered_text(draft.body)
    second = text.rindex("learn")
    prefix, suffix = context_of(text, second, second + len("learn"))
    assert prefix.endswith(" ") and suffix.startswith(" ")
    clients["reviewer"].post(
        reverse("posts:comment_create", args=[draft.pk]),
        {
            "body": "Fast how?",
            "quote": "learn",
            "prefix": prefix,
            "suffix": suffix,
            "position": second,
            "revision": draft.head.number,
        },
    )
    comment = Comment.objects.get()
    assert (comment.prefix, comment.suffix) == (prefix, suffix)
    # An edit above moves the first "learn" to where the second one was.
    _edit(draft, "A longer opening line here. " + body, user)
    text = rendered_text(draft.body)
    assert abs(text.index("learn") - second) < abs(text.rindex("learn") - second)
    page = _page(clients["owner"], draft)
    assert f'data-start="{text.rindex("learn")}"' in page


# --- 8. approval is bound to the text, not the revision number ---------------


def test_restoring_exactly_the_approved_text_is_approved_again(
    clients, draft, reviewer, user
):
    approved_text = draft.body
    clients["reviewer"].post(
        reverse("posts:verdict", args=[draft.pk]),
        {"kind": "approved", "revision": draft.head.number},
    )
    _edit(draft, approved_text + "\n\nA risky extra line.", user)
    assert review_state(draft) == "drafting"
    assert "changed after this approval" in _page(clients["owner"], draft)
    _edit(draft, approved_text, user)
    assert review_state(draft) == "approved"
    page = _page(clients["owner"], draft)
    assert "changed after this approval" not in page
    assert "Changes since approval" not in page
    assert "the text approved" in page
    part_page = clients["owner"].get(reverse("series:part", args=[draft.part.pk]))
    assert ">approved</a>" in part_page.text


def test_verdicts_remember_the_hash_of_the_text_they_were_given_on(draft, reviewer):
    verdict = Verdict.objects.create(
        draft=draft, revision=draft.head, reviewer=reviewer, kind="approved"
    )
    assert verdict.content_hash == draft.head.content_hash


def test_existing_verdicts_get_the_hash_of_their_revision(draft, reviewer):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("posts.migrations.0004_review_trust")
    verdict = Verdict.objects.create(
        draft=draft, revision=draft.head, reviewer=reviewer, kind="approved"
    )
    Verdict.objects.filter(pk=verdict.pk).update(content_hash="")
    migration.hash_verdicts(apps, None)
    verdict.refresh_from_db()
    assert verdict.content_hash == draft.head.content_hash


# --- 9. stale or made-up revisions are refused in words -----------------------


def test_a_verdict_for_an_older_revision_is_refused_and_the_note_kept(
    clients, draft, reviewer, user
):
    seen = draft.head.number
    _edit(draft, draft.body + "\n\nAn edit made while sam was reading.", user)
    response = clients["reviewer"].post(
        reverse("posts:verdict", args=[draft.pk]),
        {"kind": "approved", "revision": seen, "note": "Lovely opening"},
    )
    assert response.status_code == 409
    assert not Verdict.objects.exists()
    assert f"revision {seen}" in response.text
    assert f"now at revision {draft.head.number}" in response.text
    assert "Lovely opening</textarea>" in response.text
    assert f'value="{draft.head.number}"' in response.text


def test_a_verdict_for_a_revision_that_does_not_exist_is_refused(clients, draft):
    response = clients["reviewer"].post(
        reverse("posts:verdict", args=[draft.pk]),
        {"kind": "approved", "revision": 999},
    )
    assert response.status_code == 400
    assert "no revision 999" in response.text
    assert not Verdict.objects.exists()


def test_a_verdict_without_a_choice_says_so(clients, draft):
    response = clients["reviewer"].post(
        reverse("posts:verdict", args=[draft.pk]),
        {"kind": "maybe", "revision": draft.head.number, "note": "Hmm"},
    )
    assert response.status_code == 400
    assert "Choose approve or request changes." in response.text
    assert "Hmm</textarea>" in response.text


def test_a_suggestion_on_a_missing_base_is_refused_and_the_text_kept(clients, draft):
    url = reverse("posts:suggest", args=[draft.pk])
    typed = draft.body + "\n\nMy careful new ending."
    response = clients["reviewer"].post(url, {"body": typed, "base": 999})
    assert response.status_code == 400
    assert not Suggestion.objects.exists()
    assert "no revision 999" in response.text
    assert "My careful new ending." in response.text
    # Sending it again proposes it against the current text, as the page says.
    assert f'name="base" value="{draft.head.number}"' in response.text
    again = clients["reviewer"].post(url, {"body": typed, "base": draft.head.number})
    assert again.status_code == 302
    assert Suggestion.objects.get().base == draft.head


def test_a_guests_suggestion_on_a_missing_base_is_refused_too(draft, user):
    from django.test import Client

    from posts.models import ShareLink
    from posts.review import new_token

    token, digest = new_token()
    ShareLink.objects.create(
        series=draft.part.series, draft=draft, token_hash=digest, created_by=user
    )
    response = Client().post(
        reverse("posts:shared_suggest", args=[token, draft.pk]),
        {"body": draft.body + "\n\nMore.", "base": 999, "guest_name": "Pat"},
    )
    assert response.status_code == 400 and "no revision 999" in response.text
    assert not Suggestion.objects.exists()


# --- 10. presence says who is editing and who is only reading -----------------


def test_presence_says_reviewing_for_those_on_the_review_page(clients, draft, user):
    url = reverse("posts:presence", args=[draft.pk])
    clients["reviewer"].post(url, {"on": "review"})
    owner_sees = clients["owner"].post(url).text
    assert "sam is reviewing" in owner_sees and "sam is editing" not in owner_sees
    # The owner had the editor open: that is editing.
    assert f"{user.username} is editing" in clients["reviewer"].post(url).text


def test_presence_says_reading_for_a_reviewer_on_the_draft_page(clients, draft, user):
    url = reverse("posts:presence", args=[draft.pk])
    clients["reviewer"].post(url)  # the draft page; a reviewer has no editor there
    owner_sees = clients["owner"].post(url, {"on": "review"}).text
    assert "sam is reading" in owner_sees
    assert f"{user.username} is reviewing" in clients["editor"].post(url).text
