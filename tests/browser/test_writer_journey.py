"""A writer's whole journey in Chromium, through the pages only.

Import the two example drafts, edit, re-import a regenerated one, compare and
take a paragraph, review with a colleague in a second browser (comment,
reply, delete, suggest, approve), publish, export, import the export. On the
way: no page error, no console error, no 5xx; at the end nothing typed or
imported is missing from the history.

SCREENSHOTS=/some/folder keeps a full-page screenshot of each key step.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from posts.models import Comment, Draft, Revision, Verdict
from posts.textkit.parsing import parse_draft
from series.models import Series
from tests.browser.selection import SELECT
from tests.factories import PASSWORD, UserFactory, head

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 15_000  # ms: a round trip (autosave: 2 s idle first) on a loaded 2-core machine
VIEWPORT = {"width": 1366, "height": 900}

BALANCED = "neural-networks-part1-balanced.md"
VOICE_MATCH = "neural-networks-part1-voice-match.md"

TYPED_FIRST = " I wrote this sentence myself."
TYPED_AGAIN = " Typed again after the re-import."
REGENERATED_OLD = "Here's the magic: during forward propagation"
REGENERATED_NEW = "Here is what happens: during forward propagation"
TAKEN = "Let's look at a concrete example: handwritten digit recognition."
QUOTE = "handwritten digit recognition"
COMMENT = "Is MNIST the best example for beginners?"
REPLY = "It is the classic one, so readers can find more about it."
SUGGESTED_OLD = "is the difference between using AI tools"
SUGGESTED_NEW = "makes the difference between using AI tools"

# Puts the caret right after `after` in the editor's text, as a click there would.
CARET_AFTER = """(el, after) => {
  const at = el.value.indexOf(after);
  if (at < 0) return false;
  window.postwrightSurface.select(at + after.length, at + after.length);
  return true;
}"""


def _watch(page: Page, who: str, problems: list[str]) -> None:
    """Every page error, console error and 5xx answer, said with who saw it."""
    page.on("pageerror", lambda error: problems.append(f"{who}: page error {error}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"{who}: console {msg.text} ({msg.location})")
            if msg.type == "error"
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(
                f"{who}: {response.status} {response.request.method} {response.url}"
            )
            if response.status >= 500
            else None
        ),
    )


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _breadcrumb(page: Page, name: str) -> None:
    page.get_by_label("breadcrumb").get_by_role("link", name=name, exact=True).click()


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def _new_series(page: Page, title: str) -> None:
    page.get_by_role("link", name="New series").click()
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create series").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible(timeout=WAIT)


def _import(page: Page, files: list) -> None:
    """Upload through the import page's file input; one result row per file."""
    page.get_by_role("link", name="Import drafts").click()
    # loaded: import.js sends the files
    page.wait_for_url(re.compile(r"/import/[\w-]+/$"))
    page.locator('input[type="file"]').set_input_files(files)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-progress")).to_have_text(
        f"Done: {len(files)} of {len(files)} processed.", timeout=WAIT
    )


def _type_after(page: Page, after: str, words: str) -> None:
    """Type `words` in the editor right after `after`, then wait for the autosave."""
    editor = page.locator("#editor-body")
    expect(page.locator("#save-status")).to_have_text("Saved")
    assert editor.evaluate(CARET_AFTER, after), f"{after!r} is not in the editor"
    page.keyboard.type(words)
    expect(page.locator("#save-status")).not_to_have_text("Saved")
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=WAIT)


