"""The editor's tabs follow the WAI-ARIA tabs pattern: panels, one tab stop, arrow keys."""

import pytest
from playwright.sync_api import expect

from tests.factories import PartFactory, SeriesFactory, UserFactory, make_draft

pytestmark = pytest.mark.browser


def test_arrow_keys_move_between_the_editor_tabs_on_a_phone(browser, live_server):
    owner = UserFactory.create(username="ada")
    draft = make_draft(PartFactory(series=SeriesFactory(owner=owner)), "Hello there.")
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/drafts/{draft.pk}/")

    write = page.get_by_role("tab", name="Write")
    preview = page.get_by_role("tab", name="Preview")
    expect(write).to_have_attribute("aria-selected", "true")
    expect(preview).to_have_attribute("tabindex", "-1")
    expect(page.get_by_role("tabpanel", name="Write")).to_be_visible()
    write.focus()
    page.keyboard.press("ArrowRight")
    expect(preview).to_be_focused()
    expect(preview).to_have_attribute("aria-selected", "true")
    panel = page.get_by_role("tabpanel", name="Preview")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Hello there.")
    expect(page.get_by_role("tabpanel", name="Write")).to_be_hidden()
    page.keyboard.press("End")
    expect(page.get_by_role("tab", name="LinkedIn")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(write).to_be_focused()
    expect(write).to_have_attribute("aria-selected", "true")
