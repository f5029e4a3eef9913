"""Saves on an older base through the editor's endpoint, the three-way resolver, and rebase."""

import pytest
from django.urls import reverse

from posts.editor.saving import base_of, save_text
from posts.models import Draft, Revision
from tests.factories import MembershipFactory, UserFactory, make_draft

JSON = {"Accept": "application/json"}
BASE = (
    "First paragraph, as written.\n\n"
    "Second paragraph holds the quick brown fox.\n\n"
    "Third paragraph ends it.\n"
)


@pytest.fixture
def shared(part):
    return make_draft(part, BASE)


@pytest.fixture
def colleague(shared):
    ann = UserFactory(username="ann")
    MembershipFactory(series=shared.part.series, user=ann, role="editor")
    return ann


def _head(draft) -> Revision:
    head = Draft.objects.get(pk=draft.pk).head
    assert head is not None
    return head


def _save(client, draft, body, base, kind="autosave"):
    data = {"body": body, "kind": kind, "message": "", **base}
    return client.post(reverse("posts:save", args=[draft.pk]), data, headers=JSON)


def _conflict(shared, colleague, owner_client):
    """ann and the owner both rewrite 'quick' from the same base."""
    base = base_of(shared.head)
    save_text(
        shared.pk,
        colleague,
        BASE.replace("quick", "slow").replace("First", "Opening"),
        kind="named",
        **base,
    )
    response = _save(owner_client, shared, BASE.replace("quick", "fast"), base)
    return response.json()


def test_saves_of_different_paragraphs_from_one_base_merge_into_a_new_head(
    owner_client, shared, colleague, user
):
    base = base_of(shared.head)
    save_text(
        shared.pk, colleague, BASE.replace("First", "Opening"), kind="named", **base
    )
    response = _save(owner_client, shared, BASE.replace("ends it", "closes it"), base)
    data = response.json()
    assert data["status"] == "merged"
    head = _head(shared)
    assert head.body == BASE.replace("First", "Opening").replace("ends it", "closes it")
    assert data["merged"]["body"] == head.body
    assert data["merged"]["notes"] == ["ann's edit to ¶1 was merged in"]
    assert (data["base_number"], data["base_hash"]) == (head.number, head.content_hash)
    assert head.kind == "merge" and head.author == user
    assert head.merged_head == 2 and head.merged_head_author == colleague
    assert head.base_number == 1


def test_history_names_both_authors_of_a_merge(owner_client, shared, colleague, user):
    base = base_of(shared.head)
    save_text(shared.pk, colleague, BASE.replace("First", "Opening"), **base)
    _save(owner_client, shared, BASE.replace("ends it", "closes it"), base)
    response = owner_client.get(reverse("posts:history", args=[shared.pk]))
    assert f"{user.username} + ann" in response.text


def test_history_names_a_writer_once_when_they_merged_with_their_own_tab(
    owner_client, shared, user
):
    base = base_of(shared.head)
    save_text(shared.pk, user, BASE.replace("First", "Opening"), kind="named", **base)
    _save(owner_client, shared, BASE.replace("ends it", "closes it"), base)
    assert _head(shared).kind == "merge"
    response = owner_client.get(reverse("posts:history", args=[shared.pk]))
    assert f"{user.username} + {user.username}" not in response.text
    assert "Merged" in response.text


def test_two_tabs_on_one_working_autosave_without_a_hash_are_refused(
    owner_client, shared
):
    """The replayed requests: both tabs on autosave r2, base_number=2, no hash."""
    first = _save(owner_client, shared, BASE + "\nTab zero.\n", base_of(shared.head))
    assert first.json()["revision"] == 2
    for tab in ("Tab one", "Tab two"):
        response = _save(owner_client, shared, BASE + f"\n{tab}.\n", {"base_number": 2})
        assert response.status_code == 400
        assert "which text it started from" in response.json()["error"]
    assert _head(shared).body == BASE + "\nTab zero.\n"  # not rewritten


