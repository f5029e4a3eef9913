"""The editor page, the live preview + panel endpoint and the save endpoint."""

import pytest
from django.urls import reverse

from posts.editor.saving import base_of
from posts.editor.views import panel_context
from posts.models import Draft
from tests.factories import MembershipFactory, UserFactory, make_draft

JSON = {"Accept": "application/json"}


def _save_data(draft, body, **extra):
    return {"body": body, **base_of(draft.head), "kind": "autosave", **extra}


def test_editor_page_shows_textarea_preview_panel_and_base(owner_client, draft):
    response = owner_client.get(reverse("posts:draft", args=[draft.pk]))
    assert response.status_code == 200
    text = response.text
    assert 'id="editor-body"' in text
    assert 'id="preview"' in text and 'id="live-panel"' in text
    assert 'id="platform-preview"' in text
    assert f'name="base_hash" value="{base_of(draft.head)["base_hash"]}"' in text
    assert "js/editor.js" in text
    assert "<script>" not in text and 'style="' not in text


def test_reviewer_gets_the_read_only_view(client, draft):
    reviewer = UserFactory()
    MembershipFactory(series=draft.part.series, user=reviewer, role="reviewer")
    client.force_login(reviewer)
    response = client.get(reverse("posts:draft", args=[draft.pk]))
    assert response.status_code == 200
    assert 'id="editor-body"' not in response.text
    assert "js/editor.js" not in response.text
    assert 'id="live-panel"' in response.text


def test_reviewer_cannot_save(client, draft):
    reviewer = UserFactory()
    MembershipFactory(series=draft.part.series, user=reviewer, role="reviewer")
    client.force_login(reviewer)
    url = reverse("posts:save", args=[draft.pk])
    response = client.post(url, _save_data(draft, "nope"), headers=JSON)
    assert response.status_code == 403


def test_editor_page_rejects_post(owner_client, draft):
    response = owner_client.post(reverse("posts:draft", args=[draft.pk]))
    assert response.status_code == 405


def test_editor_page_of_missing_draft_is_404(owner_client, db):
    assert owner_client.get(reverse("posts:draft", args=[999999])).status_code == 404


