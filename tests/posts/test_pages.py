"""Whole pages kept in the cache (posts.pages): served again only while nothing
they show has changed, with each request's own CSRF token and CSP nonce."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from posts import pages
from posts.editor.saving import save_text
from posts.importing.importing import import_file
from posts.models import Comment, Draft
from series.models import Membership, Part
from tests.factories import (
    MembershipFactory,
    PartFactory,
    SeriesFactory,
    UserFactory,
    make_draft,
)

NONCE = re.compile(r'nonce="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _hits() -> int:
    return pages.STATS["hits"]


def test_a_kept_page_is_served_again_with_this_requests_token_and_nonce(
    owner_client, draft
):
    url = reverse("posts:part", args=[draft.part_id])
    first = owner_client.get(url)
    hits = _hits()
    second = owner_client.get(url)
    assert _hits() == hits + 1  # the part page's whole rendering was kept
    for response in (first, second):
        html = response.text
        assert "fragment-" not in html  # no placeholder left over
        nonces = set(NONCE.findall(html))
        assert len(nonces) == 1
        assert f"'nonce-{nonces.pop()}'" in response["Content-Security-Policy"]
        assert CSRF.search(html)
    assert NONCE.findall(first.text)[0] != NONCE.findall(second.text)[0]
    # The kept page's form token is this session's: its button works.
    found = CSRF.search(second.text)
    assert found is not None
    token = found.group(1)
    choose = reverse("posts:draft_choose", args=[draft.pk])
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = owner_client.cookies
    response = strict.post(choose, {"chosen": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_choosing_a_draft_shows_on_the_kept_part_page(owner_client, draft):
    """update() sends no signal: without its own drop the part page kept saying
    "Choose" after the draft was chosen."""
    url = reverse("posts:part", args=[draft.part_id])
    assert 'badge text-bg-success">chosen' not in owner_client.get(url).text
    owner_client.post(reverse("posts:draft_choose", args=[draft.pk]), {"chosen": "1"})
    assert Draft.objects.get(pk=draft.pk).chosen
    assert 'badge text-bg-success">chosen' in owner_client.get(url).text


def test_an_import_in_bulk_shows_on_the_kept_series_page(owner_client, user, series):
    url = reverse("posts:series", args=[series.slug])
    assert "Feature Stores" not in owner_client.get(url).text
    text = (
        "---\nplatform: linkedin\ntopic: Feature Stores\ndraft_number: 1\n---\n"
        "# Feature Stores\n\nA store for features.\n"
    )
    outcome = import_file(text, "part-2-draft-1.md", user=user, series=series)
    assert outcome.draft is not None
    assert "Feature Stores" in owner_client.get(url).text


def test_a_saved_revision_shows_in_the_kept_editor_and_history(
    owner_client, user, draft
):
    editor = reverse("posts:draft", args=[draft.pk])
    history = reverse("posts:history", args=[draft.pk])
    owner_client.get(editor), owner_client.get(history)
    body = draft.body + "\n\nA sentence saved just now."
    head = draft.head
    save_text(
        draft.pk, user, body, base_number=head.number, base_hash=head.content_hash
    )
    assert "A sentence saved just now." in owner_client.get(editor).text
    assert "Revision 2" in owner_client.get(history).text


def test_a_comment_shows_on_the_kept_review_page(owner_client, user, draft):
    url = reverse("posts:review", args=[draft.pk])
    owner_client.get(url)
    Comment.objects.create(
        draft=draft, revision=draft.head, author=user, body="Tighter opening?"
    )
    assert "Tighter opening?" in owner_client.get(url).text


def test_a_removed_member_gets_a_404_from_a_page_kept_for_them(client, draft):
    member = UserFactory.create()
    MembershipFactory.create(series=draft.part.series, user=member, role="editor")
    client.force_login(member)
    url = reverse("posts:draft", args=[draft.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # kept
    Membership.objects.filter(user=member).delete()
    assert client.get(url).status_code == 404


def test_others_get_their_own_rendering_or_a_404(client, owner_client, draft):
    url = reverse("posts:part", args=[draft.part_id])
    owner_client.get(url)
    reviewer = UserFactory.create()
    MembershipFactory.create(series=draft.part.series, user=reviewer, role="reviewer")
    client.force_login(reviewer)
    html = client.get(url).text
    assert reverse("posts:draft_choose", args=[draft.pk]) not in html
    client.force_login(UserFactory.create())
    assert client.get(url).status_code == 404
    assert client.get(reverse("posts:part", args=[2**64])).status_code == 404


def test_a_message_is_shown_once_not_kept(owner_client, draft):
    part = draft.part
    url = reverse("posts:part", args=[part.pk])
    owner_client.get(url)
    edit = reverse("posts:part_edit", args=[part.pk])
    owner_client.post(edit, {"number": part.number, "title": "Renamed part"})
    shown = owner_client.get(url).text
    assert "Part saved." in shown and "Renamed part" in shown
    assert "Part saved." not in owner_client.get(url).text


def test_a_page_is_drawn_afresh_each_minute(owner_client, draft, monkeypatch):
    """It says "edited 3 minutes ago"."""
    url = reverse("posts:part", args=[draft.part_id])
    owner_client.get(url)
    hits = _hits()
    owner_client.get(url)
    assert _hits() == hits + 1
    now = pages.time.time()
    monkeypatch.setattr(pages.time, "time", lambda: now + 60)
    owner_client.get(url)
    assert _hits() == hits + 1


def test_a_write_of_a_row_whose_series_is_gone_drops_every_page(user):
    """No series to name: every kept page renders afresh."""
    part = PartFactory.create(series=SeriesFactory.create(owner=user))
    everything = pages.generations(part.series_id)[0]
    orphan = Part(pk=part.pk + 1000)  # its series unknown, and no such row
    pages.changed([pages.series_of(orphan)])
    assert pages.generations(part.series_id)[0] != everything


DRAFT = st.integers(0, 1)


class KeptPagesMatchFreshOnes(RuleBasedStateMachine):
    """Any mix of writes and reads: every page served equals the page drawn
    with nothing kept (same viewer, same data), per-request tokens aside."""

    @initialize()
    def setup(self):
        self.owner = UserFactory.create()
        self.series = SeriesFactory.create(owner=self.owner)
        self.part = PartFactory.create(series=self.series)
        self.drafts = [make_draft(self.part, f"Draft {n} text.") for n in (1, 2)]
        self.client = Client()
        self.client.force_login(self.owner)
        self.edits = 0

    def _urls(self) -> list[str]:
        d = self.drafts[0]
        return [
            reverse("posts:series", args=[self.series.slug]),
            reverse("posts:part", args=[self.part.pk]),
            reverse("posts:draft", args=[d.pk]),
            reverse("posts:history", args=[d.pk]),
            reverse("posts:review", args=[d.pk]),
            reverse("posts:publish", args=[self.series.slug]),
        ]

    @rule(which=DRAFT)
    def save(self, which):
        self.edits += 1
        draft = Draft.objects.get(pk=self.drafts[which].pk)
        body = f"{draft.body}\n\nEdit {self.edits}."
        head = draft.head
        assert head is not None
        save_text(
            draft.pk,
            self.owner,
            body,
            base_number=head.number,
            base_hash=head.content_hash,
        )

    @rule(which=DRAFT)
    def choose(self, which):
        url = reverse("posts:draft_choose", args=[self.drafts[which].pk])
        # Followed: the page it leads to shows its message, once.
        self.client.post(url, {"chosen": "1"}, follow=True)

    @rule()
    def comment(self):
        self.edits += 1
        draft = Draft.objects.get(pk=self.drafts[0].pk)
        assert draft.head is not None
        Comment.objects.create(
            draft=draft, revision=draft.head, author=self.owner, body=f"C{self.edits}"
        )

    @rule()
    def rename(self):
        self.edits += 1
        part = Part.objects.get(pk=self.part.pk)
        part.title = f"Title {self.edits}"
        part.save()

    @rule()
    def read(self):
        for url in self._urls():
            self.client.get(url)

    @invariant()
    def served_equals_fresh(self):
        if not hasattr(self, "client"):
            return
        for url in self._urls():
            served = _blank(self.client.get(url).text)
            with _nothing_kept():
                fresh = _blank(self.client.get(url).text)
            assert served == fresh, url


_PER_REQUEST = re.compile(
    r'(nonce="|"x-csrftoken": "|name="csrfmiddlewaretoken" value=")[^"]*'
)


def _blank(html: str) -> str:
    return _PER_REQUEST.sub(r"\1…", html)


class _nothing_kept:
    """Pages drawn as if none were kept (the keeping decorator steps aside)."""

    def __enter__(self):
        self._keepable = pages.keepable
        pages.keepable = lambda request: False

    def __exit__(self, *exc):
        pages.keepable = self._keepable


@pytest.mark.django_db
def test_kept_pages_always_match_fresh_ones():
    run_state_machine_as_test(
        KeptPagesMatchFreshOnes,
        settings=settings(
            max_examples=8,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.function_scoped_fixture,
            ],
        ),
    )


# Writes that send no signal to rows no kept page shows, and writes made beside
# a save that sends one.
_NOT_SHOWN = {"Notification", "SearchEntry", "AccessToken", "Reminder"}
_BESIDE_A_SIGNAL = {
    ("posts/api/admin.py", "revoke"),  # API tokens: on no kept page
    # share links and invitations: on no kept page (series never imports posts)
    ("series/admin.py", "revoke_links"),
    ("posts/editor/saving.py", "save_text"),  # beside the revision's save
    ("posts/editor/saving.py", "_append"),  # beside the revision's save
}
_WRITES = {"update", "bulk_create", "bulk_update"}
_ROWS = re.compile(r"^(\w+)\.(objects|everything)\b|^(queryset|others)\b")


def test_every_write_without_signals_drops_the_kept_pages():
    """update() and bulk_create() send no post_save: each function that writes
    so to a row a kept page shows calls pages.changed itself (an import once
    left the series page saying it had no parts)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    problems, seen = [], 0
    for folder in ("posts", "series"):
        for path in sorted((root / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            where = str(path.relative_to(root))
            source = path.read_text()
            for function in ast.walk(ast.parse(source)):
                if not isinstance(function, ast.FunctionDef):
                    continue
                body = ast.get_source_segment(source, function) or ""
                for call in ast.walk(function):
                    if not (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and call.func.attr in _WRITES
                    ):
                        continue
                    rows = _ROWS.match(ast.get_source_segment(source, call) or "")
                    if rows is None:
                        continue  # a dict's update()
                    seen += 1
                    if (
                        rows.group(1) in _NOT_SHOWN
                        or (where, function.name) in _BESIDE_A_SIGNAL
                        or "pages.changed" in body
                    ):
                        continue
                    problems.append(f"{where}: {function.name}")
    assert not problems, "\n".join(sorted(set(problems)))
    assert seen > 15  # the sweep saw the bulk writes