def test_two_tabs_on_one_working_autosave_keep_both_texts(owner_client, shared):
    opened_text = BASE + "\nOpened.\n"
    opened = _save(owner_client, shared, opened_text, base_of(shared.head))
    both_on = {k: opened.json()[k] for k in ("base_number", "base_hash")}
    tab_one = opened_text.replace("First", "Tab one's first")
    tab_two = opened_text.replace("ends it", "tab two ends")
    one = _save(owner_client, shared, tab_one, both_on)
    two = _save(owner_client, shared, tab_two, both_on)
    assert one.json()["status"] == "saved"
    assert two.json()["status"] == "merged"
    text = _head(shared).body
    assert "Tab one's first" in text and "tab two ends" in text


def test_overlapping_save_is_kept_as_a_conflict_and_the_head_stays(
    owner_client, shared, colleague
):
    data = _conflict(shared, colleague, owner_client)
    assert data["status"] == "conflict"
    head = _head(shared)
    assert head.number == 2 and "slow" in head.body
    conflict = shared.revisions.get(number=data["revision"])
    assert conflict.kind == "conflict" and "fast" in conflict.body
    assert data["resolve_url"] == reverse("posts:conflict", args=[shared.pk, 3])


def test_resolver_shows_base_theirs_and_mine_and_what_merged_already(
    owner_client, shared, colleague
):
    data = _conflict(shared, colleague, owner_client)
    response = owner_client.get(data["resolve_url"])
    assert response.status_code == 200
    text = response.text
    assert "quick brown fox" in text and "slow brown fox" in text
    assert "fast brown fox" in text
    assert "ann’s edit to ¶1" in text  # applied without asking
    for label in (
        "Keep both (mine after theirs)",
        "Keep both (theirs after mine)",
        "Keep theirs",
        "Keep mine",
    ):
        assert label in text
    assert "<script>" not in text and 'style="' not in text


def test_resolving_with_keep_both_writes_one_revision(owner_client, shared, colleague):
    data = _conflict(shared, colleague, owner_client)
    head = _head(shared)
    count = shared.revisions.count()
    response = owner_client.post(
        data["resolve_url"],
        {"head_hash": head.content_hash, "choice-0": "mine-after-theirs", "text-0": ""},
    )
    assert response.status_code == 302
    new = _head(shared)
    assert shared.revisions.count() == count + 1
    assert new.body == (
        "Opening paragraph, as written.\n\n"
        "Second paragraph holds the slow brown fox.\n\n"
        "Second paragraph holds the fast brown fox.\n\n"
        "Third paragraph ends it.\n"
    )
    assert owner_client.get(data["resolve_url"]).status_code == 200  # says: resolved
    again = owner_client.post(
        data["resolve_url"], {"head_hash": new.content_hash, "choice-0": "mine"}
    )
    assert again.status_code == 200 and _head(shared).pk == new.pk


def test_resolving_with_own_wording(owner_client, shared, colleague):
    data = _conflict(shared, colleague, owner_client)
    head = _head(shared)
    owner_client.post(
        data["resolve_url"],
        {
            "head_hash": head.content_hash,
            "choice-0": "edit",
            "text-0": "A <script>fox</script> of my own.\r\n\r\n",
        },
    )
    body = _head(shared).body
    assert "A <script>fox</script> of my own.\n\nThird" in body
    page = owner_client.get(reverse("posts:conflict", args=[shared.pk, 3])).text
    assert "<script>fox" not in page


def test_resolving_after_the_head_moved_shows_the_page_again(
    owner_client, shared, colleague
):
    data = _conflict(shared, colleague, owner_client)
    stale_hash = _head(shared).content_hash
    save_text(
        shared.pk,
        colleague,
        _head(shared).body + "\nMore.\n",
        kind="named",
        **base_of(_head(shared)),
    )
    response = owner_client.post(
        data["resolve_url"], {"head_hash": stale_hash, "choice-0": "theirs"}
    )
    assert response.status_code == 302 and response.url == data["resolve_url"]
    assert _head(shared).body.endswith("More.\n")


