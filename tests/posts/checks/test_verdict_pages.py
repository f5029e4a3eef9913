"""Counts, voice lists and overflow marks as the editor, part and consistency pages show them."""

from pathlib import Path

import pytest
from django.urls import reverse

from posts.checks.checking import report, series_context
from posts.textkit.parsing import parse_draft
from tests.factories import PartFactory, make_draft

PART2 = Path(__file__).resolve().parents[2] / "fixtures" / "part2"
PART1 = """# LinkedIn Post - Neural Networks Part 1

You may wonder how networks learn. That is because they adjust weights.

In next week's post (Part 2), I will explain how backpropagation and gradient descent update those weights to minimize errors.

#NeuralNetworks #AI #DeepLearning"""


@pytest.fixture
def two_parts(series):
    """Part 1 inline; Part 2 the generator-format fixture with its own checklist."""
    make_draft(PartFactory(series=series, number=1, title="Neural Networks"), PART1)
    parsed = parse_draft((PART2 / "neural-networks-part2-voice-match.md").read_bytes())
    assert parsed.scaffolding is not None
    checklist = [
        {"label": i.label, "phrase": i.phrase, "ticked": i.ticked}
        for i in parsed.scaffolding.voice_elements
    ]
    return make_draft(
        PartFactory(series=series, number=2, title="Neural Networks"),
        parsed.body,
        declared_word_count=parsed.declared_word_count,
        metadata={"scaffolding": {"voice_elements": checklist}},
    )


def test_report_checks_the_drafts_own_checklist_as_well(two_parts):
    checked = report(two_parts, series_context(two_parts.part.series))
    assert len(checked.own_hits) == 10
    assert checked.voice_summary == f"own checklist {checked.own_tally}"
    assert (
        str(checked.own_tally) == "7 of 10 verified, 1 missing, 1 to tick, 1 set aside"
    )
    codes = {f.code for f in checked.findings}
    # Part 1's teaser is kept by Part 2, and Part 2's callback by Part 1's teaser.
    assert not {"callback-mismatch", "callback-unpromised"} & codes
    # Part 2 is the last part: "Next week, we put it all together" promises a Part 3.
    assert "teaser-in-last-part" in codes


def test_editor_shows_both_voice_lists_the_breakdown_and_the_pickable_counts(
    owner_client, two_parts
):
    html = owner_client.get(two_parts.get_absolute_url()).text
    assert "This draft’s own checklist</span>: 7 of 10 verified" in html
    assert "Not in the post: 3Blue1Brown" in html
    assert "prose 169 · title 6 · references 19 · hashtags 4 · total 198" in html
    assert "169 (prose)" in html and "198 (everything)" in html
    assert "%" not in html.split('class="findings"')[1].split("</div>")[0]


def test_part_page_shows_the_breakdown_and_what_the_declared_count_meant(
    owner_client, two_parts
):
    html = owner_client.get(two_parts.part.get_absolute_url()).text
    assert "prose 169 · title 6 · refs 19 · tags 4" in html
    assert "declared 165 vs prose 169 (+4)" in html


def test_consistency_page_says_verified_counts_not_percentages(owner_client, two_parts):
    html = owner_client.get(
        reverse("posts:consistency", args=[two_parts.part.series.slug])
    ).text
    assert "Voice: own checklist 7 of 10 verified" in html


def test_over_the_x_limit_the_preview_and_platform_view_mark_what_does_not_fit(
    owner_client, part
):
    draft = make_draft(
        part,
        "Short opening. " + "Many more words here <script>x</script>. " * 20,
        platform="x",
    )
    response = owner_client.post(
        reverse("posts:preview", args=[draft.pk]), {"body": draft.body}
    )
    html = response.text
    assert html.count('<mark class="over-limit"') >= 2  # the preview and the X view
    assert "<script>x</script>" not in html
    assert "The highlighted text does not fit" in html
    assert "Characters (weighted)" in html
    within = owner_client.post(
        reverse("posts:preview", args=[draft.pk]), {"body": "Short."}
    )
    assert "over-limit" not in within.text.replace("mark.over-limit", "")


def test_a_finding_fix_writes_only_a_number_the_writer_may_pick(
    owner_client, two_parts
):
    url = reverse("posts:apply_fix", args=[two_parts.pk])
    owner_client.post(url, {"action": "set-declared-word-count", "value": 198})
    two_parts.refresh_from_db()
    assert two_parts.declared_word_count == 198
    assert (
        owner_client.post(
            url, {"action": "set-declared-word-count", "value": -1}
        ).status_code
        == 400
    )
