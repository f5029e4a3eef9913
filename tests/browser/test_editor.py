"""The editor in real Chromium: autosave, offline, and two writers at once."""

import pytest
from playwright.sync_api import expect

from posts.models import Draft
from tests.factories import MembershipFactory, UserFactory, make_draft

pytestmark = pytest.mark.django_db(transaction=True)

SAVE_WAIT = 15_000  # ms: 2 s idle + request, with room for a busy machine


def _head_body(draft) -> str:
    return Draft.objects.get(pk=draft.pk).body


def _open_editor(page, base, draft):
    page.goto(f"{base}{draft.get_absolute_url()}")
    expect(page.locator("#save-status")).to_have_text("Saved")
    return page.locator("#editor-body")


def _type_at_end(page, textarea, words):
    textarea.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(words)


def test_typed_text_is_autosaved_and_there_after_reload(page, login, part):
    draft = make_draft(part, "First line.")
    base = login(part.series.owner)
    textarea = _open_editor(page, base, draft)
    _type_at_end(page, textarea, " Typed in the browser.")
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=SAVE_WAIT)
    expect(page.locator("#preview")).to_contain_text("Typed in the browser.")
    page.reload()
    expect(page.locator("#editor-body")).to_have_value(
        "First line. Typed in the browser."
    )
    assert _head_body(draft) == "First line. Typed in the browser."


def test_text_typed_offline_arrives_when_back_online(page, login, part):
    draft = make_draft(part, "Start.")
    base = login(part.series.owner)
    textarea = _open_editor(page, base, draft)
    page.context.set_offline(True)
    _type_at_end(page, textarea, " Written on a train.")
    expect(page.locator("#save-status")).to_have_text(
        "Offline – retrying", timeout=SAVE_WAIT
    )
    stored = page.evaluate(
        f"localStorage.getItem('postwright:draft:{draft.pk}:unsent')"
    )
    assert "Written on a train." in stored
    page.context.set_offline(False)
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=SAVE_WAIT)
    assert _head_body(draft) == "Start. Written on a train."


def test_second_writer_sees_the_conflict_banner_and_can_take_theirs(
    browser, live_server, part
):
    owner = part.series.owner
    colleague = UserFactory()
    MembershipFactory(series=part.series, user=colleague, role="editor")
    draft = make_draft(part, "Shared text.")
    pages = []
    for user in (owner, colleague):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        _open_editor(page, live_server.url, draft)
        pages.append(page)
    first, second = pages

    _type_at_end(first, first.locator("#editor-body"), " Owner was here.")
    expect(first.locator("#save-status")).to_have_text("Saved", timeout=SAVE_WAIT)
    _type_at_end(second, second.locator("#editor-body"), " Colleague too.")

    banner = second.locator("#conflict-banner")
    expect(banner).to_contain_text(
        f"{owner.username} saved revision 2 while you were editing", timeout=SAVE_WAIT
    )
    expect(banner).to_contain_text("your text is saved as revision 3")
    bodies = set(
        Draft.objects.get(pk=draft.pk).revisions.values_list("body", flat=True)
    )
    assert {"Shared text. Owner was here.", "Shared text. Colleague too."} <= bodies

    banner.get_by_role("button", name="Continue with theirs").click()
    expect(second.locator("#editor-body")).to_have_value("Shared text. Owner was here.")
    expect(banner).to_be_empty()
    assert _head_body(draft) == "Shared text. Owner was here."
    for page in pages:
        page.context.close()


def test_saving_works_right_after_logging_in_again_elsewhere(page, login, user, part):
    """Logging in again rotates the CSRF token; the open editor must use the new one."""
    draft = make_draft(part, "First words.")
    base = login(user)
    page.goto(f"{base}{draft.get_absolute_url()}")
    other = page.context.new_page()
    other.goto(f"{base}/accounts/login/")
    other.context.clear_cookies()
    other.goto(f"{base}/accounts/login/")
    other.get_by_label("Username").fill(user.username)
    other.get_by_label("Password").fill("correct-horse-battery")
    other.get_by_role("button", name="Log in").click()
    other.wait_for_url(f"{base}/")
    page.locator("#editor-body").fill("First words. Written after logging in again.")
    page.get_by_role("button", name="Save version").click()
    expect(page.locator("#save-status")).to_contain_text("Saved")
    draft.refresh_from_db()
    assert draft.body.endswith("Written after logging in again.")


def test_htmx_posts_pass_csrf_and_the_live_preview_follows_typing(
    page, login, user, part
):
    """htmx end to end. The presence heartbeat is a POST with no form, so only
    the X-CSRFToken header vouches for it (one header, one token)."""
    draft = make_draft(part, "Old words.")
    base = login(user)
    statuses = []
    page.on(
        "response",
        lambda r: statuses.append(r.status) if "/presence/" in r.url else None,
    )
    page.goto(f"{base}{draft.get_absolute_url()}")
    expect(page.locator("#review-panel")).to_contain_text(
        "Review, comments and suggestions"
    )
    assert statuses and set(statuses) == {200}
    page.locator("#editor-body").fill("Fresh **bold** words\n\n#AI #ML #Data")
    expect(page.locator("#preview strong")).to_have_text("bold")
    expect(page.locator("#live-panel")).to_contain_text("Checks")
