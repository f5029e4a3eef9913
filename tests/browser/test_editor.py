"""The editor in real Chromium: autosave, offline, and two writers at once."""

import pytest
from playwright.sync_api import expect

from posts.models import Draft
from series.models import VoiceElement
from tests.factories import make_draft

pytestmark = pytest.mark.django_db(transaction=True)

SAVE_WAIT = 15_000  # ms: 2 s idle + request, with room for a busy machine


def _head_body(draft) -> str:
    return Draft.objects.get(pk=draft.pk).body


def _open_editor(page, base, draft):
    page.goto(f"{base}{draft.get_absolute_url()}")
    expect(page.locator("#save-status")).to_have_text("Saved")
    return page.locator(".cm-content")  # CodeMirror, over the hidden #editor-body


def _type_at_end(page, textarea, words):
    textarea.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(words)


def _unsent_copies(page, draft) -> list[str]:
    """The bodies this browser keeps for the draft, one per tab or visit."""
    return page.evaluate(
        """prefix => Object.keys(localStorage)
            .filter(k => k.startsWith(prefix))
            .map(k => JSON.parse(localStorage.getItem(k)).body)""",
        f"postwright:draft:{draft.pk}:unsent",
    )


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
    stored = _unsent_copies(page, draft)
    assert len(stored) == 1 and stored[0].endswith("Written on a train.")
    page.context.set_offline(False)
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=SAVE_WAIT)
    assert _head_body(draft) == "Start. Written on a train."


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
    page.locator(".cm-content").fill("First words. Written after logging in again.")
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
    page.locator(".cm-content").fill("Fresh **bold** words\n\n#AI #ML #Data")
    expect(page.locator("#preview strong")).to_have_text("bold")
    expect(page.locator("#live-panel")).to_contain_text("Checks")


# --- the checks panel's buttons --------------------------------------------------

COUNTED = "You may wonder why. That is because it matters.\n\n#AI #ML #Data"


def test_the_first_fix_button_fixes_on_a_fresh_page(page, login, part):
    """Its form once sat inside the editor form: the parser dropped it, and
    the button saved a pointless named version instead."""
    draft = make_draft(part, COUNTED, declared_word_count=3)
    base = login(part.series.owner)
    _open_editor(page, base, draft)
    # The writer picks which count to write: here the one with the hashtags.
    fix = page.locator("#live-panel").get_by_role("button", name="(everything)")
    expect(fix).to_have_count(1)
    expect(
        page.locator("#live-panel").get_by_role("button", name="9 (prose)")
    ).to_have_count(1)
    words = int(fix.inner_text().split(" ", 1)[0])
    assert words == 12
    fix.click()
    expect(fix).to_have_count(0, timeout=SAVE_WAIT)  # the panel checked again
    fresh = Draft.objects.get(pk=draft.pk)
    assert fresh.declared_word_count == words
    assert fresh.revisions.count() == 1
    expect(page.locator("#save-status")).to_have_text("Saved")


def test_the_first_tick_button_ticks_on_a_fresh_page(page, login, part):
    VoiceElement.objects.create(series=part.series, label="Anecdote", mode="manual")
    draft = make_draft(part, COUNTED)
    base = login(part.series.owner)
    _open_editor(page, base, draft)
    panel = page.locator("#live-panel")
    expect(panel.locator("details")).to_have_attribute("open", "")  # manual ones wait
    panel.get_by_role("button", name="tick", exact=True).click()
    expect(panel.get_by_role("button", name="untick")).to_be_visible(timeout=SAVE_WAIT)
    fresh = Draft.objects.get(pk=draft.pk)
    assert fresh.metadata["voice_ticks"] == ["Anecdote"]
    assert fresh.revisions.count() == 1


# --- when saving fails -------------------------------------------------------------


def test_a_server_error_says_so_keeps_the_text_and_offers_a_retry(page, login, part):
    """A 5xx is not "offline": no endless retries, the text stays, Try again."""
    draft = make_draft(part, "Start.")
    base = login(part.series.owner)
    textarea = _open_editor(page, base, draft)
    attempts = []

    def fail(route):
        attempts.append(route.request.url)
        route.fulfill(status=500, content_type="text/html", body="<h1>Oops</h1>")

    page.route("**/save/", fail)
    _type_at_end(page, textarea, " Kept safe.")
    status = page.locator("#save-status")
    expect(status).to_have_text("Not saved: server error", timeout=SAVE_WAIT)
    error = page.locator("#save-error")
    expect(error).to_contain_text("The server could not save your text (error 500)")
    expect(error).to_contain_text("Your text is kept in this browser.")
    assert _unsent_copies(page, draft) == ["Start. Kept safe."]
    page.wait_for_timeout(4_000)  # an offline retry would have come twice by now
    assert len(attempts) == 1
    page.unroute("**/save/")
    error.get_by_role("button", name="Try again").click()
    expect(status).to_have_text("Saved", timeout=SAVE_WAIT)
    expect(error).to_be_hidden()
    assert _head_body(draft) == "Start. Kept safe."
    assert _unsent_copies(page, draft) == []


