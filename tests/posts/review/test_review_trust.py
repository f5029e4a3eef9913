"""The review side: nothing said in a thread is lost, anchors
find the right words, approval follows the text, and stale or made-up
revisions are refused in words."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from posts.editor.saving import save_text
from posts.models import Comment, Revision, Suggestion, Verdict
from posts.review.approval import review_state
from posts.review.comments import rendered_text
from posts.textkit.anchoring import context_of
from tests.factories import anchored_comment, make_draft
from tests.posts.review.test_review_support import *  # noqa: F403


def _comment(draft, author=None, quote="layers transform numbers", body="Nice."):
    return anchored_comment(
        draft, quote, body, author=author, guest_name="" if author else "Pat"
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


# --- 2. deleting a comment keeps the replies; the trash keeps the comment -------


def test_deleting_a_comment_keeps_the_replies_of_others(clients, draft, reviewer, user):
    comment = _comment(draft, reviewer, body="Which layers exactly?")
    reply = _reply(comment, user, "The hidden ones, see part 2.")
    delete = reverse("posts:comment_delete", args=[comment.pk])
    response = clients["reviewer"].post(delete, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="threads"' in response.text
    assert "restore it from your trash within 30 days" in response.text
    assert "Its replies stay in the thread." in response.text
    assert Comment.objects.filter(pk=reply.pk).exists()
    comment.refresh_from_db()
    assert comment.deleted_at and comment.deleted_by == reviewer
    page = _page(clients["owner"], draft)
    assert "Comment deleted" in page
    assert "The hidden ones, see part 2." in page
    assert "Which layers exactly?" not in page
    assert f'id="c-{reply.pk}"' in page


def test_a_deleted_comment_without_replies_leaves_no_empty_thread(
    clients, draft, reviewer
):
    comment = _comment(draft, reviewer, body="Typo, sorry")
    clients["reviewer"].post(reverse("posts:comment_delete", args=[comment.pk]))
    page = _page(clients["owner"], draft)
    assert f'id="c-{comment.pk}"' not in page and "Typo, sorry" not in page
    assert "No comments yet." in page


def test_a_deleted_reply_leaves_its_place_in_the_thread(clients, draft, reviewer, user):
    comment = _comment(draft, user, body="Shorter?")
    reply = _reply(comment, reviewer, "I said something silly")
    later = _reply(comment, user, "No worries")
    clients["reviewer"].post(reverse("posts:comment_delete", args=[reply.pk]))
    page = _page(clients["editor"], draft)
    assert "I said something silly" not in page
    assert page.index("Shorter?") < page.index("Comment deleted")
    assert page.index("Comment deleted") < page.index("No worries")
    assert Comment.objects.filter(pk=later.pk).exists()


def test_the_owner_hides_any_comment_a_guests_included(clients, draft, reviewer):
    guest_comment = _comment(draft, None, body="Buy cheap watches")
    members_comment = _comment(draft, reviewer, quote="Each layer", body="Rude words")
    for comment in (guest_comment, members_comment):
        url = reverse("posts:comment_delete", args=[comment.pk])
        assert clients["editor"].post(url).status_code == 403
        assert clients["owner"].post(url).status_code == 302
        comment.refresh_from_db()
        assert comment.deleted_at and comment.deleted_by.username != "sam"
    page = _page(clients["reviewer"], draft)
    assert "Buy cheap watches" not in page and "Rude words" not in page
    owners_view = _page(clients["owner"], draft)
    assert "Hide" not in owners_view  # nothing left to hide


def test_the_owner_sees_hide_on_others_comments_and_delete_on_their_own(
    clients, draft, reviewer, user
):
    _comment(draft, reviewer, body="From sam")
    _comment(draft, user, quote="Each layer", body="From the owner")
    owners_view = _page(clients["owner"], draft)
    assert owners_view.count(">Hide</button>") == 1
    assert owners_view.count(">Delete</button>") == 1
    reviewers_view = _page(clients["reviewer"], draft)
    assert ">Hide</button>" not in reviewers_view
    assert reviewers_view.count(">Delete</button>") == 1


def test_a_deleted_comment_waits_in_the_trash_and_restores(
    clients, draft, reviewer, user
):
    comment = _comment(draft, reviewer, body="Which layers exactly?")
    _reply(comment, user, "The hidden ones.")
    clients["reviewer"].post(reverse("posts:comment_delete", args=[comment.pk]))
    trash = clients["reviewer"].get(reverse("posts:trash")).text
    assert "Which layers exactly?" in trash
    restore = reverse("posts:comment_restore", args=[comment.pk])
    assert f'action="{restore}"' in trash
    # Only the one who deleted it brings it back (the owner did not hide it).
    assert (
        "Which layers exactly?" not in clients["owner"].get(reverse("posts:trash")).text
    )
    assert clients["owner"].post(restore).status_code == 404
    response = clients["reviewer"].post(restore)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/review/drafts/{draft.pk}/#c-{comment.pk}")
    comment.refresh_from_db()
    assert comment.deleted_at is None and comment.deleted_by is None
    assert "Which layers exactly?" in _page(clients["owner"], draft)
    assert clients["reviewer"].post(restore).status_code == 404  # not in the trash


def test_what_the_owner_hid_waits_in_the_owners_trash(clients, draft):
    comment = _comment(draft, None, body="Buy cheap watches")
    clients["owner"].post(reverse("posts:comment_delete", args=[comment.pk]))
    trash = clients["owner"].get(reverse("posts:trash")).text
    assert "Buy cheap watches" in trash and "Pat (guest)" in trash
    clients["owner"].post(reverse("posts:comment_restore", args=[comment.pk]))
    assert "Buy cheap watches" in _page(clients["reviewer"], draft)


def test_a_deleted_comment_cannot_be_edited_deleted_again_or_listed_as_open(
    clients, draft, reviewer
):
    comment = _comment(draft, reviewer, body="Gone soon")
    delete = reverse("posts:comment_delete", args=[comment.pk])
    clients["reviewer"].post(delete)
    assert clients["reviewer"].post(delete).status_code == 404
    edit = reverse("posts:comment_edit", args=[comment.pk])
    assert clients["reviewer"].post(edit, {"body": "Back"}).status_code == 404
    open_page = clients["owner"].get(
        reverse("posts:open_comments", args=[draft.part.series.slug])
    )
    assert "Gone soon" not in open_page.text


def test_replies_stay_when_a_thread_is_deleted_at_the_database_level(
    draft, reviewer, user
):
    """The parent key itself no longer destroys replies."""
    from django.db.models import RestrictedError

    comment = _comment(draft, reviewer)
    _reply(comment, user, "Mine")
    with pytest.raises(RestrictedError):
        comment.delete()


def _age(comment, days: int) -> None:
    Comment.objects.filter(pk=comment.pk).update(
        deleted_at=timezone.now() - timedelta(days=days)
    )


def test_purge_trash_takes_deleted_comments_after_30_days(draft, reviewer, user):
    old = _comment(draft, reviewer, body="Old words")
    recent = _comment(draft, reviewer, quote="Each layer", body="Recent words")
    thread = _comment(draft, reviewer, quote="a little", body="Thread starter")
    reply = _reply(thread, user, "A reply that stays")
    for comment, days in ((old, 31), (recent, 29), (thread, 31)):
        comment.deleted_at, comment.deleted_by = timezone.now(), reviewer
        comment.save()
        _age(comment, days)
    out = StringIO()
    call_command("purge_trash", stdout=out)
    assert not Comment.objects.filter(pk=old.pk).exists()
    assert Comment.objects.get(pk=recent.pk).body == "Recent words"
    # The starter's words go; its row stays to hold the reply in its thread.
    thread.refresh_from_db()
    assert thread.body == "" and Comment.objects.filter(pk=reply.pk).exists()
    assert "Removed comment by sam" in out.getvalue()
    assert "Removed 2 items" in out.getvalue()
    trash = client_for(reviewer).get(reverse("posts:trash")).text  # noqa: F405
    assert "Recent words" in trash and "Thread starter" not in trash
    assert "Comment deleted" in _page(client_for(user), draft)  # noqa: F405
    # When its last reply goes too, the empty starter goes with it.
    reply.deleted_at, reply.deleted_by = timezone.now(), user
    reply.save()
    _age(reply, 40)
    call_command("purge_trash", stdout=StringIO())
    assert not Comment.objects.filter(pk__in=[thread.pk, reply.pk]).exists()


def test_purging_a_trashed_draft_takes_its_threads_replies_and_all(
    draft, reviewer, user
):
    from posts.models import Draft

    thread = _comment(draft, reviewer)
    _reply(thread, user, "Mine")
    draft.move_to_trash(user)
    Draft.everything.filter(pk=draft.pk).update(
        deleted_at=timezone.now() - timedelta(days=31)
    )
    call_command("purge_trash", stdout=StringIO())
    assert not Draft.everything.filter(pk=draft.pk).exists()
    assert not Comment.objects.exists()


def test_purge_dry_run_lists_comments_and_keeps_them(draft, reviewer):
    comment = _comment(draft, reviewer, body="Old words")
    comment.deleted_at, comment.deleted_by = timezone.now(), reviewer
    comment.save()
    _age(comment, 31)
    out = StringIO()
    call_command("purge_trash", "--dry-run", stdout=out)
    assert "Would remove comment by sam" in out.getvalue()
    assert Comment.objects.get(pk=comment.pk).body == "Old words"


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
            "revision": 1,
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
    part_page = clients["owner"].get(reverse("posts:part", args=[draft.part.pk]))
    assert ">approved</a>" in part_page.text


def test_verdicts_remember_the_hash_of_the_text_they_were_given_on(draft, reviewer):
    verdict = Verdict.objects.create(
        draft=draft, revision=draft.head, reviewer=reviewer, kind="approved"
    )
    assert verdict.content_hash == draft.head.content_hash


def test_existing_verdicts_get_the_hash_of_their_revision(draft, reviewer):
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("posts.migrations.0004_review_trust")
    state = MigrationLoader(connection).project_state(("posts", "0004_review_trust"))
    verdict = Verdict.objects.create(
        draft=draft, revision=draft.head, reviewer=reviewer, kind="approved"
    )
    Verdict.objects.filter(pk=verdict.pk).update(content_hash="")
    migration.hash_verdicts(state.apps, None)
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
    from series.tokens import new_token

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
