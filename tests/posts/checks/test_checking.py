import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from posts.checks.checking import report, series_context
from series.models import VoiceElement
from tests.factories import PartFactory, make_draft

FIRST_PART = """As promised last week, here is more.

You may wonder why. That is because it matters.

#AI #ML #DeepLearning"""


@pytest.fixture
def checked_series(series):
    make_draft(
        PartFactory(series=series, number=1, title="Basics"),
        FIRST_PART,
        declared_word_count=3,
    )
    VoiceElement.objects.create(
        series=series, label="Because", phrases="That is because"
    )
    VoiceElement.objects.create(
        series=series, label="Nutshell", phrases="In a nutshell"
    )
    return series


def test_report_finds_callback_in_first_part_and_declared_count_and_voice(
    checked_series,
):
    draft = checked_series.parts.get().drafts.get()
    result = report(draft, series_context(checked_series))
    codes = {f.code for f in result.findings}
    assert {"callback-in-first-part", "declared-word-count"} <= codes
    assert result.score == 0.5
    assert [h.present for h in result.hits] == [True, False]


def test_report_checks_text_being_typed_not_only_the_saved_one(checked_series):
    draft = checked_series.parts.get().drafts.get()
    result = report(
        draft,
        series_context(checked_series),
        body="In a nutshell, yes. That is because.",
    )
    assert result.score == 1.0


