"""Drafts through the API: import (the browser's pipeline), list, read, save a revision."""

import io
import json

import pytest
from django.core.management import call_command

from posts.api.models import ImportReceipt
from posts.models import Draft, Revision
from series.models import Part, VoiceElement
from tests.factories import MembershipFactory, head, make_draft

IMPORT = "/api/v1/drafts/import"


def push(client, text: str, filename: str = "draft.md", series=None, **headers):
    payload = {"text": text, "filename": filename}
    if series is not None:
        payload["series"] = series
    return client.post(
        IMPORT, payload, content_type="application/json", headers=headers
    )


def test_import_places_the_two_example_drafts_like_the_browser(api, series, examples):
    balanced = examples / "neural-networks-part1-balanced.md"
    voice = examples / "neural-networks-part1-voice-match.md"
    first = push(api, balanced.read_text(), balanced.name, series.slug)
    second = push(api, voice.read_text(), voice.name, series.slug)
    assert (first.status_code, second.status_code) == (201, 201), second.json()
    one, two = first.json(), second.json()
    assert (one["status"], one["part"], one["series"]) == ("imported", 1, series.slug)
    assert two["part"] == 1
    assert one["draft"]["strategy"] == "balanced"
    assert one["declared_words"] == 312
    draft = Draft.objects.get(pk=two["draft"]["id"])
    # The scaffolding is split off into the metadata, never the text.
    assert "Voice Match Elements" not in draft.body
    assert draft.metadata["scaffolding"]["declared_word_count"] == 316
    assert VoiceElement.objects.filter(series=series).count() == 11
    assert Part.objects.filter(series=series).count() == 1


def test_import_rejection_is_a_problem_with_the_importers_reason(api, series):
    response = push(api, "", "empty.md", series.slug)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("Not imported: ")
    assert not Draft.objects.filter(part__series=series).exists()


def test_import_refuses_a_name_the_browser_would_refuse(api, series):
    response = push(api, "Hello", "draft.exe", series.slug)
    assert response.status_code == 422
    assert "filename" in response.json()["detail"]


def test_import_into_a_series_named_in_the_file(api, user):
    text = "---\nseries: Pipelines\npart: 2\n---\n\nHello from the pipeline.\n"
    response = push(api, text)
    assert response.status_code == 201
    assert response.json()["part"] == 2
    assert response.json()["series"] == "pipelines"


