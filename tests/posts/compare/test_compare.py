"""The compare view: two revisions side by side (issue #5)."""

import re

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, PartFactory, UserFactory, make_draft

LEFT = """Opening line stays.

We keep rules because they help us.

This paragraph moves later.

Middle one.

Middle two.

Middle three.

Middle four.

Dropped in B.

#AI #ML"""

RIGHT = """Opening line stays.

We keep rules because we help us.

Middle one.

Middle two.

Middle three.

Middle four.

This paragraph moves later.

Brand new paragraph.

#AI #ML"""


@pytest.fixture
def pair(part):
    return make_draft(part, LEFT, strategy="balanced"), make_draft(
        part, RIGHT, strategy="bold"
    )


def compare_url(a, b, a_rev=None, b_rev=None):
    return reverse(
        "posts:compare",
        args=[a.pk, a_rev or a.head.number, b.pk, b_rev or b.head.number],
    )


def test_compare_aligns_paragraphs_and_marks_changed_words(owner_client, pair):
    response = owner_client.get(compare_url(*pair))
    assert response.status_code == 200
    html = response.text
    assert '<del class="diff-del">they</del>' in html
    assert '<ins class="diff-add">we</ins>' in html
    assert "moved from ¶3" in html
    assert "diff-row diff-insert" in html and "diff-row diff-delete" in html
    assert "use this wording" in html and "use this paragraph" in html
    assert 'name="take"' in html


def test_compare_collapses_long_unchanged_stretches(owner_client, pair):
    html = owner_client.get(compare_url(*pair)).text
    assert '<details class="diff-collapsed">' in html
    assert "unchanged paragraphs" in html


def test_compare_shows_metrics_of_both_sides_with_differences(owner_client, pair):
    html = owner_client.get(compare_url(*pair)).text
    assert "compare-metrics" in html
    assert 'class="metric-differs"><th scope="row">Strategy' in html
    assert "balanced" in html and "bold" in html
    assert "Before “…see more”" in html
    assert "/ 3000" in html  # characters against LinkedIn's limit


