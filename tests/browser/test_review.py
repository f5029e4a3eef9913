"""Two people in two browsers: the author invites, the reviewer comments on
selected words and suggests, the author takes one change of two, the reviewer
approves."""

import pytest
from playwright.sync_api import expect

from posts.models import Draft, Verdict
from tests.browser.selection import SELECT
from tests.factories import (
    PASSWORD,
    PartFactory,
    SeriesFactory,
    UserFactory,
    make_draft,
)

pytestmark = pytest.mark.browser

BODY = "Networks learn from data.\n\nIn a nutshell, layers transform numbers.\n\nEach layer adds a little.\n"


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def test_author_and_reviewer_review_a_draft_together(browser, live_server):
    author = UserFactory(username="ada")
    reviewer = UserFactory(username="sam")
    series = SeriesFactory.create(owner=author, title="Networks")
    draft = make_draft(PartFactory(series=series, number=1), BODY)
    base = live_server.url
    a = browser.new_context().new_page()
    b = browser.new_context().new_page()
    errors = []
    for page in (a, b):
        page.on("pageerror", lambda e: errors.append(str(e)))

    # The author invites sam as a reviewer.
    _login(a, base, author)
    a.goto(f"{base}/members/{series.slug}/")
    a.get_by_label("Username").fill("sam")
    a.get_by_label("Role").select_option("reviewer")
    a.get_by_role("button", name="Invite", exact=True).click()
    expect(a.locator("#member-list")).to_contain_text("sam")

    # sam selects words and comments on them.
    _login(b, base, reviewer)
    b.goto(f"{base}/review/drafts/{draft.pk}/")
    assert b.evaluate(SELECT, "layers transform numbers")
    expect(b.locator("#new-comment-quote")).to_have_text("layers transform numbers")
    b.locator("#new-comment textarea[name=body]").fill("Which layers?")
    with b.expect_navigation():
        b.get_by_role("button", name="Comment", exact=True).click()
    expect(b.locator(".thread")).to_contain_text("Which layers?")
    expect(b.locator("mark.anchor")).to_have_text("layers transform numbers")

    # sam suggests two changes.
    b.get_by_role("link", name="Suggest an edit").click()
    text = b.get_by_label("Your version of the text")
    text.fill(
        BODY.replace("learn from data", "learn from examples").replace(
            "adds a little", "adds a lot"
        )
    )
    b.get_by_role("button", name="Send suggestion").click()
    expect(b.locator("#suggestions")).to_contain_text("Open")

    # The author takes the first change and leaves the second.
    a.goto(f"{base}/review/drafts/{draft.pk}/")
    expect(a.locator("mark.anchor")).to_have_count(1)
    a.get_by_role("link", name="Review changes").click()
    boxes = a.locator("input[name=take]")
    expect(boxes).to_have_count(2)
    boxes.nth(1).uncheck()
    a.get_by_role("button", name="Apply checked changes").click()
    expect(a.locator("#suggestions")).to_contain_text("Applied: 1 of 2")
    draft = Draft.objects.get(pk=draft.pk)
    assert "learn from examples" in draft.body and "adds a little" in draft.body
    assert draft.head is not None
    assert draft.head.author == reviewer

    # sam approves the new revision.
    b.goto(f"{base}/review/drafts/{draft.pk}/")
    b.get_by_role("button", name=f"Approve revision {draft.head.number}").click()
    expect(b.locator("#review-state")).to_have_text("Approved")
    assert Verdict.objects.get().revision == draft.head
    assert not errors, errors
