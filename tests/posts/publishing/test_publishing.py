import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.editor.saving import save_text
from posts.models import Draft, Publication, ReviewRequest, Revision, Verdict
from posts.review.approval import annotated_state, review_state, with_review_state
from tests.factories import MembershipFactory, PartFactory, UserFactory, make_draft

OVER_LIMIT = "Word " * 700  # 3,499 characters once trailing space goes: over 3,000


def approve(draft, kind=Verdict.Kind.APPROVED):
    reviewer = UserFactory.create()
    return Verdict.objects.create(
        draft=draft, revision=draft.head, reviewer=reviewer, kind=kind
    )


@pytest.fixture
def chosen(part):
    draft = make_draft(part, chosen=True, strategy="balanced")
    approve(draft)
    return draft


@pytest.fixture
def reviewer_client(client, series):
    membership = MembershipFactory(series=series, role="reviewer")
    client.force_login(membership.user)
    return client


def _publish_url(series):
    return reverse("posts:publish", args=[series.slug])


def test_publish_page_shows_parts_readiness_and_summary(owner_client, series, chosen):
    PartFactory(series=series, number=2, title="Backpropagation")
    approve(
        make_draft(
            PartFactory(series=series, number=3, title="Too long"),
            OVER_LIMIT,
            chosen=True,
        )
    )
    unapproved = PartFactory(series=series, number=4, title="Unapproved")
    make_draft(unapproved, chosen=True)
    response = owner_client.get(_publish_url(series))
    assert response.status_code == 200
    text = response.text
    assert "1 of 4 parts ready" in text
    assert (
        text.index("How networks learn")
        < text.index("Backpropagation")
        < text.index("Too long")
    )
    assert "No draft chosen." in text
    assert "Approved in review" in text and "drafting" in text
    assert "Within the LinkedIn limit" in text and "499 too many" in text
    assert "…see more" in text  # the fold is marked in the plain-text preview
    assert 'data-copy-source="copy-' in text


def test_publish_page_links_a_part_without_drafts_to_its_page(owner_client, series):
    empty = PartFactory.create(series=series, number=1, title="Empty")
    response = owner_client.get(_publish_url(series))
    assert f'href="{empty.get_absolute_url()}"' in response.text
    assert "0 of 1 part ready" in response.text


def test_publish_page_escapes_user_text(owner_client, series, part):
    make_draft(part, "Hi <script>alert(1)</script> there", chosen=True)
    part.title = "<script>bad()</script>"
    part.save()
    response = owner_client.get(_publish_url(series))
    assert "<script>alert(1)" not in response.text
    assert "<script>bad()" not in response.text
    assert "&lt;script&gt;bad()&lt;/script&gt;" in response.text


def test_publish_page_rejects_post(owner_client, series):
    assert owner_client.post(_publish_url(series)).status_code == 405


def test_publish_page_of_a_missing_series_is_404(owner_client):
    url = reverse("posts:publish", args=["no-such-series"])
    assert owner_client.get(url).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_publish_page_runs_a_fixed_number_of_queries(
    owner_client, series, count, django_assert_max_num_queries
):
    for number in range(1, count + 1):
        part = PartFactory.create(series=series, number=number)
        approve(make_draft(part, chosen=True))
        make_draft(part)
        if number % 2:
            draft = part.drafts.get(chosen=True)
            assert draft.head is not None
            Publication.objects.create(
                part=part, revision=draft.head, published_on=timezone.localdate()
            )
    # +2 for the checks: the series outline and its voice profile. The plan's
    # findings read the parts and drafts the page loads.
    with django_assert_max_num_queries(8):
        response = owner_client.get(_publish_url(series))
    assert f"{count} of {count} parts ready" in response.text


def test_choose_draft_makes_it_the_only_chosen_one(owner_client, part, chosen):
    other = make_draft(part, "Another take.")
    url = reverse("posts:publish_choose", args=[part.pk])
    response = owner_client.post(url, {"draft": other.pk})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/publish/{part.series.slug}/#part-1")
    assert list(part.drafts.filter(chosen=True)) == [other]


def test_choose_refuses_a_draft_of_another_part(owner_client, series, part, chosen):
    foreign = make_draft(PartFactory(series=series, number=2))
    url = reverse("posts:publish_choose", args=[part.pk])
    response = owner_client.post(url, {"draft": foreign.pk}, follow=True)
    assert "pick one of its drafts" in response.text
    assert list(part.drafts.filter(chosen=True)) == [chosen]


