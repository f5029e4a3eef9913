"""Reviewing on a phone and without a mouse: the comment box comes to the words."""

import pytest
from playwright.sync_api import expect

from posts.models import Comment
from posts.review.comments import threads_for
from tests.factories import (
    PASSWORD,
    PartFactory,
    SeriesFactory,
    UserFactory,
    anchored_comment,
    head,
    make_draft,
)

pytestmark = pytest.mark.browser

PARAGRAPHS = [
    f"Paragraph {n} says something about layers and data." for n in range(1, 15)
]
BODY = "\n\n".join([*PARAGRAPHS, "In a nutshell, layers transform numbers."]) + "\n"

# Selects `quote` as a finger does: the selection changes, no mouse event follows.
TOUCH_SELECT = """(quote) => {
  const article = document.getElementById("review-text");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const at = n.data.indexOf(quote);
    if (at < 0) continue;
    n.parentElement.scrollIntoView({ block: "end" });
    const range = document.createRange();
    range.setStart(n, at);
    range.setEnd(n, at + quote.length);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    return true;
  }
  return false;
}"""


def _reviewer_on_the_review_page(
    browser, live_server, body=BODY, before=None, **context
):
    owner = UserFactory.create(username="ada")
    reviewer = UserFactory.create(username="sam")
    series = SeriesFactory.create(owner=owner, title="Networks")
    series.memberships.create(user=reviewer, role="reviewer")
    draft = make_draft(PartFactory(series=series, number=1), body)
    if before:
        before(draft)
    page = browser.new_context(**context).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/review/drafts/{draft.pk}/")
    return page, draft


def test_on_a_phone_a_touch_selection_opens_the_comment_sheet_beside_the_words(
    browser, live_server
):
    page, draft = _reviewer_on_the_review_page(
        browser, live_server, viewport={"width": 390, "height": 844}, has_touch=True
    )
    assert page.evaluate(TOUCH_SELECT, "layers transform numbers")
    box = page.locator("#new-comment")
    expect(page.locator("#new-comment-quote")).to_have_text("layers transform numbers")
    expect(box).to_be_in_viewport()
    # The words stay visible above the sheet.
    words = page.evaluate(
        "() => window.getSelection().getRangeAt(0).getBoundingClientRect().bottom"
    )
    assert words <= box.bounding_box()["y"]
    box.locator("textarea[name=body]").fill("Which layers?")
    with page.expect_navigation():
        box.get_by_role("button", name="Comment", exact=True).click()
    comment = Comment.objects.get(draft=draft)
    assert (
        comment.quote == "layers transform numbers" and comment.body == "Which layers?"
    )
    # The thread follows the text, before suggestions, and leads back to its words.
    thread = page.locator(f"#c-{comment.pk}")
    # Both measured at once: the page may still be scrolling to the new thread.
    above = page.evaluate(
        """(id) => document.getElementById(id).getBoundingClientRect().top <
        document.getElementById("suggestions").getBoundingClientRect().top""",
        f"c-{comment.pk}",
    )
    assert above
    thread.get_by_role("button", name="Show in text").click()
    expect(page.locator("mark.anchor.active")).to_be_in_viewport()


def test_without_a_mouse_words_are_typed_and_commented_on(browser, live_server):
    page, draft = _reviewer_on_the_review_page(browser, live_server)
    page.locator("body").press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    words = page.get_by_label("Words you comment on (optional)")
    words.focus()
    words.press_sequentially("LAYERS transform")
    expect(page.locator("#new-comment-quote")).to_have_text("layers transform")
    expect(page.locator("#new-comment-words-help")).to_have_text(
        "Found in the text (highlighted)."
    )
    page.keyboard.press("Tab")
    expect(page.locator("#new-comment textarea[name=body]")).to_be_focused()
    page.keyboard.type("Which ones?")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    comment = Comment.objects.get(draft=draft)
    assert comment.quote == "layers transform" and comment.position > 0
    expect(page.locator("mark.anchor")).to_have_text("layers transform")


