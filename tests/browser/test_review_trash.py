"""A reviewer deletes a comment someone replied to: the thread keeps the reply
and shows the gap, and the trash brings the comment back."""

import os

import pytest
from playwright.sync_api import expect

from posts.models import Comment
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    PartFactory,
    SeriesFactory,
    UserFactory,
    anchored_comment,
    make_draft,
)

pytestmark = pytest.mark.browser

BODY = "Networks learn from data.\n\nIn a nutshell, layers transform numbers.\n\nEach layer adds a little.\n"


def _thread(draft, author, replier):
    comment = anchored_comment(
        draft,
        "layers transform numbers",
        "Which layers? All of them, or the hidden ones only?",
        author=author,
    )
    Comment.objects.create(
        draft=draft,
        revision=draft.head,
        parent=comment,
        author=replier,
        body="The hidden ones: I say so in part 2.",
    )
    return comment


def _shot(page, name: str) -> None:
    """Screenshots for a person to look at, when SCREENSHOTS names a folder."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_deleting_a_comment_keeps_the_reply_and_the_trash_restores_it(
    browser, live_server, width
):
    author = UserFactory(username="ada")
    reviewer = UserFactory(username="sam")
    series = SeriesFactory(owner=author, title="Networks")
    MembershipFactory(series=series, user=reviewer, role="reviewer")
    draft = make_draft(PartFactory(series=series, number=1), BODY)
    comment = _thread(draft, reviewer, author)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda dialog: dialog.accept())
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/review/drafts/{draft.pk}/")
    thread = page.locator(f"#c-{comment.pk}")
    thread.get_by_role("button", name="Delete").click()
    expect(thread).to_contain_text("Comment deleted.")
    expect(thread).to_contain_text("The hidden ones: I say so in part 2.")
    expect(thread).not_to_contain_text("All of them")
    expect(page.locator("#threads")).to_contain_text("restore it from your trash")
    expect(page.locator("mark.anchor")).to_have_text("layers transform numbers")
    _shot(page, f"review-deleted-{width}")

    page.get_by_role("link", name="Open the trash").click()
    row = page.locator(".trash-comment")
    expect(row).to_contain_text("Which layers?")
    _shot(page, f"trash-{width}")
    row.get_by_role("button", name="Restore").click()
    expect(page.locator(f"#c-{comment.pk}")).to_contain_text("All of them")
    assert page.url.endswith(f"#c-{comment.pk}")
    assert not errors, errors