def test_compare_answers_htmx_with_only_the_diff_table(owner_client, pair):
    response = owner_client.get(
        compare_url(*pair) + "?view=inline", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<section id="diff-table"')
    assert "diff diff-inline diff-raw" in response.text
    assert "HX-Request" in response["Vary"]


def test_compare_renders_markdown_when_asked(owner_client, part):
    a = make_draft(part, "Plain **bold** text.\n\nSame.")
    b = make_draft(part, "Plain **strong** text.\n\nSame.")
    html = owner_client.get(compare_url(a, b) + "?md=rendered").text
    assert "<strong>bold</strong>" in html and "<strong>strong</strong>" in html
    raw = owner_client.get(compare_url(a, b) + "?md=raw").text
    assert "**" in raw and "<strong>bold" not in raw


def test_compare_ignores_unknown_display_options(owner_client, pair):
    response = owner_client.get(compare_url(*pair) + "?view=zzz&md=<x>")
    assert response.status_code == 200
    assert "diff diff-side diff-raw" in response.text


def test_compare_escapes_user_text(owner_client, part):
    a = make_draft(part, "Hello <script>alert(1)</script> there.")
    b = make_draft(part, "Hello <script>alert(2)</script> there.")
    for md in ("raw", "rendered"):
        html = owner_client.get(compare_url(a, b) + f"?md={md}").text
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in owner_client.get(compare_url(a, b)).text


def test_compare_two_revisions_of_one_draft(owner_client, part):
    draft = make_draft(part, "Final text.", revisions=3)
    html = owner_client.get(compare_url(draft, draft, 1, 3)).text
    assert "Draft 1 r1" in html and "Draft 1 r3" in html
    assert "Revision 1." in html


def test_compare_with_a_draft_of_another_part(owner_client, series, pair):
    other = make_draft(PartFactory(series=series, number=2), "Another part.")
    response = owner_client.get(compare_url(pair[0], other))
    assert response.status_code == 200
    assert "Part 2" in response.text


def test_identical_texts_say_so(owner_client, pair):
    a = pair[0]
    html = owner_client.get(compare_url(a, a)).text
    assert "The two texts are identical." in html
    assert 'name="take"' not in html


def test_compare_unknown_revision_is_404(owner_client, pair):
    a, b = pair
    assert owner_client.get(compare_url(a, b, a_rev=99)).status_code == 404


def test_compare_rejects_post(owner_client, pair):
    assert owner_client.post(compare_url(*pair)).status_code == 405


def test_compare_hides_other_peoples_drafts(client, pair):
    client.force_login(UserFactory())
    assert client.get(compare_url(*pair)).status_code == 404


def test_compare_needs_access_to_both_sides(owner_client, pair):
    foreign = make_draft(PartFactory(), "Someone else's text.")
    assert owner_client.get(compare_url(pair[0], foreign)).status_code == 404
    assert owner_client.get(compare_url(foreign, pair[0])).status_code == 404


def test_reviewer_sees_the_comparison_without_take_boxes(client, pair):
    reviewer = UserFactory()
    MembershipFactory(series=pair[0].part.series, user=reviewer, role="reviewer")
    client.force_login(reviewer)
    response = client.get(compare_url(*pair))
    assert response.status_code == 200
    assert 'name="take"' not in response.text


def test_swap_link_puts_b_on_the_left(owner_client, pair):
    a, b = pair
    html = owner_client.get(compare_url(a, b)).text
    assert f'href="{compare_url(b, a)}?view=side&amp;md=raw" id="swap-sides"' in html


@pytest.mark.parametrize("drafts", [3, 30])
def test_compare_query_count_does_not_grow_with_drafts(
    owner_client, pair, drafts, django_assert_max_num_queries
):
    for _ in range(drafts):
        make_draft(pair[0].part, revisions=2)
    url = compare_url(pair[0], pair[1], a_rev=1)
    with django_assert_max_num_queries(9):
        assert owner_client.get(url).status_code == 200


def test_pick_redirects_to_the_latest_revisions(owner_client, part):
    a = make_draft(part, "A", revisions=2)
    b = make_draft(part, "B", revisions=3)
    response = owner_client.get(reverse("posts:compare_pick"), {"a": a.pk, "b": b.pk})
    assert response.status_code == 302
    assert response["Location"] == compare_url(a, b, 2, 3)


def test_pick_keeps_chosen_revisions(owner_client, part):
    a = make_draft(part, "A", revisions=2)
    url = reverse("posts:compare_pick")
    response = owner_client.get(url, {"a": a.pk, "b": a.pk, "ar": 1, "br": 2})
    assert response["Location"] == compare_url(a, a, 1, 2)


def test_pick_with_bad_input_says_so_on_the_picker(owner_client, pair):
    url = reverse("posts:compare_pick")
    response = owner_client.get(url, {"a": "x", "b": ""})
    assert response.status_code == 400
    assert "Choose draft A from the list." in response.text
    assert "Choose draft B from the list." in response.text
    assert 'action="/compare/"' in response.text  # the picker again, to correct it


def test_pick_with_a_revision_that_is_not_a_number_says_so(owner_client, pair):
    """ar=abc once dropped the choice and went to the dashboard."""
    a, b = pair
    url = reverse("posts:compare_pick")
    response = owner_client.get(url, {"a": a.pk, "b": b.pk, "ar": "abc"})
    assert response.status_code == 400
    assert "A: a revision is a number (1, 2, …)" in response.text
    # The drafts chosen stay chosen.
    assert f'<option value="{a.pk}" selected>' in response.text
    assert f'<option value="{b.pk}" selected>' in response.text


def test_pick_of_a_revision_that_does_not_exist_names_it(owner_client, pair):
    a, b = pair
    url = reverse("posts:compare_pick")
    response = owner_client.get(url, {"a": a.pk, "b": b.pk, "br": 99})
    assert response.status_code == 404
    text = response.text
    assert f"B: Draft {b.number} of Part {b.part.number} has no revision 99" in text
    assert f"its latest is r{b.head.number}." in text
    assert 'name="br" value="99"' in text
    assert 'action="/compare/"' in text


def test_pick_without_a_choice_shows_the_picker(owner_client, pair):
    response = owner_client.get(reverse("posts:compare_pick"))
    assert response.status_code == 200
    assert "Choose two drafts" in response.text
    assert f'<option value="{pair[0].pk}">' in response.text


def test_pick_hides_other_peoples_drafts(client, pair):
    client.force_login(UserFactory())
    url = reverse("posts:compare_pick")
    response = client.get(url, {"a": pair[0].pk, "b": pair[1].pk})
    assert response.status_code == 404
    assert "that draft does not exist, or it is not one you can see." in response.text
    assert pair[0].part.series.title not in response.text


def _fixed(html: str) -> str:
    """The page without its per-request tokens."""
    return re.sub(
        r'(nonce="|"x-csrftoken": "|value=")[A-Za-z0-9+/=_-]{20,}', r"\1", html
    )


@pytest.mark.parametrize("query", ["", "?view=inline&md=rendered"])
def test_a_warm_compare_page_checks_diffs_and_draws_nothing_again(
    owner_client, pair, monkeypatch, query
):
    """A reload of a comparison of two stored revisions reads what the first
    load computed (posts.derived): the checks, the feed's cuts, the diff rows
    and the picker are not worked out again, and the page is the same."""
    url = compare_url(*pair) + query
    first = owner_client.get(url)

    def recomputed(*args, **kwargs):
        raise AssertionError("computed again on a warm page")

    monkeypatch.setattr("posts.checks.checking._checked", recomputed)
    monkeypatch.setattr("posts.compare.sides.paragraph_cuts", recomputed)
    monkeypatch.setattr("posts.compare.views.rows_html", recomputed)
    monkeypatch.setattr("posts.compare.views.diff_sides", recomputed)
    monkeypatch.setattr("posts.compare.views.ComparePickForm", recomputed)
    second = owner_client.get(url)
    assert second.status_code == 200
    assert _fixed(second.text) == _fixed(first.text)


def test_the_diff_table_alone_reads_no_picker_and_no_checks(
    owner_client, pair, monkeypatch
):
    """htmx's toggle asks for the table: the picker's drafts and the measures
    are no part of it."""

    def unused(*args, **kwargs):
        raise AssertionError("not part of the diff table")

    monkeypatch.setattr("posts.compare.views._pickable", unused)
    monkeypatch.setattr("posts.compare.views._checks", unused)
    response = owner_client.get(
        compare_url(*pair) + "?view=inline", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="diff-table"' in response.text
    assert "compare-metrics" not in response.text
