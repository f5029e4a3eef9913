import pytest
from django.urls import reverse

from posts.editor.saving import save_text
from posts.models import Comment, Notification, Revision, Verdict
from posts.review.approval import review_state
from posts.review.comments import rendered_text
from tests.factories import anchored_comment
from tests.posts.review.test_review_support import *  # noqa: F403


def _comment(draft, author, quote, body="Nice.", **fields):
    return anchored_comment(draft, quote, body, author=author, **fields)


def _edit(draft, body, author):
    head = Revision.objects.get(pk=draft.head_id)
    save_text(draft.pk, author, body, kind="named", base_number=head.number)
    draft.refresh_from_db()


# --- permissions per role -----------------------------------------------------

# name -> (method, args from objects, expected status per role)
R, W = (200, 200, 200, 404), (200, 200, 403, 404)  # owner, editor, reviewer, stranger


def _sweep(draft, comment, suggestion):
    return {
        "posts:review": ("get", [draft.pk], R),
        "posts:comment_create": ("post", [draft.pk], R),
        "posts:comment_reply": ("post", [comment.pk], R),
        "posts:comment_resolve": ("post", [comment.pk], R),
        "posts:suggest": ("get", [draft.pk], R),
        "posts:suggestion": ("get", [suggestion.pk], R),
        "posts:suggestion_decide": ("post", [suggestion.pk], W),
        "posts:review_request": ("post", [draft.pk], W),
        "posts:verdict": (
            "post",
            [draft.pk],
            R,
            {"kind": "changes", "revision": draft.head.number},
        ),
        "posts:presence": ("post", [draft.pk], R),
        "posts:open_comments": ("get", [draft.part.series.slug], R),
        "posts:activity": ("get", [draft.part.series.slug], R),
        "posts:share_links": ("get", [draft.part.series.slug], (200, 403, 403, 404)),
        "series:members": ("get", [draft.part.series.slug], R),
        "series:invitation_create": (
            "post",
            [draft.part.series.slug],
            (200, 403, 403, 404),
        ),
    }


@pytest.mark.parametrize("role", ["owner", "editor", "reviewer", "stranger"])
def test_every_review_url_answers_each_role_as_its_rights_say(
    clients, draft, user, role
):
    from posts.models import Suggestion

    comment = _comment(draft, user, "layers transform numbers")
    suggestion = Suggestion.objects.create(
        draft=draft, base=draft.head, author=user, body=draft.body + "\n\nMore."
    )
    position = ["owner", "editor", "reviewer", "stranger"].index(role)
    for name, (method, args, expected, *data) in _sweep(
        draft, comment, suggestion
    ).items():
        response = getattr(clients[role], method)(reverse(name, args=args), *data)
        status = response.status_code
        if expected[position] == 200:
            assert status in {200, 302}, (name, role, status)
        else:
            assert status == expected[position], (name, role, status)


