import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from posts.models import Verdict
from tests.factories import PartFactory, SeriesFactory, UserFactory, make_draft


def approve(draft):
    Verdict.objects.create(
        draft=draft, revision=draft.head, reviewer=UserFactory.create(), kind="approved"
    )


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choose_publish_copy_and_download_the_zip(page, live_server, login):
    user = UserFactory()
    series = SeriesFactory.create(owner=user, title="Data Pipelines")
    first = PartFactory(series=series, number=1, title="Why pipelines break")
    second = PartFactory(series=series, number=2, title="Safe reruns")
    approve(make_draft(first, "Pipelines break.\n\n#Data #AI #ML\n", chosen=True))
    make_draft(second, "Reruns, take one.\n\n#Data #AI #ML\n")
    wanted = make_draft(second, "Reruns, take two.\n\n#Data #AI #ML\n")
    approve(wanted)
    base = login(user)

    page.goto(f"{base}/series/{series.slug}/")
    page.get_by_role("link", name="Publish & export").click()
    expect(page.locator("#publish-summary")).to_contain_text("1 of 2 parts ready")

    part2 = page.locator("#part-2")
    expect(part2).to_contain_text("No draft chosen.")
    part2.get_by_label("Draft for Part 2").select_option(str(wanted.pk))
    part2.get_by_role("button", name="Choose").click()
    expect(page.locator("#publish-summary")).to_contain_text("2 of 2 parts ready")

    part1 = page.locator("#part-1")
    part1.get_by_label("Published on").fill("2026-03-02")
    part1.get_by_label("Link (optional)").fill("https://example.com/post/1")
    part1.get_by_role("button", name="Mark as published").click()
    expect(page.locator("#part-1 .card-header")).to_contain_text("Published 2 Mar 2026")
    expect(page.locator("#publish-summary")).to_contain_text("1 published")

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy_button = page.locator("#part-1 .copy-button")
    copy_button.click()
    expect(copy_button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "Pipelines break.\n\n#Data #AI #ML"

    page.get_by_label("Export format").select_option("zip")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export series").click()
    download = download_info.value
    assert download.suggested_filename == "data-pipelines.zip"
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        # The whole series, re-importable (tests/posts/importing/test_archive.py)
        assert archive.namelist() == [
            "manifest.json",
            "index.md",
            "01-why-pipelines-break/draft-1.md",
            "02-safe-reruns/draft-1.md",
            "02-safe-reruns/draft-2.md",
        ]
        one = archive.read("01-why-pipelines-break/draft-1.md").decode()
        two = archive.read("02-safe-reruns/draft-2.md").decode()
        manifest = json.loads(archive.read("manifest.json"))
    first, second = manifest["parts"]
    assert first["publication"] == {
        "draft": 1,
        "published_on": "2026-03-02",
        "url": "https://example.com/post/1",
        "file": None,
    }
    assert (first["chosen_draft"], second["chosen_draft"]) == (1, 2)
    assert one.endswith("---\n\nPipelines break.\n\n#Data #AI #ML\n")
    assert two.endswith("---\n\nReruns, take two.\n\n#Data #AI #ML\n")


def test_undo_publishing_in_the_browser(page, live_server, login):
    user = UserFactory()
    series = SeriesFactory.create(owner=user, title="Undo me")
    make_draft(PartFactory(series=series, number=1), "Text.\n", chosen=True)
    base = login(user)
    page.goto(f"{base}/publish/{series.slug}/")
    page.get_by_role("button", name="Mark as published").click()
    expect(page.locator("#publish-summary")).to_contain_text("1 published")
    page.get_by_role("button", name="Undo publishing").click()
    expect(page.locator("#publish-summary")).to_contain_text("0 published")
    expect(page.get_by_role("button", name="Mark as published")).to_be_visible()