def test_a_writers_journey_from_import_to_reimported_export(
    browser, live_server, examples, tmp_path
):
    ada = UserFactory.create(username="ada")
    UserFactory.create(username="sam")
    base = live_server.url
    problems: list[str] = []
    author = browser.new_context(viewport=VIEWPORT, accept_downloads=True).new_page()
    colleague = browser.new_context(viewport=VIEWPORT).new_page()
    _watch(author, "ada", problems)
    _watch(colleague, "sam", problems)
    colleague.on("dialog", lambda dialog: dialog.accept())

    # --- Import both example drafts into a new series.
    _login(author, base, "ada")
    _new_series(author, "Neural Networks")
    series = Series.objects.get(owner=ada)
    _import(author, [examples / BALANCED, examples / VOICE_MATCH])
    expect(author.locator("tr.import-imported")).to_have_count(2)
    _shot(author, "01-imported")
    balanced = Draft.objects.get(part__series=series, number=1)
    voice = Draft.objects.get(part__series=series, number=2)
    assert voice.part_id == balanced.part_id

    # --- Edit: type a sentence, the autosave keeps it.
    author.get_by_role("link", name="Part 1 · Draft 1").click()
    author.wait_for_url(f"{base}/drafts/{balanced.pk}/")  # loaded: editor.js listens
    _type_after(author, "in under 2 hours.", TYPED_FIRST)
    expect(author.locator("#preview")).to_contain_text(
        TYPED_FIRST.strip(), timeout=WAIT
    )
    _shot(author, "02-editor-typed")
    balanced.refresh_from_db()
    assert TYPED_FIRST in balanced.body
    typed = head(balanced)

    # --- Re-import a regenerated file: a new revision of the same draft.
    regenerated = (
        (examples / BALANCED).read_text().replace(REGENERATED_OLD, REGENERATED_NEW)
    )
    assert regenerated != (examples / BALANCED).read_text()
    _breadcrumb(author, "Neural Networks")
    _import(
        author,
        [
            {
                "name": BALANCED,
                "mimeType": "text/markdown",
                "buffer": regenerated.encode(),
            }
        ],
    )
    row = author.locator("tr.import-new_revision")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Part 1 · Draft 1")
    expect(row).to_contain_text(  # the typed sentence is not in the new text
        f"they stay in the history as revision {typed.number}."
    )
    _shot(author, "03-reimported")
    balanced.refresh_from_db()
    assert balanced.head_id != typed.pk
    assert head(balanced).kind == Revision.Kind.IMPORT
    assert REGENERATED_NEW in balanced.body
    assert Draft.objects.filter(part__series=series).count() == 2

    row.get_by_role("link", name="Part 1 · Draft 1").click()
    author.wait_for_url(f"{base}/drafts/{balanced.pk}/")
    expect(author.locator("#editor-body")).to_have_value(
        re.compile(re.escape(REGENERATED_NEW))
    )
    expect(author.locator("#restore-offer")).to_be_hidden()
    _type_after(author, "in under 2 hours.", TYPED_AGAIN)
    balanced.refresh_from_db()
    assert TYPED_AGAIN in balanced.body and REGENERATED_NEW in balanced.body

    # --- Compare the two drafts and take a paragraph of the other one.
    _breadcrumb(author, "Part 1")
    pickers = author.locator("#compare-pickers")
    pickers.locator("#compare-a").select_option(str(balanced.pk))
    pickers.locator("#compare-b").select_option(str(voice.pk))
    pickers.get_by_role("button", name="Compare", exact=True).click()
    author.wait_for_url(re.compile(rf"/compare/{balanced.pk}/\d+/{voice.pk}/1/$"))
    author.locator(".diff-row", has_text=TAKEN).get_by_label(
        "use this paragraph"
    ).check()
    _shot(author, "04-compare")
    author.get_by_role("button", name="Take ticked changes into A").click()
    expect(author.get_by_text(re.compile(r"Saved Draft 1 r\d+: Took ¶"))).to_be_visible(
        timeout=WAIT
    )
    balanced.refresh_from_db()
    assert head(balanced).kind == Revision.Kind.MERGE
    assert TAKEN in balanced.body and TYPED_AGAIN in balanced.body

    # --- Invite a colleague as a reviewer.
    author.goto(f"{base}{series.get_absolute_url()}")
    author.get_by_role("link", name="Members & invitations").click()
    author.get_by_label("Username").fill("sam")
    author.get_by_label("Role").select_option("reviewer")
    author.get_by_role("button", name="Invite", exact=True).click()
    expect(author.locator("#member-list")).to_contain_text("sam", timeout=WAIT)

    # --- The colleague comments on selected words, in a browser of their own.
    _login(colleague, base, "sam")
    colleague.goto(f"{base}/review/drafts/{balanced.pk}/")
    assert colleague.evaluate(SELECT, QUOTE)
    expect(colleague.locator("#new-comment-quote")).to_have_text(QUOTE)
    colleague.locator("#new-comment textarea[name=body]").fill(COMMENT)
    with colleague.expect_navigation():
        colleague.get_by_role("button", name="Comment", exact=True).click()
    thread = colleague.locator(".thread", has_text=COMMENT)
    expect(thread).to_be_visible()
    expect(colleague.locator("mark.anchor")).to_have_text(QUOTE)
    comment = Comment.objects.get(draft=balanced, parent=None)

    # The author replies.
    author.goto(f"{base}/review/drafts/{balanced.pk}/")
    mine = author.locator(f"#c-{comment.pk}")
    mine.locator("summary", has_text="Reply").click()
    mine.get_by_label("Reply").fill(REPLY)
    mine.get_by_role("button", name="Reply").click()
    expect(author.locator(f"#c-{comment.pk}")).to_contain_text(REPLY, timeout=WAIT)

    # The colleague deletes their comment: the reply stays.
    colleague.reload()
    thread = colleague.locator(f"#c-{comment.pk}")
    expect(thread).to_contain_text(REPLY)
    thread.get_by_role("button", name="Delete").click()
    thread = colleague.locator(f"#c-{comment.pk}")
    expect(thread).to_contain_text("Comment deleted.", timeout=WAIT)
    expect(thread).to_contain_text(REPLY)
    expect(thread).not_to_contain_text(COMMENT)
    _shot(colleague, "05-review-deleted")

    # The colleague suggests an edit; the author accepts it.
    colleague.get_by_role("link", name="Suggest an edit").click()
    text = colleague.get_by_label("Your version of the text")
    expect(text).to_have_value(re.compile(re.escape(SUGGESTED_OLD)), timeout=WAIT)
    text.fill(text.input_value().replace(SUGGESTED_OLD, SUGGESTED_NEW))
    colleague.get_by_role("button", name="Send suggestion").click()
    expect(colleague.locator("#suggestions")).to_contain_text("Open", timeout=WAIT)

    author.goto(f"{base}/review/drafts/{balanced.pk}/")
    author.get_by_role("link", name="Review changes").click()
    expect(author.locator("input[name=take]")).to_have_count(1, timeout=WAIT)
    _shot(author, "06-suggestion")
    author.get_by_role("button", name="Apply checked changes").click()
    expect(author.locator("#suggestions")).to_contain_text(
        "Applied: 1 of 1", timeout=WAIT
    )
    balanced.refresh_from_db()
    assert SUGGESTED_NEW in balanced.body

    # The colleague approves the head.
    colleague.goto(f"{base}/review/drafts/{balanced.pk}/")
    colleague.get_by_role(
        "button", name=f"Approve revision {head(balanced).number}"
    ).click()
    expect(colleague.locator("#review-state")).to_have_text("Approved", timeout=WAIT)
    _shot(colleague, "07-approved")
    assert Verdict.objects.get(draft=balanced).revision_id == balanced.head_id

    # --- The author publishes Part 1.
    author.goto(f"{base}{series.get_absolute_url()}")
    author.get_by_role("link", name="Publish & export").click()
    part = author.locator("#part-1")
    part.get_by_label("Draft for Part 1").select_option(str(balanced.pk))
    part.get_by_role("button", name="Choose").click()
    expect(
        author.get_by_text("Part 1: Draft 1 (balanced) is the chosen draft.")
    ).to_be_visible(timeout=WAIT)
    author.locator("#part-1").get_by_role("button", name="Mark as published").click()
    expect(author.locator("#publish-summary")).to_contain_text(
        "1 published", timeout=WAIT
    )
    _shot(author, "08-published")
    balanced.refresh_from_db()
    published = balanced.part.publication.revision
    assert published.pk == balanced.head_id

    # --- Export Part 1 as Markdown and import the file into a new series.
    with author.expect_download() as download_info:
        author.locator("#part-1").get_by_role("link", name=".md", exact=True).click()
    download = download_info.value
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    assert exported.suffix == ".md"

    # Into its own series it is recognised: nothing changes.
    _breadcrumb(author, "Neural Networks")
    _import(author, [exported])
    expect(author.locator("tr.import-unchanged")).to_contain_text("Part 1 · Draft 1")
    balanced.refresh_from_db()
    assert balanced.head_id == published.pk

    _breadcrumb(author, "My series")
    _new_series(author, "Neural Networks again")
    again = Series.objects.get(owner=ada, title="Neural Networks again")
    _import(author, [exported])
    expect(author.locator("tr.import-imported")).to_have_count(1)
    _shot(author, "09-export-imported")
    copy = Draft.objects.get(part__series=again)
    assert copy.body == published.body

    # --- Nothing went wrong on the way, and nothing is lost.
    assert not problems, "\n".join(problems)
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert comment.replies.get().body == REPLY
    bodies = list(
        Revision.objects.filter(draft__part__series=series).values_list(
            "body", flat=True
        )
    )
    for name in (BALANCED, VOICE_MATCH):
        imported = parse_draft((examples / name).read_bytes(), name).body
        assert imported in bodies, f"{name} as imported is in no revision"
    assert parse_draft(regenerated, BALANCED).body in bodies
    for text in (TYPED_FIRST, TYPED_AGAIN, TAKEN, SUGGESTED_NEW):
        assert any(text in body for body in bodies), f"{text!r} is in no revision"
    for draft in Draft.objects.filter(part__series__in=[series, again]):
        numbers = list(draft.revisions.values_list("number", flat=True))
        assert draft.head is not None and draft.head.number == max(numbers), draft
