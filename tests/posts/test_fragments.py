"""Cached page fragments (posts.fragments): a change of any input is seen at once,
and what is kept holds no per-request secret.

Each test renders a page once (the fragment is kept), changes one thing the
fragment shows, and checks the next rendering against one with the cache off.
"""

import re

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse

from posts import fragments
from posts.editor.saving import save_text
from posts.models import Revision, Verdict
from posts.outline.choosing import choose_draft
from tests.factories import MembershipFactory, UserFactory, make_draft

DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
_PER_REQUEST = re.compile(
    r'(nonce="|"x-csrftoken": "|name="csrfmiddlewaretoken" value=")[^"]*'
)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return _PER_REQUEST.sub(r"\1…", response.text)


def _uncached(client, url: str, settings) -> str:
    kept = settings.CACHES
    settings.CACHES = DUMMY_CACHE
    try:
        return _page(client, url)
    finally:
        settings.CACHES = kept


def _assert_fresh(client, url: str, settings) -> str:
    """The page now is what it is with the cache off."""
    html = _page(client, url)
    assert html == _uncached(client, url, settings)
    return html


@pytest.fixture
def drafts(part):
    return [
        make_draft(part, "First take.\n\n#AI", strategy="balanced"),
        make_draft(part, "Second take, longer.\n\n#AI #ML", strategy="story"),
    ]


def _part_url(part) -> str:
    return reverse("posts:part", args=[part.pk])


def test_the_part_matrix_is_kept_and_drawn_from_the_cache(
    owner_client, part, drafts, monkeypatch
):
    _page(owner_client, _part_url(part))
    rendered: list[tuple] = []

    def draft_rows(*args):
        rendered.append(args)
        return []

    monkeypatch.setattr("posts.outline.views.draft_rows", draft_rows)
    _page(owner_client, _part_url(part))
    assert rendered == []  # the rows were not worked out again


def test_a_new_revision_changes_the_part_matrix(
    owner_client, user, part, drafts, settings
):
    _page(owner_client, _part_url(part))
    head = drafts[0].head
    save_text(
        drafts[0].pk,
        user,
        "A brand new text with many more words in it.\n\n#AI #ML #Data",
        kind=Revision.Kind.NAMED,
        base_number=head.number,
        base_hash=head.content_hash,
    )
    html = _assert_fresh(owner_client, _part_url(part), settings)
    assert 'data-label="Hashtags">3</td>' in html  # counted on the new head


def test_choosing_a_draft_changes_the_part_matrix(owner_client, part, drafts, settings):
    _page(owner_client, _part_url(part))
    choose_draft(drafts[1], True)
    html = _assert_fresh(owner_client, _part_url(part), settings)
    assert 'id="draft-row-2" class="is-chosen"' in html


def test_a_renamed_strategy_changes_the_part_matrix(
    owner_client, part, drafts, settings
):
    _page(owner_client, _part_url(part))
    drafts[0].strategy = "contrarian"
    drafts[0].save()
    assert "contrarian" in _assert_fresh(owner_client, _part_url(part), settings)


def test_an_approval_changes_the_part_matrix(owner_client, part, drafts, settings):
    _page(owner_client, _part_url(part))
    Verdict.objects.create(
        draft=drafts[0],
        revision=drafts[0].head,
        reviewer=UserFactory.create(),
        kind=Verdict.Kind.APPROVED,
    )
    html = _assert_fresh(owner_client, _part_url(part), settings)
    assert ">approved<" in html


def test_a_viewer_with_less_access_gets_their_own_matrix(
    client, part, drafts, settings
):
    """An editor's matrix (with Choose buttons) is never shown to a reviewer."""
    editor, reviewer = UserFactory.create(), UserFactory.create()
    MembershipFactory.create(series=part.series, user=editor, role="editor")
    membership = MembershipFactory.create(
        series=part.series, user=reviewer, role="editor"
    )
    client.force_login(editor)
    assert reverse("posts:draft_choose", args=[drafts[0].pk]) in _page(
        client, _part_url(part)
    )
    membership.role = "reviewer"
    membership.save()
    client.force_login(reviewer)
    html = _assert_fresh(client, _part_url(part), settings)
    assert reverse("posts:draft_choose", args=[drafts[0].pk]) not in html