def test_mark_published_freezes_the_head_revision(owner_client, user, part, chosen):
    url = reverse("posts:publish_mark", args=[part.pk])
    response = owner_client.post(
        url, {"published_on": "2026-03-02", "url": "https://example.com/p/1"}
    )
    assert response.status_code == 302
    publication = Publication.objects.get(part=part)
    assert publication.revision == chosen.head
    assert publication.published_on == datetime.date(2026, 3, 2)
    assert publication.url == "https://example.com/p/1"
    # An autosave right after does not rewrite the published revision.
    Revision.objects.filter(pk=chosen.head_id).update(kind=Revision.Kind.AUTOSAVE)
    result = save_text(
        chosen.pk,
        user,
        "Edited after publishing.",
        base_number=1,
        base_hash=chosen.head.content_hash,
    )
    assert result.created and result.revision.number == 2
    publication.revision.refresh_from_db()
    assert publication.revision.body != "Edited after publishing."


def test_edit_after_publishing_shows_changed_since_published(
    owner_client, user, series, part, chosen
):
    Publication.objects.create(
        part=part, revision=chosen.head, published_on=timezone.localdate()
    )
    save_text(chosen.pk, user, "A later edit.", kind=Revision.Kind.NAMED, base_number=1)
    response = owner_client.get(_publish_url(series))
    assert "Changed since published" in response.text
    assert "Mark this text as published" in response.text


def test_mark_published_explains_bad_input(owner_client, series, part, chosen):
    url = reverse("posts:publish_mark", args=[part.pk])
    response = owner_client.post(
        url, {"published_on": "not a date", "url": "nope nope"}, follow=True
    )
    assert response.status_code == 200
    assert "Part 1 was not marked" in response.text
    assert not Publication.objects.exists()


def test_mark_published_without_a_chosen_draft_explains(owner_client, part, draft):
    url = reverse("posts:publish_mark", args=[part.pk])
    response = owner_client.post(url, {"published_on": "2026-03-02"}, follow=True)
    assert "has no chosen draft to publish" in response.text
    assert not Publication.objects.exists()


def test_undo_publishing_deletes_the_publication(owner_client, part, chosen):
    Publication.objects.create(
        part=part, revision=chosen.head, published_on=timezone.localdate()
    )
    response = owner_client.post(reverse("posts:publish_undo", args=[part.pk]))
    assert response.status_code == 302
    assert not Publication.objects.exists()
    assert Revision.objects.filter(pk=chosen.head_id).exists()


def test_publish_actions_answer_htmx_with_a_client_redirect(owner_client, part, chosen):
    url = reverse("posts:publish_mark", args=[part.pk])
    response = owner_client.post(
        url, {"published_on": "2026-03-02"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"/publish/{part.series.slug}/#part-1")


@pytest.mark.parametrize("name", ["publish_choose", "publish_mark", "publish_undo"])
def test_publish_actions_reject_get(owner_client, part, name):
    assert owner_client.get(reverse(f"posts:{name}", args=[part.pk])).status_code == 405


def test_reviewer_may_view_and_export_but_not_publish(
    reviewer_client, series, part, chosen
):
    assert reviewer_client.get(_publish_url(series)).status_code == 200
    export = reverse("posts:export", args=[series.slug])
    assert reviewer_client.get(export, {"format": "zip"}).status_code == 200
    for name in ["publish_mark", "publish_undo", "publish_choose"]:
        url = reverse(f"posts:{name}", args=[part.pk])
        response = reviewer_client.post(url, {"published_on": "2026-03-02"})
        assert response.status_code == 403, name
    assert not Publication.objects.exists()


def test_stranger_cannot_export(stranger_client, series, part, chosen):
    export = reverse("posts:export", args=[series.slug])
    assert stranger_client.get(export, {"format": "zip"}).status_code == 404
    url = reverse("posts:export_part", args=[part.pk])
    assert stranger_client.get(url, {"format": "md"}).status_code == 404


def test_series_zip_download_has_a_proper_filename(owner_client, series, chosen):
    url = reverse("posts:export", args=[series.slug])
    response = owner_client.get(url, {"format": "zip"})
    assert response["Content-Type"] == "application/zip"
    assert (
        response["Content-Disposition"] == 'attachment; filename="neural-networks.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == [
            "manifest.json",
            "index.md",
            "01-how-networks-learn/draft-1-balanced.md",
        ]


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("md", "text/markdown; charset=utf-8"), ("txt", "text/plain; charset=utf-8")],
)
def test_part_download(owner_client, part, chosen, fmt, content_type):
    url = reverse("posts:export_part", args=[part.pk])
    response = owner_client.get(url, {"format": fmt})
    assert response["Content-Type"] == content_type
    expected = f'attachment; filename="neural-networks-01-how-networks-learn.{fmt}"'
    assert response["Content-Disposition"] == expected


