"""Two writers in two browsers on one draft: edits merge, overlaps are resolved three-way."""

import pytest
from playwright.sync_api import expect

from posts.models import Draft
from tests.factories import MembershipFactory, UserFactory, make_draft

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 25_000  # ms: autosave (2 s idle), a presence poll (5 s), a busy machine
TEXT = "\n\n".join(
    [
        "Paragraph one opens the post.",
        "Paragraph two holds the quick brown fox.",
        "Paragraph three goes on.",
        "Paragraph four goes on.",
        "Paragraph five is nearly the end.",
        "Paragraph six ends it.",
    ]
)


def _writer(browser, live_server, user, draft):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.locator("#save-status")).to_have_text("Saved")
    return page


def _edit(page, old, new):
    """Type over `old` in the text box, as a writer would."""
    box = page.locator("#editor-body")
    start = box.input_value().index(old)
    page.evaluate(
        "([s, e]) => window.postwrightSurface.select(s, e)", [start, start + len(old)]
    )
    page.keyboard.type(new)


@pytest.fixture
def two_writers(browser, live_server, part):
    owner = part.series.owner
    colleague = UserFactory(username="carla")
    MembershipFactory(series=part.series, user=colleague, role="editor")
    draft = make_draft(part, TEXT)
    pages = [_writer(browser, live_server, u, draft) for u in (owner, colleague)]
    yield draft, owner, colleague, pages
    for page in pages:
        page.context.close()


def test_edits_of_different_paragraphs_reach_both_editors_and_the_history(
    two_writers, live_server
):
    draft, owner, colleague, (a, b) = two_writers
    _edit(a, "opens the post", "opens the post with a hook")
    _edit(b, "nearly the end", "nearly the last one")
    both = TEXT.replace("opens the post", "opens the post with a hook").replace(
        "nearly the end", "nearly the last one"
    )
    for page in (a, b):  # no reload: one by the save's merge, one by the poll
        expect(page.locator("#editor-body")).to_have_value(both, timeout=WAIT)
    # Each is told: the later saver by its save's answer, the other by the poll.
    expect(a.locator(".merge-notice")).to_contain_text("was merged in", timeout=WAIT)
    expect(b.locator(".merge-notice")).to_contain_text("was merged in", timeout=WAIT)
    names = (
        a.locator(".merge-notice").inner_text()
        + b.locator(".merge-notice").inner_text()
    )
    assert f"{colleague.username}'s edit to ¶5" in names
    assert f"{owner.username}'s edit to ¶1" in names
    assert Draft.objects.get(pk=draft.pk).body == both

    a.goto(f"{live_server.url}/drafts/{draft.pk}/history/")
    merge_row = a.locator("tr", has=a.locator(".kind-merge"))
    expect(merge_row.first).to_contain_text(owner.username)
    expect(merge_row.first).to_contain_text(colleague.username)


def test_same_sentence_edited_by_both_is_resolved_three_way_with_keep_both(
    two_writers, live_server
):
    draft, owner, colleague, (a, b) = two_writers
    _edit(a, "quick", "slow")
    _edit(b, "quick", "fast")
    # Whichever saved second overlaps the first: its editor offers the resolver.
    writer = None
    for _ in range(WAIT // 250):
        for page in (a, b):
            if page.get_by_role("link", name="Resolve the overlap").count():
                writer = page
        if writer:
            break
        a.wait_for_timeout(250)
    assert writer is not None, "neither editor was offered the resolver"
    mine, theirs = ("slow", "fast") if writer is a else ("fast", "slow")
    writer.get_by_role("link", name="Resolve the overlap").click()

    region = writer.locator(".conflict-region")
    expect(region.locator(".merge-base")).to_contain_text("quick brown fox")
    expect(region.locator(".merge-theirs")).to_contain_text(f"{theirs} brown fox")
    expect(region.locator(".merge-mine")).to_contain_text(f"{mine} brown fox")
    region.get_by_label("Keep both (mine after theirs)").check()
    expect(region.locator("textarea")).to_have_value(
        f"Paragraph two holds the {theirs} brown fox.\n\n"
        f"Paragraph two holds the {mine} brown fox.\n\n"
    )
    writer.get_by_role("button", name="Save the resolved text").click()
    writer.wait_for_url(f"{live_server.url}{draft.get_absolute_url()}")
    expected = TEXT.replace(
        "Paragraph two holds the quick brown fox.",
        f"Paragraph two holds the {theirs} brown fox.\n\n"
        f"Paragraph two holds the {mine} brown fox.",
    )
    expect(writer.locator("#editor-body")).to_have_value(expected)
    assert Draft.objects.get(pk=draft.pk).body == expected
    other = b if writer is a else a
    expect(other.locator("#editor-body")).to_have_value(expected, timeout=WAIT)
