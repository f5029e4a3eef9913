"""The part page: drafts matrix, A/B pickers and the chosen draft (issue #5)."""

import pytest
from django.urls import reverse

from posts.models import Draft
from posts.textkit.metrics import measure
from tests.factories import MembershipFactory, UserFactory, make_draft


@pytest.fixture
def drafts(part):
    one = make_draft(part, "Short hook.\n\n#AI #ML", strategy="balanced")
    two = make_draft(part, "x " * 1600, strategy="long", declared_word_count=1500)
    return one, two


def choose(client, draft, chosen="1"):
    return client.post(
        reverse("posts:draft_choose", args=[draft.pk]), {"chosen": chosen}
    )


def test_matrix_shows_metrics_of_every_draft(owner_client, drafts, part):
    html = owner_client.get(part.get_absolute_url()).text
    assert 'id="drafts-matrix"' in html
    over = measure(drafts[1].body, "linkedin")
    assert f">{over.characters}<" in html and "/ 3000" in html
    assert f"{over.over_limit} over" in html
    assert "declared 1500" in html
    assert "Short hook." in html  # the fold


def test_pickers_default_to_two_different_drafts(owner_client, drafts, part):
    one, two = drafts
    html = owner_client.get(part.get_absolute_url()).text
    assert reverse("posts:compare_pick") in html
    assert f'<option value="{one.pk}" selected>' in html
    assert f'<option value="{two.pk}" selected>' in html


def test_marking_a_draft_chosen_unchooses_the_previous_one(owner_client, drafts, part):
    one, two = drafts
    choose(owner_client, one)
    response = choose(owner_client, two)
    assert (
        response.status_code == 302 and response["Location"] == part.get_absolute_url()
    )
    assert list(Draft.objects.filter(chosen=True)) == [two]
    html = owner_client.get(part.get_absolute_url()).text
    assert 'id="draft-row-2" class="is-chosen"' in html


def test_unmarking_leaves_no_chosen_draft(owner_client, drafts):
    choose(owner_client, drafts[0])
    choose(owner_client, drafts[0], "0")
    assert not Draft.objects.filter(chosen=True).exists()


def test_choosing_with_a_tampered_form_says_so(owner_client, drafts):
    response = choose(owner_client, drafts[0], "maybe")
    assert response.status_code == 302
    assert not Draft.objects.filter(chosen=True).exists()


def test_reviewer_sees_the_matrix_but_cannot_choose(client, drafts, part):
    reviewer = UserFactory()
    MembershipFactory(series=part.series, user=reviewer, role="reviewer")
    client.force_login(reviewer)
    html = client.get(part.get_absolute_url()).text
    assert "drafts-matrix" in html and "Mark as chosen" not in html
    assert choose(client, drafts[0]).status_code == 403
    assert not Draft.objects.filter(chosen=True).exists()


def test_stranger_cannot_choose(stranger_client, drafts):
    assert choose(stranger_client, drafts[0]).status_code == 404


def test_choose_rejects_get(owner_client, drafts):
    url = reverse("posts:draft_choose", args=[drafts[0].pk])
    assert owner_client.get(url).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_part_page_query_count_does_not_grow(
    owner_client, part, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_draft(part, revisions=2)
    with django_assert_max_num_queries(7):
        assert owner_client.get(part.get_absolute_url()).status_code == 200