def test_same_file_pushed_twice_with_the_same_key_stores_one_revision(api, series):
    text = "---\npart: 1\ndraft_number: 1\n---\n\nThe same words.\n"
    first = push(api, text, series=series.slug, **{"Idempotency-Key": "push-1"})
    again = push(api, text, series=series.slug, **{"Idempotency-Key": "push-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Revision.objects.filter(draft__part__series=series).count() == 1
    assert ImportReceipt.objects.count() == 1


def test_same_file_pushed_twice_without_a_key_is_recognised_by_its_hash(api, series):
    text = "---\npart: 1\n---\n\nThe same words.\n"
    assert push(api, text, series=series.slug).status_code == 201
    again = push(api, text, series=series.slug)
    assert again.status_code == 200
    assert again.json()["status"] == "unchanged"
    assert Revision.objects.filter(draft__part__series=series).count() == 1


def test_a_key_reused_for_another_file_is_refused(api, series):
    key = {"Idempotency-Key": "push-2"}
    assert push(api, "One.", "a.md", series.slug, **key).status_code == 201
    response = push(api, "Two.", "a.md", series.slug, **key)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]


def test_a_rejected_push_is_refused_again_on_replay(api, series):
    key = {"Idempotency-Key": "push-3"}
    first = push(api, "", "a.md", series.slug, **key)
    again = push(api, "", "a.md", series.slug, **key)
    assert first.status_code == again.status_code == 422
    assert again.json()["detail"] == first.json()["detail"]


def test_regenerated_file_becomes_a_new_revision(api, series):
    v1 = "---\npart: 1\ndraft_number: 3\n---\n\nFirst words.\n"
    v2 = "---\npart: 1\ndraft_number: 3\n---\n\nBetter words.\n"
    push(api, v1, series=series.slug)
    response = push(api, v2, series=series.slug)
    assert response.status_code == 201
    assert response.json()["status"] == "new_revision"
    assert response.json()["draft"]["head"] == 2


def test_import_of_an_oversized_file_is_refused(api, series):
    response = push(api, "word " * 210_000, series=series.slug)
    assert response.status_code == 413


def test_reviewer_token_cannot_import(series):
    from tests.api.conftest import bearer, token_for

    reviewer = MembershipFactory(series=series, role="reviewer").user
    response = push(bearer(token_for(reviewer)), "Hi.", series=series.slug)
    assert response.status_code == 403


def test_list_part_drafts_in_fixed_queries(api, part, django_assert_max_num_queries):
    for _ in range(4):
        make_draft(part)
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/parts/{part.pk}/drafts")
    assert response.status_code == 200
    assert [d["number"] for d in response.json()] == [1, 2, 3, 4]


def test_read_draft_gives_head_and_metrics(api, draft, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = api.get(f"/api/v1/drafts/{draft.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["head"]["body"] == draft.body
    assert data["head"]["content_hash"] == draft.head.content_hash
    assert data["metrics"]["words"] == draft.head.word_count
    assert data["metrics"]["platform"] == "linkedin"
    assert "#AI" in data["metrics"]["hashtags"]


def test_read_draft_escapes_nothing_and_renders_nothing(api, part):
    draft = make_draft(part, "<script>alert(1)</script> words")
    data = api.get(f"/api/v1/drafts/{draft.pk}").json()
    assert data["head"]["body"] == "<script>alert(1)</script> words"  # JSON, not HTML


def _save(client, draft, text, base, *, number=None, base_hash=None):
    """Save `text` as edited from revision `base` (its number and hash unless given)."""
    payload = {
        "text": text,
        "base_number": number or base.number,
        "base_hash": base_hash or base.content_hash,
        "message": "from the pipeline",
    }
    return client.post(
        f"/api/v1/drafts/{draft.pk}/revisions", payload, content_type="application/json"
    )


def test_revision_on_the_head_is_saved(api, draft):
    response = _save(api, draft, "New text.", head(draft))
    assert response.status_code == 201
    assert response.json()["status"] == "saved"
    assert response.json()["revision"]["number"] == 2
    draft.refresh_from_db()
    assert draft.body == "New text."


def test_revision_on_an_old_base_that_touches_other_words_is_merged(api, part):
    draft = make_draft(part, "Opening.\n\nMiddle.\n\nClosing.")
    first = head(draft)
    colleague = Revision.objects.create(
        draft=draft,
        number=2,
        body="Opening.\n\nMiddle.\n\nClosing, rewritten.",
        author=part.series.owner,
        kind=Revision.Kind.NAMED,
    )
    draft.head = colleague
    draft.save()
    response = _save(api, draft, "Opening, sharper.\n\nMiddle.\n\nClosing.", first)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "merged"
    assert body["merged_with"] == 2
    assert body["notes"]
    draft.refresh_from_db()
    assert draft.body == "Opening, sharper.\n\nMiddle.\n\nClosing, rewritten."
    assert head(draft).kind == Revision.Kind.MERGE


def test_revision_on_an_old_base_that_overlaps_is_kept_as_a_conflict(api, part):
    draft = make_draft(part, revisions=2)
    first = draft.revisions.get(number=1)
    response = _save(api, draft, "Edited from the first.", first)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "conflict"
    assert body["conflict_with"] == 2
    assert Revision.objects.filter(draft=draft).count() == 3  # nothing lost
    draft.refresh_from_db()
    assert head(draft).number == 2  # a stale save never replaces the head


def test_same_text_again_stores_nothing(api, draft):
    _save(api, draft, "New text.", head(draft))
    again = _save(api, draft, "New text.", Revision.objects.get(draft=draft, number=2))
    assert again.status_code == 200
    assert again.json()["status"] == "unchanged"
    assert draft.revisions.count() == 2


def test_revision_with_a_malformed_hash_is_refused(api, draft):
    response = _save(api, draft, "x", head(draft), base_hash="not-a-hash")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"][-1] == "base_hash"


def test_revision_that_does_not_say_its_base_text_is_refused(api, draft):
    response = api.post(
        f"/api/v1/drafts/{draft.pk}/revisions",
        {"text": "x", "base_number": 1},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "base_hash"
    assert draft.revisions.count() == 1


def test_revision_on_a_text_the_draft_never_had_is_refused(api, draft):
    response = _save(api, draft, "x", head(draft), base_hash="0" * 64)
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Not saved:")
    assert draft.revisions.count() == 1


def test_reviewer_token_cannot_save_a_revision(draft, series):
    from tests.api.conftest import bearer, token_for

    reviewer = MembershipFactory(series=series, role="reviewer").user
    response = _save(bearer(token_for(reviewer)), draft, "x", head(draft))
    assert response.status_code == 403
    assert response.json()["detail"] == "Reviewers can read and comment, not edit."


def test_series_checks_are_what_check_series_json_gives(api, series, examples):
    for path in sorted(examples.glob("*.md")):
        push(api, path.read_text(), path.name, series.slug)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_series", series.slug, "--format", "json", stdout=out)
    response = api.get(f"/api/v1/series/{series.slug}/checks")
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())
    assert response.json()  # the examples do have findings


def test_draft_checks_give_score_and_findings(api, draft):
    data = api.get(f"/api/v1/drafts/{draft.pk}/checks").json()
    assert data["draft"] == draft.pk
    assert data["errors"] == sum(f["severity"] == "error" for f in data["findings"])


def test_text_with_a_lone_surrogate_is_refused_not_a_crash(api, series):
    body = '{"text": "a\\ud800b", "series": "' + series.slug + '"}'
    response = api.post(IMPORT, body, content_type="application/json")
    assert response.status_code == 422
    assert "lone surrogate" in response.json()["detail"]


def test_base_number_beyond_what_the_database_holds_is_refused(api, draft):
    response = _save(api, draft, "x", head(draft), number=2**40)
    assert response.status_code == 422
    assert draft.revisions.count() == 1