def test_typed_words_that_are_not_in_the_text_make_a_comment_on_the_whole_draft(
    browser, live_server
):
    page, draft = _reviewer_on_the_review_page(browser, live_server)
    words = page.get_by_label("Words you comment on (optional)")
    words.fill("nowhere to be found")
    expect(page.locator("#new-comment-words-help")).to_contain_text("not in the text")
    page.locator("#new-comment textarea[name=body]").fill("General remark.")
    with page.expect_navigation():
        page.get_by_role("button", name="Comment", exact=True).click()
    assert Comment.objects.get(draft=draft).quote == ""


def _threads_on_paragraph_two(draft):
    anchored_comment(draft, "Paragraph 2 says", body="On the second.")
    Comment.objects.create(draft=draft, revision=head(draft), body="On the whole.")


def _boxes(page, thread):
    """The thread's box, the paragraphs around it, and where it sits in the DOM."""
    return page.evaluate(
        """(id) => {
          const ps = [...document.querySelectorAll("#review-text > p")];
          const box = (el) => el.getBoundingClientRect().toJSON();
          const t = document.getElementById(id);
          return {
            copies: document.querySelectorAll(`[id="${id}"]`).length,
            afterSecond: ps[1].nextElementSibling.contains(t),
            inList: document.getElementById("threads").contains(t),
            second: box(ps[1]), third: box(ps[2]), thread: box(t),
            article: box(document.getElementById("review-text")),
          };
        }""",
        f"c-{thread.pk}",
    )


def _settled(page, thread, done, seconds: float = 5.0) -> dict:
    """_boxes once `done(boxes)` holds (or after `seconds`): the page's script
    moves threads after an htmx swap or a resize, a moment after it."""
    for _ in range(int(seconds * 10)):
        at = _boxes(page, thread)
        if done(at):
            return at
        page.wait_for_timeout(100)
    return _boxes(page, thread)


def test_on_a_phone_a_thread_follows_its_paragraph_and_goes_back_on_a_laptop(
    browser, live_server
):
    page, draft = _reviewer_on_the_review_page(
        browser,
        live_server,
        body="\n\n".join(PARAGRAPHS[:4]) + "\n",
        before=_threads_on_paragraph_two,
        viewport={"width": 390, "height": 844},
    )
    thread = Comment.objects.get(body="On the second.")
    whole = page.locator(f"#c-{Comment.objects.get(body='On the whole.').pk}")
    at = _settled(page, thread, lambda at: at["afterSecond"])
    assert at["copies"] == 1 and at["afterSecond"] and not at["inList"]
    assert at["second"]["bottom"] <= at["thread"]["top"] < at["second"]["bottom"] + 40
    assert at["thread"]["bottom"] <= at["third"]["top"]
    expect(page.locator("#threads")).to_contain_text(
        "1 comment on words is shown under its paragraph"
    )
    expect(page.locator("#threads")).to_contain_text("On the whole.")
    assert whole.evaluate("(t) => t.parentElement.id") == "threads"
    # The words are still found and highlighted once, the thread's quote aside.
    expect(page.locator("mark.anchor")).to_have_text("Paragraph 2 says")

    # A reply swaps the list: the thread comes back to its paragraph, once.
    card = page.locator(f"#c-{thread.pk}")
    card.locator("summary").click()
    card.get_by_label("Reply").fill("Agreed.")
    card.get_by_role("button", name="Reply", exact=True).click()
    expect(card).to_contain_text("Agreed.")
    # The swapped-in list shows the thread first; the script then moves it back.
    at = _settled(page, thread, lambda at: at["afterSecond"])
    assert at["copies"] == 1 and at["afterSecond"]

    # On a laptop the thread is back in the column beside the text.
    page.set_viewport_size({"width": 1366, "height": 768})
    at = _settled(page, thread, lambda at: at["inList"])
    assert at["copies"] == 1 and at["inList"] and not at["afterSecond"]
    assert at["thread"]["left"] >= at["article"]["right"]
    assert (
        page.locator("#review-text .inline-threads, .inline-threads-note").count() == 0
    )
    ids = page.locator("#threads .thread").evaluate_all("(ts) => ts.map((t) => t.id)")
    assert ids == [f"c-{t.comment.pk}" for t in threads_for(draft)]
