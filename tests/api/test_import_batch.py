"""POST /api/v1/series/{slug}/import: many files in one request, each as /drafts/import."""

from posts.models import Draft, Revision
from tests.api.conftest import bearer, token_for
from tests.factories import MembershipFactory
from tests.posts.importing.test_placement import PART_1, UNRELATED


def _push(api, series, files, **extra):
    return api.post(
        f"/api/v1/series/{series.slug}/import",
        {"files": [{"text": t, "filename": n} for t, n in files], **extra},
        content_type="application/json",
    )


def test_batch_import_reports_each_file_and_stores_the_good_ones(api, series):
    files = [
        (PART_1, "1.md"),
        (PART_1.replace("draft_number: 1", "draft_number: 2"), "2.md"),
        (UNRELATED, "vector-db.md"),
        ("\x00", "broken.md"),
        (PART_1, "1-again.md"),
    ]
    response = _push(api, series, files)
    assert response.status_code == 201
    rows = response.json()["files"]
    assert [r["status"] for r in rows] == [
        "imported",
        "imported",
        "needs_choice",
        "rejected",
        "unchanged",
    ]
    assert rows[0]["draft"]["number"] == 1 and rows[1]["part"] == 1
    assert "`new_part: true` (Part 2)" in rows[2]["detail"]
    assert rows[3]["detail"].startswith("Not imported:")
    assert Draft.objects.count() == 2


def test_batch_import_with_new_part_places_the_unclear_file(api, series):
    _push(api, series, [(PART_1, "1.md")])
    response = _push(api, series, [(UNRELATED, "v.md")], new_part=True)
    assert response.json()["files"][0]["part"] == 2


def test_batch_import_again_is_200_and_stores_nothing(api, series):
    _push(api, series, [(PART_1, "1.md")])
    again = _push(api, series, [(PART_1, "1.md")])
    assert again.status_code == 200 and Revision.objects.count() == 1


def test_batch_import_with_an_idempotency_key_answers_a_retry_the_same(api, series):
    headers = {"Idempotency-Key": "batch-1"}
    first = api.post(
        f"/api/v1/series/{series.slug}/import",
        {"files": [{"text": PART_1, "filename": "1.md"}]},
        content_type="application/json",
        headers=headers,
    )
    retry = api.post(
        f"/api/v1/series/{series.slug}/import",
        {"files": [{"text": PART_1, "filename": "1.md"}]},
        content_type="application/json",
        headers=headers,
    )
    assert (first.status_code, retry.status_code) == (201, 201)
    assert first.json() == retry.json() and Revision.objects.count() == 1


def test_batch_import_refuses_a_reviewer_and_a_stranger(series, stranger):
    reviewer = MembershipFactory(series=series, role="reviewer").user
    as_reviewer = _push(bearer(token_for(reviewer)), series, [(PART_1, "1.md")])
    as_stranger = _push(bearer(token_for(stranger)), series, [(PART_1, "1.md")])
    assert (as_reviewer.status_code, as_stranger.status_code) == (403, 404)
    assert not Draft.objects.exists()


def test_part_and_new_part_together_are_refused_by_the_schema_as_by_the_server(
    api, series
):
    schemas = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("ImportIn", "ImportBatchIn"):
        assert schemas[name]["not"] == {  # a body may not be: a part and new_part
            "required": ["part", "new_part"],
            "properties": {"part": {"type": "integer"}, "new_part": {"const": True}},
        }
    response = _push(api, series, [(PART_1, "1.md")], part=1, new_part=True)
    assert response.status_code == 422
    assert response.json()["detail"] == "Send `part` or `new_part`, not both."
    assert not Draft.objects.filter(part__series=series).exists()