def test_preview_returns_preview_with_panel_and_platform_view_out_of_band(
    owner_client, draft
):
    url = reverse("posts:preview", args=[draft.pk])
    body = "**Bold** start.\n\n#AI #ML"
    response = owner_client.post(url, {"body": body}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.text
    assert "<html" not in text
    assert '<article id="preview"' in text and "<strong>Bold</strong>" in text
    assert (
        'id="live-panel" class="live-panel card card-body" hx-swap-oob="true"' in text
    )
    assert 'id="platform-preview"' in text and 'hx-swap-oob="true"' in text
    assert "Bold start." in text  # plain text on the platform view


def test_preview_escapes_script_tags(owner_client, draft):
    url = reverse("posts:preview", args=[draft.pk])
    response = owner_client.post(url, {"body": "<script>alert(1)</script> if a<b"})
    assert "<script>" not in response.text
    assert "a&lt;b" in response.text  # the platform view shows the text escaped


def test_preview_of_oversized_text_answers_200_with_a_message(owner_client, draft):
    url = reverse("posts:preview", args=[draft.pk])
    response = owner_client.post(url, {"body": "x" * 1_000_001})
    assert response.status_code == 200
    assert "over 1 MB" in response.text


def test_preview_rejects_get(owner_client, draft):
    url = reverse("posts:preview", args=[draft.pk])
    assert owner_client.get(url).status_code == 405


def test_panel_marks_the_fold_and_the_limit(draft):
    body = ("word " * 80).strip()
    panel = panel_context(draft, body)
    assert panel["metrics"].words == 80
    assert panel["metrics"].fold_desktop.cut
    assert panel["limit_percent"] == round(len(body) / 3000 * 100)


def test_platform_view_splits_at_the_mobile_and_desktop_folds(owner_client, draft):
    url = reverse("posts:preview", args=[draft.pk])
    body = ("word " * 80).strip()
    response = owner_client.post(url, {"body": body})
    assert "…see more (mobile)" in response.text
    assert "…see more (desktop)" in response.text


def test_autosave_returns_the_new_base(owner_client, draft):
    url = reverse("posts:save", args=[draft.pk])
    response = owner_client.post(url, _save_data(draft, "Fresh text"), headers=JSON)
    assert response.status_code == 200
    data = response.json()
    head = Draft.objects.get(pk=draft.pk).head
    assert data["status"] == "saved"
    assert head is not None
    assert data["base_number"] == head.number == 2
    assert data["base_hash"] == head.content_hash
    assert head.body == "Fresh text"


def test_save_keeps_whitespace_and_normalises_newlines(owner_client, draft):
    url = reverse("posts:save", args=[draft.pk])
    owner_client.post(url, _save_data(draft, "  indented\r\nline\n\n"), headers=JSON)
    assert Draft.objects.get(pk=draft.pk).body == "  indented\nline\n\n"


def test_named_version_with_message(owner_client, draft):
    url = reverse("posts:save", args=[draft.pk])
    data = _save_data(draft, "Named", kind="named", message=" First cut ")
    response = owner_client.post(url, data, headers=JSON)
    head = Draft.objects.get(pk=draft.pk).head
    assert head is not None
    assert response.json()["revision"] == head.number
    assert (head.kind, head.message) == ("named", "First cut")


def test_save_from_a_stale_base_answers_with_the_conflict_banner(
    owner_client, draft, user
):
    url = reverse("posts:save", args=[draft.pk])
    stale = _save_data(draft, "mine")
    owner_client.post(url, {**stale, "body": "theirs", "kind": "named"}, headers=JSON)
    response = owner_client.post(url, stale, headers=JSON)
    data = response.json()
    assert data["status"] == "conflict"
    assert data["revision"] == 3
    assert "changed the same words as you in revision 2" in data["banner"]
    assert "yours is kept as revision 3" in data["banner"]
    assert data["resolve_url"] == reverse("posts:conflict", args=[draft.pk, 3])
    assert data["resolve_url"] in data["banner"]
    assert "/compare/" in data["banner"]
    # The stale save did not become the current text; the editor's base stays its own.
    draft.refresh_from_db()
    assert draft.head.number == 2 and draft.body == "theirs"
    assert (data["base_number"], data["base_hash"]) == (
        stale["base_number"],
        stale["base_hash"],
    )


def test_conflict_banner_names_the_other_author_escaped(client, draft, user):
    colleague = UserFactory(username="<b>ann</b>")
    MembershipFactory(series=draft.part.series, user=colleague, role="editor")
    stale = _save_data(draft, "mine")
    url = reverse("posts:save", args=[draft.pk])
    client.force_login(colleague)
    client.post(url, {**stale, "body": "theirs"}, headers=JSON)
    client.force_login(user)
    banner = client.post(url, stale, headers=JSON).json()["banner"]
    assert "&lt;b&gt;ann&lt;/b&gt;" in banner


def test_invalid_save_is_a_clear_400_and_saves_nothing(owner_client, draft):
    url = reverse("posts:save", args=[draft.pk])
    bad = {"body": "x", "base_number": "abc", "kind": "shout"}
    response = owner_client.post(url, bad, headers=JSON)
    assert response.status_code == 400
    assert "base number" in response.json()["error"]
    assert draft.revisions.count() == 1


def test_save_without_javascript_redirects_with_a_message(owner_client, draft):
    url = reverse("posts:save", args=[draft.pk])
    response = owner_client.post(url, _save_data(draft, "No JS", kind="named"))
    assert response.status_code == 302
    page = owner_client.get(response["Location"])
    assert "Saved as revision 2." in page.text


def test_save_rejects_get(owner_client, draft):
    assert owner_client.get(reverse("posts:save", args=[draft.pk])).status_code == 405


@pytest.mark.parametrize("revisions", [3, 300])
def test_editor_endpoints_run_a_fixed_number_of_queries(
    owner_client, part, revisions, django_assert_max_num_queries
):
    draft = make_draft(part, revisions=revisions)
    # The checks add two queries (the series outline and its voice profile).
    with django_assert_max_num_queries(8):
        owner_client.get(reverse("posts:draft", args=[draft.pk]))
    with django_assert_max_num_queries(6):
        owner_client.post(reverse("posts:preview", args=[draft.pk]), {"body": "hi"})
    with django_assert_max_num_queries(12):
        owner_client.post(
            reverse("posts:save", args=[draft.pk]),
            _save_data(draft, "saved"),
            headers=JSON,
        )


def test_preview_panel_shows_checks_for_the_text_being_typed(owner_client, draft):
    from series.models import VoiceElement

    VoiceElement.objects.create(
        series=draft.part.series, label="Nutshell", phrases="In a nutshell"
    )
    url = reverse("posts:preview", args=[draft.pk])
    typed = owner_client.post(
        url, {"body": "As promised last week, more. In a nutshell: yes."}
    ).text
    assert "This is the first part, but it refers back to an earlier post." in typed
    assert "Voice 1 of 1 verified" in typed
    assert (
        "Voice 0 of 1 verified, 1 missing"
        in owner_client.post(url, {"body": "Plain words."}).text
    )


def test_editor_says_when_the_draft_is_published_and_changed_since(
    owner_client, draft, user
):
    import datetime

    from posts.editor.saving import save_text
    from posts.models import Publication

    Publication.objects.create(
        part=draft.part, revision=draft.head, published_on=datetime.date(2026, 11, 2)
    )
    html = owner_client.get(reverse("posts:draft", args=[draft.pk])).text
    assert (
        "Published Nov. 2, 2026 (revision 1)" in html and "see what changed" not in html
    )
    save_text(draft.pk, user, "Edited after it went out.", kind="named", base_number=1)
    html = owner_client.get(reverse("posts:draft", args=[draft.pk])).text
    assert "see what changed" in html
