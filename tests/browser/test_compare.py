"""Compare two drafts in Chromium: jump through changes, take a paragraph (issue #5)."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_draft

A_TEXT = "Intro stays.\n\nWe keep rules—they help.\n\nMiddle stays.\n\nOld ending."
B_TEXT = (
    "Intro stays.\n\nWe keep rules—we help.\n\nMiddle stays.\n\n"
    "A brand new paragraph from B.\n\nOld ending, now better."
)


def test_jump_through_changes_and_take_a_paragraph_from_the_right(
    page, login, user, part
):
    a = make_draft(part, A_TEXT, strategy="balanced")
    make_draft(part, B_TEXT, strategy="bold")
    base = login(user)

    page.goto(f"{base}{part.get_absolute_url()}")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url(re.compile(r"/compare/\d+/1/\d+/1/$"))

    position = page.locator("#change-position")
    expect(position).to_contain_text("3 changes")
    for expected in (
        "change 1 of 3",
        "change 2 of 3",
        "change 3 of 3",
        "change 3 of 3",
    ):
        page.keyboard.press("n")
        expect(position).to_have_text(expected)
    page.keyboard.press("p")
    expect(position).to_have_text("change 2 of 3")
    expect(page.locator(".diff-row.is-current")).to_have_count(1)
    expect(page.locator(".diff-row.is-current")).to_contain_text(
        "A brand new paragraph"
    )

    # The inline toggle swaps only the diff region (htmx) and keeps a shareable URL.
    page.get_by_role("link", name="Inline").click()
    expect(page.locator(".diff.diff-inline")).to_be_visible()
    expect(page).to_have_url(re.compile(r"view=inline"))
    page.get_by_role("link", name="Side by side").click()
    expect(page.locator(".diff.diff-side")).to_be_visible()

    new_paragraph = page.locator(".diff-row", has_text="A brand new paragraph")
    new_paragraph.get_by_label("use this paragraph").check()
    page.get_by_role("button", name="Take ticked changes into A").click()
    expect(
        page.get_by_text("Saved Draft 1 r2: Took ¶4 from Draft 2 r1")
    ).to_be_visible()
    expect(page.locator("#change-position")).to_contain_text("2 changes")

    page.goto(f"{base}{reverse('posts:history', args=[a.pk])}")
    expect(page.get_by_text("Took ¶4 from Draft 2 r1")).to_be_visible()
    a.refresh_from_db()
    assert a.head is not None
    assert a.head.number == 2 and a.head.kind == "merge"
    assert "A brand new paragraph from B." in a.head.body
    assert (
        a.head.sources[0] | {"paragraph": 4, "draft": 2, "revision": 1}
        == a.head.sources[0]
    )


def test_n_and_p_go_on_after_a_tick_and_t_takes_the_current_change(
    page, login, user, part
):
    a = make_draft(part, A_TEXT, strategy="balanced")
    b = make_draft(part, B_TEXT, strategy="bold")
    base = login(user)
    page.goto(f"{base}{reverse('posts:compare', args=[a.pk, 1, b.pk, 1])}")
    position = page.locator("#change-position")

    # Ticking change 2 by mouse makes it the current one; n goes on to change 3.
    page.locator(".diff-row.is-change").nth(1).get_by_role("checkbox").check()
    expect(position).to_have_text("change 2 of 3")
    page.keyboard.press("n")
    expect(position).to_have_text("change 3 of 3")
    page.keyboard.press("t")
    expect(position).to_have_text("change 3 of 3: taken")
    third = page.locator(".diff-row.is-change").nth(2).get_by_role("checkbox")
    expect(third).to_be_checked()
    page.keyboard.press("p")
    expect(position).to_have_text("change 2 of 3")
    page.keyboard.press("t")  # unticks change 2
    expect(
        page.locator(".diff-row.is-change").nth(1).get_by_role("checkbox")
    ).not_to_be_checked()