def test_a_renamed_part_changes_the_series_page(
    owner_client, series, part, drafts, settings
):
    url = reverse("posts:series", args=[series.slug])
    _page(owner_client, url)
    part.title = "What networks forget"
    part.save()
    assert "What networks forget" in _assert_fresh(owner_client, url, settings)


def test_publishing_status_and_a_rename_change_the_publish_page(
    owner_client, series, part, drafts, settings
):
    url = reverse("posts:publish", args=[series.slug])
    _page(owner_client, url)
    choose_draft(drafts[0], True)
    assert "Mark as published" in _assert_fresh(owner_client, url, settings)
    part.title = "Renamed for publishing"
    part.save()
    assert "Renamed for publishing" in _assert_fresh(owner_client, url, settings)


def test_a_new_revision_changes_the_history_list(owner_client, user, drafts, settings):
    draft = drafts[0]
    url = reverse("posts:history", args=[draft.pk])
    _page(owner_client, url)
    head = draft.head
    save_text(
        draft.pk,
        user,
        "Another text.",
        kind=Revision.Kind.NAMED,
        base_number=head.number,
        base_hash=head.content_hash,
        message="second thoughts",
    )
    assert "second thoughts" in _assert_fresh(owner_client, url, settings)


def test_the_export_follows_a_new_head_and_a_new_title(
    owner_client, user, series, part, drafts, settings
):
    choose_draft(drafts[0], True)
    url = reverse("posts:export", args=[series.slug]) + "?format=md"
    assert "First take." in owner_client.get(url).content.decode()
    head = drafts[0].head
    save_text(
        drafts[0].pk,
        user,
        "Rewritten take.",
        kind=Revision.Kind.NAMED,
        base_number=head.number,
        base_hash=head.content_hash,
    )
    part.title = "Retitled"
    part.save()
    text = owner_client.get(url).content.decode()
    assert "Rewritten take." in text and "Retitled" in text
    settings.CACHES = DUMMY_CACHE
    assert owner_client.get(url).content.decode() == text


class _Recording:
    """The cache, recording what posts.fragments keeps."""

    def __init__(self) -> None:
        self.kept: list[str] = []

    def get(self, key):
        return cache.get(key)

    def set(self, key, value, timeout):
        self.kept.append(value)
        cache.set(key, value, timeout)


def test_a_kept_fragment_holds_no_csrf_token_and_forms_get_the_requests(
    owner_client, part, drafts, monkeypatch
):
    recording = _Recording()
    monkeypatch.setattr(fragments, "cache", recording)
    for _ in range(2):  # kept, then drawn from the cache
        response = owner_client.get(_part_url(part))
        found = re.search(r'"x-csrftoken": "([^"]+)"', response.text)
        assert found
        token = found.group(1)
        forms = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', response.text)
        assert forms and set(forms) == {token}
    assert len(recording.kept) == 1
    assert fragments.placeholder("csrf_token") in recording.kept[0]
    assert token not in recording.kept[0]
    assert "csrfmiddlewaretoken" in recording.kept[0]


def test_a_fragment_input_must_be_a_plain_value(part):
    template = Template(
        '{% load fragments %}{% fragment "x" part %}hi{% endfragment %}'
    )
    with pytest.raises(TypeError, match="plain values"):
        template.render(Context({"part": part}))


def test_without_a_request_a_fragment_with_a_form_renders_afresh():
    """No CSRF token to put in: the placeholder never reaches the page."""
    template = Template(
        '{% load fragments %}{% fragment "y" 1 %}<form>{% csrf_token %}</form>{% endfragment %}'
    )
    assert template.render(Context({})) == "<form></form>"
