import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Draft
from series.models import Part, Series
from tests.factories import PartFactory, SeriesFactory, make_draft


def test_dashboard_lists_only_my_series_with_counts(owner_client, draft, stranger):
    SeriesFactory(owner=stranger, title="Someone else's")
    response = owner_client.get(reverse("posts:dashboard"))
    assert response.status_code == 200
    assert "Neural Networks" in response.text
    assert "Someone else" not in response.text
    assert "1 part" in response.text and "1 draft" in response.text


def test_dashboard_shows_an_empty_state_for_a_new_writer(owner_client):
    response = owner_client.get(reverse("posts:dashboard"))
    assert "No series yet" in response.text


def test_create_series_makes_me_the_owner_with_a_unique_slug(
    owner_client, user, series
):
    response = owner_client.post(
        reverse("posts:series_create"),
        {"title": "Neural Networks", "default_platform": "linkedin"},
    )
    created = Series.objects.exclude(pk=series.pk).get()
    assert (
        response.status_code == 302
        and response["Location"] == created.get_absolute_url()
    )
    assert created.owner == user and created.slug == "neural-networks-2"


def test_create_series_without_title_explains_and_stores_nothing(owner_client):
    response = owner_client.post(
        reverse("posts:series_create"), {"title": "  ", "default_platform": "x"}
    )
    assert response.status_code == 200
    assert (
        "This field is required" in response.text
        or "Give the series a title" in response.text
    )
    assert not Series.objects.exists()


def test_series_page_lists_parts_in_order_with_draft_counts(owner_client, series):
    second = PartFactory.create(series=series, number=2, title="Backpropagation")
    first = PartFactory(series=series, number=1, title="Forward pass")
    make_draft(first)
    make_draft(first)
    response = owner_client.get(series.get_absolute_url())
    text = response.text
    assert text.index("Forward pass") < text.index("Backpropagation")
    assert "2 drafts" in text and "0 drafts" in text
    assert second.get_absolute_url() in text


def test_part_number_must_be_unique_within_the_series(owner_client, part):
    url = reverse("posts:part_create", args=[part.series.slug])
    response = owner_client.post(url, {"number": 1, "title": "Again"})
    assert response.status_code == 200
    assert "Part 1 already exists" in response.text
    assert Part.objects.count() == 1


def test_part_page_lists_drafts_with_words_and_strategy(owner_client, draft):
    response = owner_client.get(draft.part.get_absolute_url())
    assert "Draft 1" in response.text and "balanced" in response.text
    assert f">{draft.head.word_count}<" in response.text


def test_create_draft_from_pasted_markdown_keeps_it_exactly(owner_client, part, user):
    body = "Line one\r\nline two\r\n\r\n#AI #ML"
    response = owner_client.post(
        reverse("posts:draft_create", args=[part.pk]),
        {"strategy": "bold", "platform": "", "body": body},
    )
    draft = Draft.objects.get()
    assert response.status_code == 302
    assert draft.body == "Line one\nline two\n\n#AI #ML"
    assert draft.head is not None
    assert draft.head.author == user and draft.head.kind == "create"


def test_draft_page_renders_markdown_as_the_author_means_it(owner_client, part):
    body = "Hook line\nsecond line\n\n**Read more:**\n- [Docs](https://example.com)\n\n#NeuralNetworks #AI"
    draft = make_draft(part, body)
    html = owner_client.get(draft.get_absolute_url()).text
    assert "Hook line<br>" in html
    assert "<h1>NeuralNetworks" not in html and "#NeuralNetworks #AI" in html
    assert (
        '<li><a href="https://example.com" rel="noopener nofollow">Docs</a></li>'
        in html
    )


def test_draft_page_strips_scripts_from_rendered_markdown(owner_client, part):
    draft = make_draft(
        part,
        'Hi <script>alert("x")</script> <img src=x onerror=alert(1)> [y](javascript:alert(2))',
    )
    html = owner_client.get(draft.get_absolute_url()).text
    # The editor's textarea shows the raw text escaped; no live tag may carry it.
    assert "&lt;script&gt;alert" in html
    assert not re.search(r'<script>alert|<[^>]*\sonerror=|href="javascript', html)


