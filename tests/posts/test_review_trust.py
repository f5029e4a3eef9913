"""Issue #13 on the review side: nothing said in a thread is lost, anchors
find the right words, approval follows the text, and stale or made-up
revisions are refused in words."""

from django.urls import reverse

from posts.models import Comment, Revision
from posts.review import rendered_text
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