def test_resolver_is_for_editors_only(client, shared, colleague, owner_client):
    data = _conflict(shared, colleague, owner_client)
    reviewer = UserFactory()
    MembershipFactory(series=shared.part.series, user=reviewer, role="reviewer")
    for who in (reviewer, UserFactory()):
        client.force_login(who)
        assert client.get(data["resolve_url"]).status_code == 404
        assert client.post(data["resolve_url"], {}).status_code == 404
    client.force_login(colleague)
    assert client.get(data["resolve_url"]).status_code == 200


def test_resolver_of_a_revision_that_is_no_conflict_is_404(owner_client, shared):
    assert (
        owner_client.get(reverse("posts:conflict", args=[shared.pk, 1])).status_code
        == 404
    )
    assert (
        owner_client.get(reverse("posts:conflict", args=[shared.pk, 9])).status_code
        == 404
    )


def test_resolver_rejects_other_methods_and_bad_input(owner_client, shared, colleague):
    data = _conflict(shared, colleague, owner_client)
    assert owner_client.put(data["resolve_url"]).status_code == 405
    response = owner_client.post(data["resolve_url"], {"choice-0": "nonsense"})
    assert response.status_code == 200
    assert "Choose how to settle each overlap" in response.text


def test_resolver_runs_a_fixed_number_of_queries(
    owner_client, shared, colleague, django_assert_max_num_queries
):
    data = _conflict(shared, colleague, owner_client)
    with django_assert_max_num_queries(10):
        owner_client.get(data["resolve_url"])


def test_rebase_merges_the_head_into_an_open_editor(owner_client, shared, colleague):
    base = base_of(shared.head)
    save_text(shared.pk, colleague, BASE.replace("First", "Opening"), **base)
    mine = BASE.replace("ends it", "closes it")
    response = owner_client.post(
        reverse("posts:rebase", args=[shared.pk]),
        {"base": BASE, "mine": mine, "base_number": 1},
    )
    data = response.json()
    assert data["status"] == "merged"
    assert data["body"] == BASE.replace("First", "Opening").replace(
        "ends it", "closes it"
    )
    assert data["notes"] == ["ann's edit to ¶1 was merged in"]
    assert data["base_number"] == 2
    assert _head(shared).body == BASE.replace("First", "Opening")  # nothing saved


def test_rebase_with_overlapping_typing_says_conflict(owner_client, shared, colleague):
    save_text(
        shared.pk, colleague, BASE.replace("quick", "slow"), **base_of(shared.head)
    )
    response = owner_client.post(
        reverse("posts:rebase", args=[shared.pk]),
        {"base": BASE, "mine": BASE.replace("quick", "fast"), "base_number": 1},
    )
    assert response.json()["status"] == "conflict"


def test_rebase_is_for_editors_only_and_post_only(client, shared, owner_client):
    url = reverse("posts:rebase", args=[shared.pk])
    assert owner_client.get(url).status_code == 405
    assert owner_client.post(url, {"base_number": "x"}).status_code == 400
    reviewer = UserFactory()
    MembershipFactory(series=shared.part.series, user=reviewer, role="reviewer")
    client.force_login(reviewer)
    assert (
        client.post(url, {"base": "", "mine": "", "base_number": 1}).status_code == 404
    )


def test_history_links_a_waiting_conflict_to_its_resolver(
    owner_client, shared, colleague
):
    data = _conflict(shared, colleague, owner_client)
    history = reverse("posts:history", args=[shared.pk])
    assert f'href="{data["resolve_url"]}"' in owner_client.get(history).text
    head = _head(shared)
    owner_client.post(
        data["resolve_url"], {"head_hash": head.content_hash, "choice-0": "theirs"}
    )
    assert f'href="{data["resolve_url"]}"' not in owner_client.get(history).text