def test_user_text_with_script_shows_up_escaped(owner_client, user):
    series = SeriesFactory.create(owner=user, title="<script>alert(1)</script>")
    html = owner_client.get(series.get_absolute_url()).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_reviewer_cannot_edit_the_series(client, series):
    from tests.factories import MembershipFactory

    member = MembershipFactory(series=series, role="reviewer").user
    client.force_login(member)
    assert client.get(series.get_absolute_url()).status_code == 200
    assert (
        client.post(
            reverse("posts:series_edit", args=[series.slug]), {"title": "x"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize("parts", [3, 30])
def test_series_page_query_count_does_not_grow_with_parts(
    owner_client, series, parts, django_assert_max_num_queries
):
    for n in range(1, parts + 1):
        make_draft(PartFactory(series=series, number=n))
    with django_assert_max_num_queries(8):
        assert owner_client.get(series.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("drafts", [3, 30])
def test_part_page_query_count_does_not_grow_with_drafts(
    owner_client, part, drafts, django_assert_max_num_queries
):
    for _ in range(drafts):
        make_draft(part, revisions=2)
    with django_assert_max_num_queries(8):
        assert owner_client.get(part.get_absolute_url()).status_code == 200


def test_deleting_a_draft_moves_it_to_the_trash_and_restore_brings_it_back(
    owner_client, draft
):
    owner_client.post(reverse("posts:draft_delete", args=[draft.pk]))
    assert not Draft.objects.filter(pk=draft.pk).exists()
    assert "Draft 1" in owner_client.get(reverse("posts:trash")).text
    owner_client.post(reverse("posts:trash_restore", args=["draft", draft.pk]))
    restored = Draft.objects.get(pk=draft.pk)
    assert restored.body == draft.body and restored.revisions.count() == 1


def test_restoring_a_draft_whose_number_was_reused_renumbers_it(
    owner_client, draft, user
):
    draft.move_to_trash(user)
    newer = make_draft(draft.part)
    Draft.objects.filter(pk=newer.pk).update(number=1)  # the writer reused "Draft 1"
    response = owner_client.post(
        reverse("posts:trash_restore", args=["draft", draft.pk]), follow=True
    )
    assert Draft.objects.get(pk=draft.pk).number == 2
    assert "Draft 1 exists now, so it came back as Draft 2" in response.text


def test_trashed_series_hides_its_parts_and_drafts(owner_client, draft, user):
    draft.part.series.move_to_trash(user)
    assert owner_client.get(draft.get_absolute_url()).status_code == 404
    assert owner_client.get(draft.part.get_absolute_url()).status_code == 404


def test_signup_returns_to_the_page_that_sent_the_newcomer(client, db):
    data = {
        "username": "sam",
        "password1": "a-long-enough-pass-2026",
        "password2": "a-long-enough-pass-2026",
    }
    response = client.post(reverse("signup") + "?next=/invite/abc/", data)
    assert response["Location"] == "/invite/abc/"


def test_signup_ignores_a_next_that_leaves_the_site(client, db):
    data = {
        "username": "sam",
        "password1": "a-long-enough-pass-2026",
        "password2": "a-long-enough-pass-2026",
    }
    response = client.post(reverse("signup"), {**data, "next": "https://evil.example/"})
    assert response["Location"] == reverse("posts:dashboard")


def test_only_the_owner_can_move_a_series_to_the_trash(client, series):
    from tests.factories import MembershipFactory

    client.force_login(MembershipFactory(series=series, role="editor").user)
    assert (
        client.post(reverse("posts:series_delete", args=[series.slug])).status_code
        == 403
    )
    assert Series.objects.filter(pk=series.pk).exists()


def test_dashboard_flags_a_part_due_within_48_hours_with_no_chosen_draft(
    owner_client, series
):
    soon = timezone.now() + dt.timedelta(hours=20)
    due = PartFactory.create(series=series, number=1, title="Backprop", planned_at=soon)
    ready = PartFactory.create(series=series, number=2, title="Ready", planned_at=soon)
    make_draft(ready, chosen=True)
    PartFactory.create(
        series=series, number=3, title="Later", planned_at=soon + dt.timedelta(days=3)
    )
    response = owner_client.get(reverse("posts:dashboard"))
    assert "Due within 48 hours" in response.text
    assert f'href="{due.get_absolute_url()}"' in response.text
    assert "Part 1: Backprop</a> — due in 19\xa0hours" in response.text
    assert "Part 2: Ready" not in response.text and "Part 3: Later" not in response.text


def test_dashboard_does_not_flag_a_stranger_s_due_part(owner_client, stranger):
    other = SeriesFactory(owner=stranger)
    PartFactory.create(series=other, planned_at=timezone.now() + dt.timedelta(hours=5))
    assert (
        "Due within 48 hours" not in owner_client.get(reverse("posts:dashboard")).text
    )


@pytest.mark.parametrize("count", [2, 20])
def test_dashboard_query_count_does_not_grow_with_series_or_due_parts(
    owner_client, user, count, django_assert_max_num_queries
):
    soon = timezone.now() + dt.timedelta(hours=20)
    for _ in range(count):
        series = SeriesFactory(owner=user)
        make_draft(PartFactory.create(series=series, number=1, planned_at=soon))
    # session, user, series with counts, due parts
    with django_assert_max_num_queries(4):
        response = owner_client.get(reverse("posts:dashboard"))
    assert response.text.count("— due in") == count