def test_check_series_text_output_and_exit_code(checked_series, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_series", checked_series.slug)
    out = capsys.readouterr().out
    assert exit_info.value.code == 1
    assert (
        "part 1 draft 1 continuity warning:" in out and "As promised last week" in out
    )


def test_check_series_json_has_the_documented_fields(checked_series, capsys):
    with pytest.raises(SystemExit):
        call_command("check_series", checked_series.title, "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert {"part", "draft", "kind", "severity", "message", "evidence"} <= set(rows[0])
    assert {r["kind"] for r in rows} <= {"voice", "declared", "continuity", "platform"}


def test_check_series_exits_0_when_clean(series, capsys):
    make_draft(
        PartFactory(series=series, number=1), "Short and clean.\n\n#AI #ML #Data"
    )
    call_command("check_series", series.slug)
    assert "0 findings" in capsys.readouterr().out


def test_check_series_unknown_series_is_exit_2(db):
    with pytest.raises(CommandError) as error:
        call_command("check_series", "no-such-series")
    assert error.value.returncode == 2


def test_voice_profile_page_saves_elements_and_rejects_a_bad_regex(
    owner_client, series
):
    url = reverse("posts:voice", args=[series.slug])
    base = {"voice-TOTAL_FORMS": "1", "voice-INITIAL_FORMS": "0"}
    bad = {
        **base,
        "voice-0-label": "Hook",
        "voice-0-mode": "regex",
        "voice-0-pattern": "(unclosed",
    }
    response = owner_client.post(url, bad)
    assert (
        "not a valid regular expression" in response.text
        and not VoiceElement.objects.exists()
    )
    good = {
        **base,
        "voice-0-label": "Hook",
        "voice-0-mode": "phrases",
        "voice-0-phrases": "You may wonder",
    }
    assert owner_client.post(url, good).status_code == 302
    assert VoiceElement.objects.get(series=series).phrases == "You may wonder"


def test_consistency_overview_lines_up_openings_teasers_and_hashtags(
    owner_client, checked_series
):
    part2 = PartFactory(series=checked_series, number=2, title="More")
    make_draft(
        part2,
        "Part two opens here.\n\nIn next week's post (Part 3), we go deeper.\n\n#AI",
    )
    html = owner_client.get(
        reverse("posts:consistency", args=[checked_series.slug])
    ).text
    assert "As promised last week, here is more." in html
    assert "In next week&#x27;s post (Part 3), we go deeper." in html
    assert "#AI #ML #DeepLearning" in html
    assert "LinkedIn Post - Part 2" not in html and "Part two opens here." in html


@pytest.mark.parametrize("parts", [2, 20])
def test_consistency_query_count_is_fixed(
    owner_client, series, parts, django_assert_max_num_queries
):
    for n in range(1, parts + 1):
        make_draft(PartFactory(series=series, number=n), FIRST_PART)
    with django_assert_max_num_queries(10):
        owner_client.get(reverse("posts:consistency", args=[series.slug]))


def test_examples_give_the_findings_a_careful_editor_expects(examples, user, capsys):
    call_command(
        "import_drafts",
        str(examples),
        "--series",
        "Neural Networks",
        "--user",
        user.username,
    )
    capsys.readouterr()
    with pytest.raises(SystemExit):
        call_command("check_series", "neural-networks", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    by_draft = {d: {r["message"] for r in rows if r["draft"] == d} for d in (1, 2)}
    codes = {(r["draft"], r["kind"]) for r in rows}
    # Draft 1 opens a "two-part series"; draft 2 calls back to a previous post on vector databases.
    assert any("2-part series" in m for m in by_draft[1])
    assert any("vector databases" in r["evidence"] for r in rows if r["draft"] == 2)
    # The generator counts the prose only: draft 2's 316 is exactly its prose (no
    # finding), draft 1's 312 is 14 short of its 326 words of prose (not 43 short of
    # the 355 that include the title, the references and the hashtags).
    assert (1, "declared") in codes and (2, "declared") not in codes
    (declared,) = [r for r in rows if r["draft"] == 1 and r["kind"] == "declared"]
    assert declared["message"].startswith(
        "The draft says 312 words; the prose alone has 326 (14 more)."
    )
    assert "title 6, references 18, hashtags 5, total 355" in declared["message"]


def test_ticking_a_manual_element_counts_it_as_present(owner_client, checked_series):
    draft = checked_series.parts.get().drafts.get()
    VoiceElement.objects.create(
        series=checked_series, label="Personal anecdote", mode="manual"
    )
    url = reverse("posts:voice_tick", args=[draft.pk])
    owner_client.post(url, {"label": "Personal anecdote", "ticked": "on"})
    draft.refresh_from_db()
    assert draft.metadata["voice_ticks"] == ["Personal anecdote"]
    hits = {
        h.element.label: h.present
        for h in report(draft, series_context(checked_series)).hits
    }
    assert hits["Personal anecdote"] is True
    response = owner_client.post(
        url, {"label": "Personal anecdote"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204 and response["HX-Trigger"] == "checks-changed"
    draft.refresh_from_db()
    assert draft.metadata["voice_ticks"] == []


def test_one_click_fix_writes_the_count_the_writer_picks(owner_client, checked_series):
    draft = checked_series.parts.get().drafts.get()
    finding = next(
        f for f in report(draft, series_context(checked_series)).findings if f.fix
    )
    assert finding.fix is not None
    assert finding.fix["action"] == "set-declared-word-count"
    # 16 words of prose and 3 hashtags: the writer may keep either count.
    assert finding.fix["choices"] == [(16, "prose"), (19, "everything")]
    html = owner_client.get(draft.get_absolute_url()).text
    assert "16 (prose)" in html and "19 (everything)" in html
    owner_client.post(
        reverse("posts:apply_fix", args=[draft.pk]),
        {"action": "set-declared-word-count", "value": 19},
    )
    draft.refresh_from_db()
    assert draft.declared_word_count == 19
    assert not [
        f
        for f in report(draft, series_context(checked_series)).findings
        if f.code == "declared-word-count"
    ]


def test_fix_rejects_unknown_actions_and_reviewers(
    client, owner_client, checked_series
):
    from tests.factories import MembershipFactory

    draft = checked_series.parts.get().drafts.get()
    url = reverse("posts:apply_fix", args=[draft.pk])
    assert (
        owner_client.post(url, {"action": "drop-table", "value": 1}).status_code == 400
    )
    client.force_login(MembershipFactory(series=checked_series, role="reviewer").user)
    assert (
        client.post(url, {"action": "set-declared-word-count", "value": 1}).status_code
        == 403
    )


def test_part_matrix_shows_voice_score_findings_and_review_state(
    owner_client, checked_series
):
    part = checked_series.parts.get()
    html = owner_client.get(part.get_absolute_url()).text
    assert "1 of 2 verified, 1 missing" in html  # one of the two voice elements
    assert "warning" in html and ">drafting<" in html


def test_compare_shows_which_side_lost_a_signature_phrase(owner_client, checked_series):
    part = checked_series.parts.get()
    a = part.drafts.get()
    b = make_draft(
        part, FIRST_PART.replace("That is because it matters.", "It matters.")
    )
    assert a.head is not None and b.head is not None
    url = reverse("posts:compare", args=[a.pk, a.head.number, b.pk, b.head.number])
    html = owner_client.get(url).text
    row = html[html.index("· Because") :].split("</tr>", 1)[0]
    assert "✓ present" in row and "✗ missing" in row


def test_series_page_shows_the_consistency_overview(owner_client, checked_series):
    html = owner_client.get(checked_series.get_absolute_url()).text
    assert "Consistency across the series" in html
    assert "As promised last week, here is more." in html


def test_a_part_naming_itself_is_not_a_teaser(owner_client, series):
    make_draft(PartFactory(series=series, number=1), "Part one.\n\nIn Part 2 we go on.")
    make_draft(
        PartFactory(series=series, number=2),
        "Here is Part 2 of my series.\n\nThat is all.",
    )
    html = owner_client.get(reverse("posts:consistency", args=[series.slug])).text
    assert "In Part 2 we go on." in html
    assert (
        html.count("Here is Part 2 of my series.") == 1
    )  # the opening, not also the teaser


def test_generator_title_heading_is_flagged_and_removed_in_one_click(
    owner_client, series
):
    draft = make_draft(
        PartFactory(series=series, number=1),
        "# LinkedIn Post - Part 1\n\nYou may wonder why.\n\n#AI #ML #Data",
    )
    finding = next(
        f
        for f in report(draft, series_context(series)).findings
        if f.code == "title-heading"
    )
    assert finding.evidence == "LinkedIn Post - Part 1"
    assert "Remove it" in owner_client.get(draft.get_absolute_url()).text
    response = owner_client.post(
        reverse("posts:apply_fix", args=[draft.pk]),
        finding.fix,
        headers={"HX-Request": "true"},
    )
    assert response["HX-Refresh"] == "true"
    draft.refresh_from_db()
    assert draft.body == "You may wonder why.\n\n#AI #ML #Data"
    assert draft.revisions.count() == 2  # the old text stays in the history


def test_pasted_front_matter_is_flagged_and_removed(owner_client, series):
    text = "---\nplatform: linkedin\ntopic: X\n---\n\nThe post.\n\n#AI #ML #Data"
    draft = make_draft(PartFactory(series=series, number=1), text)
    codes = [f.code for f in report(draft, series_context(series)).findings]
    assert "front-matter" in codes
    owner_client.post(
        reverse("posts:apply_fix", args=[draft.pk]), {"action": "remove-front-matter"}
    )
    draft.refresh_from_db()
    assert draft.body == "The post.\n\n#AI #ML #Data"


def test_a_hashtag_line_at_the_top_is_not_a_title_heading(series):
    draft = make_draft(
        PartFactory(series=series, number=1), "#AI #ML #Data\n\nThe post."
    )
    assert "title-heading" not in [
        f.code for f in report(draft, series_context(series)).findings
    ]