def test_an_oversized_autosave_names_the_limit(page, login, part, settings):
    """Over DATA_UPLOAD_MAX_MEMORY_SIZE (lowered here: a 6 MiB text area
    takes Chromium seconds to lay out; tests/test_errors.py sends 6 MiB)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    draft = make_draft(part, "Start.")
    base = login(part.series.owner)
    _open_editor(page, base, draft)
    page.locator("#editor-body").evaluate(
        """el => {
            el.value = "word ".repeat(1024 * 1024 / 5 + 100);
            el.dispatchEvent(new Event("input", { bubbles: true }));
        }"""
    )
    expect(page.locator("#save-status")).to_have_text("Not saved", timeout=SAVE_WAIT)
    error = page.locator("#save-error")
    expect(error).to_contain_text(
        "Too large to save: the limit is 1 MB for one request."
    )
    expect(error).not_to_contain_text("session")
    assert _head_body(draft) == "Start."


# --- two tabs on one draft ---------------------------------------------------------


def test_two_tabs_offline_each_keep_their_copy_and_both_are_offered(page, login, part):
    draft = make_draft(part, "Shared start.")
    base = login(part.series.owner)
    first = page
    second = page.context.new_page()
    for tab in (first, second):
        _open_editor(tab, base, draft)
    context = page.context
    # Saves fail as they do offline, but only saves: a closed tab's renderer can
    # outlive page.close() by a moment, and its pending retry must not reach the
    # server when the rest of the network comes back.
    context.route("**/save/", lambda route: route.abort("internetdisconnected"))
    _type_at_end(first, first.locator(".cm-content"), " Typed in tab one.")
    _type_at_end(second, second.locator(".cm-content"), " Typed in tab two.")
    for tab in (first, second):
        expect(tab.locator("#save-status")).to_have_text(
            "Offline – retrying", timeout=SAVE_WAIT
        )
    assert sorted(_unsent_copies(first, draft)) == [
        "Shared start. Typed in tab one.",
        "Shared start. Typed in tab two.",
    ]
    first.close()
    second.close()

    again = context.new_page()
    _open_editor(again, base, draft)
    offer = again.locator("#restore-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("2 texts for this draft")
    items = offer.locator(".restore-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Typed in tab one.")
    expect(items.nth(1)).to_contain_text("Typed in tab two.")
    expect(items.nth(0)).to_contain_text("based on revision 1")
    assert _head_body(draft) == "Shared start."
    context.unroute("**/save/")

    items.nth(0).get_by_role("button", name="Restore").click()
    expect(again.locator("#editor-body")).to_have_value(
        "Shared start. Typed in tab one."
    )
    expect(again.locator("#save-status")).to_have_text("Saved", timeout=SAVE_WAIT)
    assert _head_body(draft) == "Shared start. Typed in tab one."
    # The other tab's text is still there, offered again on the next visit.
    assert _unsent_copies(again, draft) == ["Shared start. Typed in tab two."]
    again.reload()
    expect(again.locator(".restore-item")).to_have_count(1)
    expect(again.locator(".restore-item")).to_contain_text("Typed in tab two.")


# --- a session that ended ---------------------------------------------------------


def test_preview_after_the_session_ended_says_so_and_recovers(page, login, user, part):
    """Logged out elsewhere: the preview keeps its text and says why it stopped;
    once logged in again in another tab, preview and autosave carry on."""
    draft = make_draft(part, "Before.")
    base = login(user)
    textarea = _open_editor(page, base, draft)
    other = page.context.new_page()
    other.goto(f"{base}/")
    other.get_by_role("button", name=user.username).click()
    other.get_by_role("button", name="Log out").click()
    other.wait_for_url(f"{base}/accounts/login/")

    _type_at_end(page, textarea, " While logged out.")
    error = page.locator("#save-error")
    expect(error).to_contain_text("Your session has ended", timeout=SAVE_WAIT)
    expect(error.get_by_role("link", name="Log in (new tab)")).to_be_visible()
    preview = page.locator("#preview")
    expect(preview).to_have_count(1)
    expect(preview).to_contain_text("Before.")
    expect(page.locator("#preview input[name=password]")).to_have_count(0)
    expect(page.locator("#save-status")).to_have_text(
        "Not saved: logged out", timeout=SAVE_WAIT
    )
    expect(error).to_contain_text("Your text is kept in this browser.")
    expect(page.locator("#request-notice")).to_have_count(0)  # said once, here

    other.get_by_label("Username").fill(user.username)
    other.get_by_label("Password").fill("correct-horse-battery")
    other.get_by_role("button", name="Log in").click()
    other.wait_for_url(f"{base}/")

    _type_at_end(page, textarea, " Back again.")
    expect(preview).to_contain_text("While logged out. Back again.", timeout=SAVE_WAIT)
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=SAVE_WAIT)
    expect(error).to_be_hidden()
    assert _head_body(draft) == "Before. While logged out. Back again."