def test_download_filename_with_non_ascii_title(owner_client, series, part, chosen):
    part.title = "Réseaux “neuronaux”"
    part.save()
    url = reverse("posts:export_part", args=[part.pk])
    response = owner_client.get(url, {"format": "md"})
    assert response["Content-Disposition"] == (
        'attachment; filename="neural-networks-01-reseaux-neuronaux.md"'
    )


def test_export_with_an_unknown_format_explains(owner_client, series, part, chosen):
    url = reverse("posts:export", args=[series.slug])
    response = owner_client.get(url, {"format": "docx"}, follow=True)
    assert response.status_code == 200
    assert "Choose an export format" in response.text
    url = reverse("posts:export_part", args=[part.pk])
    response = owner_client.get(url, {"format": "pdf"}, follow=True)
    assert "needs .md or .txt" in response.text


def test_export_of_a_part_without_drafts_explains(owner_client, series):
    empty = PartFactory.create(series=series, number=1)
    url = reverse("posts:export_part", args=[empty.pk])
    response = owner_client.get(url, {"format": "md"}, follow=True)
    assert "has no draft to export" in response.text


def test_changed_since_published_links_to_the_comparison(
    owner_client, user, series, part, chosen
):
    Publication.objects.create(
        part=part, revision=chosen.head, published_on=timezone.localdate()
    )
    save_text(chosen.pk, user, "A later edit.", kind=Revision.Kind.NAMED, base_number=1)
    response = owner_client.get(_publish_url(series))
    compare = reverse("posts:compare", args=[chosen.pk, 1, chosen.pk, 2])
    assert f'href="{compare}"' in response.text


def test_batched_review_state_agrees_with_posts_review(user, part):
    draft = make_draft(part)
    reviewer = UserFactory.create()

    def ask():
        assert draft.head is not None
        ReviewRequest.objects.create(
            draft=draft, requested_by=user, reviewer=reviewer, revision=draft.head
        )

    def states():
        fresh = Draft.objects.get(pk=draft.pk)
        annotated = with_review_state(Draft.objects.all()).get(pk=draft.pk)
        return annotated_state(annotated), review_state(fresh)

    seen = [states()]
    ask()
    seen.append(states())
    approve(draft)
    seen.append(states())
    save_text(draft.pk, user, "Edited.", kind=Revision.Kind.NAMED, base_number=1)
    draft.refresh_from_db()
    seen.append(states())
    approve(draft, Verdict.Kind.CHANGES)
    seen.append(states())
    ask()
    seen.append(states())
    assert [mine for mine, _ in seen] == [theirs for _, theirs in seen]
    assert [mine for mine, _ in seen] == [
        "drafting",
        "in review",
        "approved",
        "drafting",
        "changes requested",
        "in review",
    ]


def test_readiness_lists_continuity_and_voice_findings(owner_client, user, part):
    draft = make_draft(
        part, "As promised last week, here is Part 1.\n\n#AI #ML #Data", chosen=True
    )
    assert draft.chosen
    html = owner_client.get(_publish_url(part.series)).text
    assert "This is the first part, but it refers back to an earlier post." in html
    assert "No errors from the voice, continuity and platform checks" in html


def test_publish_page_shows_the_plan_s_findings_from_the_parts_it_loaded(
    owner_client, series
):
    soon = timezone.now() + datetime.timedelta(hours=20)
    make_draft(PartFactory.create(series=series, number=1, planned_at=soon))
    chosen = PartFactory.create(series=series, number=2, planned_at=soon)
    make_draft(chosen, chosen=True)
    PartFactory.create(
        series=series, number=3, planned_at=soon - datetime.timedelta(days=1)
    )
    text = owner_client.get(_publish_url(series)).text
    assert "Part 1 is due within 48 hours and no draft is chosen." in text
    assert "Part 2 is due within 48 hours" not in text
    assert "Part 3 is planned before Part 2." in text
