"""The draft board in Chromium (issue #19): compose a draft from three drafts' rows."""

from playwright.sync_api import expect

from posts.models import Draft
from tests.factories import head, make_draft

ONE = "# One\n\nHook one, you may wonder.\n\nSo what? Body one.\n\nIn next week's post (Part 2), gradients.\n\n#AI #One"
TWO = "# Two\n\nHook two.\n\nBody two.\n\nNext week, in Part 2, backprop.\n\n#AI #Two"
THREE = "# Three\n\nHook three.\n\nBody three.\n\nWhat would you try? Let me know.\n\n#AI #Three"


def test_compose_from_three_drafts_rows_with_a_feed_preview(page, login, user, part):
    for text, strategy in ((ONE, "balanced"), (TWO, "bold"), (THREE, "story")):
        make_draft(part, text, strategy=strategy)
    base = login(user)
    page.goto(f"{base}{part.get_absolute_url()}")
    page.get_by_role("link", name="Draft board").click()

    page.get_by_label("Use Draft 3’s hook").check()
    page.get_by_label("Use Draft 2’s body").check()
    page.get_by_label("Use Draft 1’s teaser").check()
    page.locator("#board-title").get_by_label("Leave out").check()
    page.locator("#board-cta").get_by_label("Leave out").check()
    page.locator("#board-hashtags").get_by_label("Leave out").check()
    # The teaser row goes first: its place number is below every other row's.
    page.get_by_label("Place of the teaser row").fill("1")

    page.get_by_role("button", name="Preview the feed").click()
    preview = page.locator("#board-preview")
    expect(preview).to_contain_text("How the feed shows the composed post")
    expect(preview).to_contain_text("In next week's post (Part 2), gradients.")
    assert Draft.objects.filter(part=part).count() == 3  # a preview stores nothing

    page.get_by_role("button", name="Compose a new draft").click()
    expect(page.get_by_text("composed on the board from 3 paragraphs")).to_be_visible()
    new = Draft.objects.get(part=part, number=4)
    assert (
        head(new).body
        == "In next week's post (Part 2), gradients.\n\nHook three.\n\nBody two.\n"
    )
    assert [(s["draft"], s["paragraph"]) for s in head(new).sources] == [
        (1, 4),
        (3, 2),
        (2, 3),
    ]
