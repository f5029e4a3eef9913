"""Series, review and export operations, and the error format."""

import io
import zipfile

from posts.models import Comment, Suggestion
from series.models import Series
from tests.factories import SeriesFactory, anchored_comment, make_draft


def test_list_series_gives_mine_and_those_i_am_a_member_of(api, series, stranger):
    SeriesFactory(owner=stranger, title="Not mine")
    response = api.get("/api/v1/series")
    assert response.status_code == 200
    assert [(s["slug"], s["role"]) for s in response.json()] == [(series.slug, "owner")]


def test_create_series(api, user):
    response = api.post(
        "/api/v1/series",
        {"title": " Vector databases ", "default_platform": "linkedin"},
        content_type="application/json",
    )
    assert response.status_code == 201
    created = Series.objects.get(slug=response.json()["slug"])
    assert (created.owner, created.title) == (user, "Vector databases")


def test_create_series_with_an_unknown_platform_is_refused_in_words(api, user):
    response = api.post(
        "/api/v1/series",
        {"title": "X", "default_platform": "myspace"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "default_platform" in response.json()["detail"]


def test_malformed_json_is_a_problem_not_a_crash(api, user):
    response = api.post("/api/v1/series", "{", content_type="application/json")
    assert response.status_code in {400, 422}
    assert response["Content-Type"] == "application/problem+json"


def assert_problem(response, status: int) -> str:
    """An RFC 9457 problem document with this status; its detail."""
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"]
    assert len(body["detail"].split()) >= 4  # words, not a status line
    return body["detail"]


def test_a_wrong_method_is_a_problem_naming_the_methods(api):
    response = api.put("/api/v1/drafts/import", "{}", content_type="application/json")
    detail = assert_problem(response, 405)
    assert response["Allow"] == "POST"
    assert "POST" in detail and "PUT" in detail


def test_a_wrong_method_without_a_token_is_a_problem_too(client):
    assert "DELETE" in assert_problem(client.delete("/api/v1/series"), 405)


def test_a_multipart_body_the_server_cannot_read_is_a_problem(api):
    response = api.post(
        "/api/v1/drafts/import", b"--x\r\nbroken", content_type="multipart/form-data"
    )
    assert "application/json" in assert_problem(response, 400)


def test_a_body_over_the_request_limit_is_a_problem(api):
    response = api.post(
        "/api/v1/drafts/import",
        b"text=" + b"x" * (6 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert "MB" in assert_problem(response, 413)


def test_read_series_with_parts_and_drafts_in_fixed_queries(
    api, series, part, draft, django_assert_max_num_queries
):
    make_draft(part)
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/series/{series.slug}")
    data = response.json()
    assert [p["number"] for p in data["parts"]] == [1]
    assert [d["number"] for d in data["parts"][0]["drafts"]] == [1, 2]


def test_comments_and_suggestions_are_readable(api, draft, user):
    thread = anchored_comment(draft, "patterns", "Say which patterns.")
    Comment.objects.create(
        draft=draft, revision=draft.head, author=user, parent=thread, body="Done."
    )
    Suggestion.objects.create(draft=draft, base=draft.head, author=user, body="Other.")
    comments = api.get(f"/api/v1/drafts/{draft.pk}/comments").json()
    assert comments[0]["quote"] == "patterns"
    assert comments[0]["body"] == "Say which patterns."
    assert comments[0]["replies"][0]["body"] == "Done."
    assert comments[0]["outdated"] is False
    suggestions = api.get(f"/api/v1/drafts/{draft.pk}/suggestions").json()
    assert suggestions[0]["body"] == "Other."
    assert suggestions[0]["base"] == draft.head.number


def test_deleted_comment_is_a_gap(api, draft, user):
    thread = anchored_comment(draft, "patterns", "Secret words.")
    Comment.objects.create(
        draft=draft, revision=draft.head, author=user, parent=thread, body="Reply."
    )
    thread.move_to_trash(user)
    comments = api.get(f"/api/v1/drafts/{draft.pk}/comments").json()
    assert comments[0]["deleted"] is True
    assert "Secret" not in str(comments)


def test_export_series_in_each_format(api, series, draft):
    url = f"/api/v1/series/{series.slug}/export"
    md = api.get(url, {"format": "md"})
    assert md["Content-Type"] == "text/markdown; charset=utf-8"
    assert draft.body.splitlines()[0] in md.content.decode()
    txt = api.get(url, {"format": "txt"})
    assert txt["Content-Type"] == "text/plain; charset=utf-8"
    zipped = api.get(url, {"format": "zip"})
    assert zipped["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert names == [
        "manifest.json",
        "index.md",
        "01-how-networks-learn/draft-1-balanced.md",
    ]
    assert 'filename="' in zipped["Content-Disposition"]


def test_export_series_with_an_unknown_format_is_refused(api, series):
    response = api.get(f"/api/v1/series/{series.slug}/export", {"format": "docx"})
    assert response.status_code == 422


def test_export_part(api, part, draft):
    response = api.get(f"/api/v1/parts/{part.pk}/export", {"format": "md"})
    assert response.status_code == 200
    assert response.content.decode().startswith("---\n")


def test_export_of_a_part_without_drafts_is_a_404_in_words(api, series):
    from tests.factories import PartFactory

    empty = PartFactory.create(series=series, number=5)
    response = api.get(f"/api/v1/parts/{empty.pk}/export")
    assert response.status_code == 404
    assert response.json()["detail"] == "Part 5 has no draft to export."


def test_unknown_api_address_is_a_problem(api):
    response = api.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_id_out_of_range_is_refused_not_a_crash(api):
    response = api.get(f"/api/v1/drafts/{2**64}")
    assert response.status_code == 422


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Postwright API"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert "<script>" not in docs.text  # every script is a file, with the nonce
    assert docs["Content-Security-Policy"].startswith("default-src 'self'")


def test_errors_are_documented_as_problem_json():
    from posts.api.api import api

    schema = api.get_openapi_schema()
    for operations in schema["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"]