def test_only_its_author_edits_or_deletes_a_comment(clients, draft, reviewer):
    comment = _comment(draft, reviewer, "layers transform numbers")
    edit = reverse("posts:comment_edit", args=[comment.pk])
    delete = reverse("posts:comment_delete", args=[comment.pk])
    for role in ["owner", "editor"]:
        assert clients[role].post(edit, {"body": "x"}).status_code == 403
    assert clients["editor"].post(delete).status_code == 403  # the owner may hide
    assert clients["stranger"].post(edit, {"body": "x"}).status_code == 404
    assert clients["stranger"].post(delete).status_code == 404
    assert clients["reviewer"].post(edit, {"body": "Better."}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Better." and comment.edited_at
    assert clients["reviewer"].post(delete).status_code == 302
    assert not Comment.objects.alive().filter(pk=comment.pk).exists()


def test_review_views_refuse_wrong_methods(clients, draft):
    client = clients["owner"]
    assert client.post(reverse("posts:review", args=[draft.pk])).status_code == 405
    assert (
        client.get(reverse("posts:comment_create", args=[draft.pk])).status_code == 405
    )
    assert client.get(reverse("posts:verdict", args=[draft.pk])).status_code == 405


def test_missing_objects_are_404(clients):
    client = clients["owner"]
    assert client.get(reverse("posts:review", args=[999])).status_code == 404
    assert client.post(reverse("posts:comment_reply", args=[999])).status_code == 404
    assert client.get(reverse("posts:suggestion", args=[999])).status_code == 404


# --- comments -------------------------------------------------------------------


def test_reviewer_comments_on_quoted_words(clients, draft, user):
    text = rendered_text(draft.body)
    start = text.index("layers transform")
    url = reverse("posts:comment_create", args=[draft.pk])
    response = clients["reviewer"].post(
        url,
        {
            "body": "Which layers?",
            "quote": "layers transform",
            "prefix": text[start - 10 : start],
            "suffix": text[start + 16 : start + 30],
            "position": start,
            "revision": draft.head.number,
        },
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#c-{comment.pk}")
    assert comment.author is not None
    assert comment.quote == "layers transform" and comment.author.username == "sam"
    assert Notification.objects.filter(user=user).count() == 1
    page = clients["owner"].get(reverse("posts:review", args=[draft.pk]))
    assert f'data-start="{start}"' in page.text


def test_comment_without_body_rerenders_the_page_with_an_error(clients, draft):
    url = reverse("posts:comment_create", args=[draft.pk])
    response = clients["reviewer"].post(url, {"body": "   ", "position": "oops"})
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_reply_resolve_and_reopen_answer_htmx_with_the_threads(clients, draft, user):
    comment = _comment(draft, user, "layers transform numbers")
    htmx = {"HX-Request": "true"}
    reply = clients["reviewer"].post(
        reverse("posts:comment_reply", args=[comment.pk]),
        {"body": "Agreed"},
        headers=htmx,
    )
    assert reply.status_code == 200
    assert 'id="threads"' in reply.text and "<html" not in reply.text
    assert comment.replies.get().body == "Agreed"
    resolve = reverse("posts:comment_resolve", args=[comment.pk])
    clients["reviewer"].post(resolve, {"action": "resolve"}, headers=htmx)
    comment.refresh_from_db()
    assert comment.resolved_at and comment.resolved_by.username == "sam"
    clients["owner"].post(resolve, {"action": "reopen"})
    comment.refresh_from_db()
    assert comment.resolved_at is None


def test_comment_follows_its_quote_and_goes_outdated_when_it_is_gone(
    clients, draft, user
):
    comment = _comment(draft, user, "layers transform numbers")
    _edit(draft, "A brand new opening.\n\n" + draft.body, user)
    page = clients["owner"].get(reverse("posts:review", args=[draft.pk]))
    text = rendered_text(draft.body)
    assert f'data-start="{text.index("layers transform numbers")}"' in page.text
    _edit(
        draft,
        draft.body.replace("layers transform numbers", "layers bend values"),
        user,
    )
    page = clients["owner"].get(reverse("posts:review", args=[draft.pk]))
    assert "Outdated" in page.text and "layers transform numbers" in page.text
    assert f'id="c-{comment.pk}"' in page.text


def test_open_comments_list_links_to_each_in_place(clients, draft, user):
    open_one = _comment(draft, user, "layers transform numbers", body="Open one")
    _comment(draft, user, "Each layer", body="Closed one", resolved_at=draft.created_at)
    page = clients["reviewer"].get(
        reverse("posts:open_comments", args=[draft.part.series.slug])
    )
    assert f"/review/drafts/{draft.pk}/#c-{open_one.pk}" in page.text
    assert "Open one" in page.text and "Closed one" not in page.text


def test_user_text_is_escaped_on_the_review_page(clients, draft, user):
    _comment(draft, user, "layers transform numbers", body="<script>alert(1)</script>")
    page = clients["owner"].get(reverse("posts:review", args=[draft.pk]))
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


@pytest.mark.parametrize("count", [3, 30])
def test_review_page_queries_do_not_grow_with_comments(
    clients, draft, user, reviewer, count, django_assert_max_num_queries
):
    for n in range(count):
        root = _comment(draft, reviewer, "layers transform numbers", body=f"c{n}")
        Comment.objects.create(
            draft=draft, revision=draft.head, parent=root, author=user, body="r"
        )
    client = clients["owner"]
    with django_assert_max_num_queries(16):
        response = client.get(reverse("posts:review", args=[draft.pk]))
    assert response.text.count('class="thread card') == count


# --- approval -------------------------------------------------------------------


def test_request_review_then_approve_then_edit_makes_approval_stale(
    clients, draft, user, reviewer
):
    assert review_state(draft) == "drafting"
    clients["owner"].post(
        reverse("posts:review_request", args=[draft.pk]), {"reviewer": reviewer.pk}
    )
    assert review_state(draft) == "in review"
    verdict = reverse("posts:verdict", args=[draft.pk])
    clients["reviewer"].post(
        verdict, {"kind": "changes", "note": "Tighten", "revision": draft.head.number}
    )
    assert review_state(draft) == "changes requested"
    clients["reviewer"].post(
        verdict, {"kind": "approved", "revision": draft.head.number}
    )
    assert review_state(draft) == "approved"
    approved = draft.head.number
    _edit(draft, draft.body + "\n\nOne more line.", user)
    assert review_state(draft) == "drafting"
    page = clients["owner"].get(reverse("posts:review", args=[draft.pk]))
    assert "Changes since approval" in page.text
    try:
        expected = reverse(
            "posts:compare", args=[draft.pk, approved, draft.pk, draft.head.number]
        )
    except Exception:
        expected = draft.get_absolute_url()
    assert f'href="{expected}"' in page.text


def test_verdict_needs_a_real_revision_of_the_draft(clients, draft):
    url = reverse("posts:verdict", args=[draft.pk])
    assert (
        clients["reviewer"].post(url, {"kind": "approved", "revision": 99}).status_code
        == 400
    )
    assert (
        clients["reviewer"].post(url, {"kind": "maybe", "revision": 1}).status_code
        == 400
    )
    assert not Verdict.objects.exists()


def test_review_request_only_to_members(clients, draft, stranger):
    url = reverse("posts:review_request", args=[draft.pk])
    clients["owner"].post(url, {"reviewer": stranger.pk})
    assert review_state(draft) == "drafting"


# --- presence, activity, notifications ----------------------------------------------


def test_presence_shows_who_else_has_the_draft_open(clients, draft, user):
    url = reverse("posts:presence", args=[draft.pk])
    clients["reviewer"].post(url)
    assert "sam is reading" in clients["owner"].post(url).text
    seen_by_sam = clients["reviewer"].post(url).text
    assert f"{user.username} is editing" in seen_by_sam
    assert "sam is" not in seen_by_sam


def test_notifications_badge_counts_unread_and_marks_read(clients, draft, user):
    _comment(draft, user, "layers transform numbers")
    clients["reviewer"].post(
        reverse("posts:comment_create", args=[draft.pk]), {"body": "Hi"}
    )
    badge = clients["owner"].get(reverse("posts:notification_badge"))
    assert ">1<" in badge.text
    page = clients["owner"].get(reverse("posts:notifications"))
    assert "commented on" in page.text
    clients["owner"].post(reverse("posts:notifications_read"))
    assert ">1<" not in clients["owner"].get(reverse("posts:notification_badge")).text


def test_activity_feed_lists_edits_and_comments(clients, draft, user):
    clients["reviewer"].post(
        reverse("posts:comment_create", args=[draft.pk]), {"body": "Hi"}
    )
    _edit(draft, draft.body + "\n\nEdit.", user)
    page = clients["editor"].get(
        reverse("posts:activity", args=[draft.part.series.slug])
    )
    assert "commented on" in page.text and "(revision 2)" in page.text


def test_the_author_cannot_approve_their_own_draft(client, user, part):
    from posts.models import Verdict
    from tests.factories import make_draft

    draft = make_draft(part)
    client.force_login(user)
    url = reverse("posts:verdict", args=[draft.pk])
    assert draft.head is not None
    response = client.post(
        url,
        {"kind": "approved", "revision": draft.head.number, "note": ""},
        follow=True,
    )
    assert "ask a colleague to approve your own draft" in response.text
    assert not Verdict.objects.exists()
    assert (
        "Approve revision"
        not in client.get(reverse("posts:review", args=[draft.pk])).text
    )
