from playwright.sync_api import expect

from series.models import Part
from tests.factories import SeriesFactory

PART_1 = b"""---
topic: "Neural Networks Part 1: How They Learn"
draft_number: 1
strategy: balanced
---

Networks learn from data.

#AI #ML #NeuralNetworks
"""


def test_multi_file_upload_shows_a_row_per_file(page, login, user):
    series = SeriesFactory.create(owner=user, title="Neural Networks")
    base = login(user)
    page.goto(f"{base}/import/{series.slug}/")
    page.locator('input[type="file"]').set_input_files(
        [
            {
                "name": "part1-balanced.md",
                "mimeType": "text/markdown",
                "buffer": PART_1,
            },
            {
                "name": "part1-bold.md",
                "mimeType": "text/markdown",
                "buffer": PART_1.replace(b"draft_number: 1", b"draft_number: 2"),
            },
            {
                "name": "broken.md",
                "mimeType": "text/markdown",
                "buffer": b"\xff\xfe\x00\x00binary",
            },
        ]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-progress")).to_have_text("Done: 3 of 3 processed.")
    expect(page.locator("tr.import-imported")).to_have_count(2)
    expect(page.locator("tr.import-rejected")).to_have_count(1)
    assert Part.objects.get(series=series).drafts.count() == 2
    page.get_by_role("link", name="Part 1 · Draft 2").click()
    expect(page.locator("article.post-preview")).to_contain_text(
        "Networks learn from data."
    )
