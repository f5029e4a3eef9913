"""Refused htmx requests outside the editor, in real Chromium (static/js/app.js)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_other_htmx_requests_after_the_session_ended_show_a_notice(page, login, user):
    """Outside the editor (here the notifications badge), a refused htmx
    request is not swapped in: a notice says why, and goes once it works."""
    base = login(user)
    page.goto(f"{base}/")
    other = page.context.new_page()
    other.goto(f"{base}/")
    other.get_by_role("button", name=user.username).click()
    other.get_by_role("button", name="Log out").click()
    other.wait_for_url(f"{base}/accounts/login/")

    badge = "htmx.ajax('GET', '/review/notifications/badge/', '#notification-badge')"
    page.evaluate(badge)
    notice = page.locator("#request-notice")
    expect(notice).to_contain_text("Your session has ended")
    expect(notice.get_by_role("link", name="Log in (new tab)")).to_have_attribute(
        "href", "/accounts/login/"
    )
    expect(page.locator("#notification-badge input")).to_have_count(0)

    other.get_by_label("Username").fill(user.username)
    other.get_by_label("Password").fill("correct-horse-battery")
    other.get_by_role("button", name="Log in").click()
    other.wait_for_url(f"{base}/")
    page.evaluate(badge)
    expect(notice).to_be_hidden()
