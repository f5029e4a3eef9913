"""Every way a draft's text changes, driven in random order by two authors, keeps the history whole.

A hypothesis state machine saves, imports, re-imports, restores, takes from compare, composes,
applies fixes, accepts suggestions and trashes and restores drafts, from tabs that may be stale.
After every step: each draft's revisions are numbered 1..n, the head is the newest one that is
not a conflicting save (those wait above it), and every text that a step reported as saved is
still the text of some revision of its draft. A save from a stale tab never becomes the head as
it is: it is merged (and the merge holds every change of both sides) or kept as a conflict.
"""

import itertools
import json
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from posts.compare.compose import Pick, compose_draft
from posts.compare.sides import diff_sides, load_side
from posts.compare.take import take_changes
from posts.importing.importing import Status, import_file
from posts.models import Draft, Revision
from posts.review.models import Suggestion
from posts.review.suggestions import apply_suggestion, plan_suggestion
from posts.textkit.merge3 import merge3
from posts.textkit.parsing import parse_draft
from tests.factories import MembershipFactory, PartFactory, SeriesFactory, UserFactory

WORDS = [
    "networks",
    "learn",
    "patterns",
    "layers",
    "weights",
    "signal",
    "noise",
    "error",
    "gradient",
    "descent",
]
SERIAL = itertools.count()

sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=6).map(
    lambda words: " ".join(words).capitalize() + "."
)
paragraphs = st.lists(sentences, min_size=1, max_size=3).map(" ".join)
bodies = st.tuples(st.booleans(), st.lists(paragraphs, min_size=1, max_size=4)).map(
    lambda t: ("# A title line\n\n" if t[0] else "") + "\n\n".join(t[1]) + "\n"
)


@dataclass
class Tab:
    """An editor open on a draft: the text it started from, as the page sent it."""

    author: str
    draft_pk: int
    base_number: int
    base_hash: str
    base_body: str


def head_of(draft_pk: int) -> Revision:
    head = Draft.everything.select_related("head").get(pk=draft_pk).head
    assert head is not None, "every draft has a head revision"
    return head


def generator_file(body: str, draft_number: int) -> str:
    return (
        "---\nplatform: linkedin\ntopic: Neural Networks Part 1\n"
        f"draft_number: {draft_number}\nstrategy: balanced\n---\n{body}"
    )


class DraftLife(RuleBasedStateMachine):
    @initialize()
    def set_up(self):
        n = next(SERIAL)
        self.users = {
            "owner": UserFactory.create(username=f"owner-{n}"),
            "editor": UserFactory.create(username=f"editor-{n}"),
        }
        self.series = SeriesFactory.create(owner=self.users["owner"], title=f"Life {n}")
        MembershipFactory.create(
            series=self.series, user=self.users["editor"], role="editor"
        )
        self.part = PartFactory.create(series=self.series, number=1)
        self.clients = {}
        for name, user in self.users.items():
            self.clients[name] = Client()
            self.clients[name].force_login(user)
        self.tabs: list[Tab] = []
        self.saved: dict[int, set[str]] = {}  # draft pk -> texts a step said were saved

    # --- helpers -------------------------------------------------------------------

    def drafts(self) -> list[Draft]:
        return list(Draft.everything.filter(part__series=self.series).order_by("pk"))

    def alive(self) -> list[Draft]:
        return [d for d in self.drafts() if d.deleted_at is None]

    def told_saved(self, draft_pk: int, text: str) -> None:
        self.saved.setdefault(draft_pk, set()).add(text)

    def post(self, who: str, url: str, data: dict, *, json_reply: bool = False):
        headers = {"Accept": "application/json"} if json_reply else {}
        response = self.clients[who].post(url, data, headers=headers)
        assert response.status_code < 500, (url, response.status_code)
        return response

    # --- rules ---------------------------------------------------------------------

    @rule(body=bodies, number=st.integers(1, 2))
    def import_generator_file(self, body, number):
        text = generator_file(body, number)
        outcome = import_file(
            text, f"draft-{number}.md", user=self.users["owner"], series=self.series
        )
        assert outcome.status != Status.REJECTED, outcome.error
        assert outcome.draft is not None
        if outcome.status in (Status.IMPORTED, Status.NEW_REVISION):
            self.told_saved(outcome.draft.pk, parse_draft(text).body)

    @precondition(lambda self: self.alive())
    @rule(data=st.data(), who=st.sampled_from(["owner", "editor"]))
    def open_tab(self, data, who):
        draft = data.draw(st.sampled_from(self.alive()))
        head = head_of(draft.pk)
        self.tabs.append(Tab(who, draft.pk, head.number, head.content_hash, head.body))

    @precondition(lambda self: self.tabs)
    @rule(data=st.data(), body=bodies, named=st.booleans())
    def type_and_save(self, data, body, named):
        self.save_from(data.draw(st.sampled_from(self.tabs)), body, named)

    @precondition(lambda self: self.tabs)
    @rule(data=st.data(), sentence=sentences, named=st.booleans())
    def edit_one_paragraph_and_save(self, data, sentence, named):
        """What a writer mostly does: change one paragraph of the text the tab holds."""
        tab = data.draw(st.sampled_from(self.tabs))
        parts = tab.base_body.split("\n\n")
        k = data.draw(st.integers(0, len(parts) - 1))
        parts[k] = sentence + ("\n" if parts[k].endswith("\n") else "")
        self.save_from(tab, "\n\n".join(parts), named)

    def save_from(self, tab: Tab, body: str, named: bool) -> None:
        draft = Draft.everything.get(pk=tab.draft_pk)
        if draft.deleted_at is not None:
            return
        before = head_of(draft.pk)
        response = self.post(
            tab.author,
            reverse("posts:save", args=[tab.draft_pk]),
            {
                "body": body,
                "base_number": tab.base_number,
                "base_hash": tab.base_hash,
                "kind": "named" if named else "autosave",
                "message": "a named version" if named else "",
            },
            json_reply=True,
        )
        assert response.status_code == 200, response.content
        reply = json.loads(response.content)
        event(f"save: {reply['status']}")
        after = head_of(draft.pk)
        stale = tab.base_body != before.body
        if reply["status"] == "conflict":
            # kept, but the head stays: a stale save never replaces a newer head
            assert stale and after.pk == before.pk and after.body == before.body
            assert (
                Revision.objects.get(draft=draft, number=reply["revision"]).body == body
            )
            assert not merge3(tab.base_body, body, before.body).clean
            self.told_saved(tab.draft_pk, body)
            return  # the tab keeps its base and its text (the resolver decides)
        if reply["status"] == "merged":
            assert stale
            merged = merge3(tab.base_body, body, before.body)
            assert merged.clean and after.body == merged.text == reply["merged"]["body"]
            self.told_saved(tab.draft_pk, after.body)
            body = after.body
        else:
            assert not stale or body == before.body, "a stale save became the head"
            coalesced = not reply["created"] and reply["revision"] == before.number
            if coalesced and before.body != body and before.body == tab.base_body:
                # the tab's own working autosave, typed on: the text it replaced was this tab's
                self.saved.get(tab.draft_pk, set()).discard(before.body)
            self.told_saved(tab.draft_pk, body)
        tab.base_number, tab.base_hash, tab.base_body = (
            reply["base_number"],
            reply["base_hash"],
            body,
        )

    @precondition(lambda self: self.alive())
    @rule(data=st.data())
    def restore_a_revision(self, data):
        draft = data.draw(st.sampled_from(self.alive()))
        number = data.draw(st.integers(1, head_of(draft.pk).number))
        response = self.post(
            "owner",
            reverse("posts:revision_restore", args=[draft.pk, number]),
            {},
            json_reply=True,
        )
        assert response.status_code == 200
        self.told_saved(draft.pk, json.loads(response.content)["body"])

    @precondition(lambda self: len(self.alive()) >= 2)
    @rule(data=st.data(), who=st.sampled_from(["owner", "editor"]))
    def take_from_compare(self, data, who):
        a, b = data.draw(st.permutations(self.alive()))[:2]
        b_number = data.draw(st.integers(1, head_of(b.pk).number))
        user = self.users[who]
        target = load_side(user, a.pk, head_of(a.pk).number, need="edit")
        source = load_side(user, b.pk, b_number)
        changes = sorted(diff_sides(target, source).change_indexes)
        if not changes:
            return
        take = set(
            data.draw(st.lists(st.sampled_from(changes), min_size=1, unique=True))
        )
        result = take_changes(target, source, take, user)
        self.told_saved(a.pk, result.revision.body)

    @precondition(lambda self: self.alive())
    @rule(data=st.data())
    def compose_a_draft(self, data):
        picks = []
        for draft in data.draw(
            st.lists(st.sampled_from(self.alive()), min_size=1, max_size=3)
        ):
            paragraphs = [p for p in head_of(draft.pk).body.split("\n\n") if p.strip()]
            if not paragraphs:  # a fix or a take can leave a draft empty
                continue
            number = data.draw(st.integers(1, len(paragraphs)))
            picks.append(Pick(draft, number, paragraphs[number - 1].strip()))
        if not picks:
            return
        composed = compose_draft(self.part, self.users["owner"], picks)
        self.told_saved(composed.pk, head_of(composed.pk).body)

    @precondition(lambda self: self.alive())
    @rule(data=st.data())
    def remove_the_title_heading(self, data):
        draft = data.draw(st.sampled_from(self.alive()))
        self.post(
            "owner",
            reverse("posts:apply_fix", args=[draft.pk]),
            {"action": "remove-title-heading"},
        )
        self.told_saved(draft.pk, head_of(draft.pk).body)

    @precondition(lambda self: self.alive())
    @rule(data=st.data(), body=bodies)
    def accept_a_suggestion(self, data, body):
        draft = data.draw(st.sampled_from(self.alive()))
        base = data.draw(st.sampled_from(list(draft.revisions.all())))
        suggestion = Suggestion.objects.create(
            draft=draft, base=base, body=body, author=self.users["editor"]
        )
        plan = plan_suggestion(suggestion, head_of(draft.pk))
        revision = apply_suggestion(
            suggestion, set(plan.applicable), self.users["owner"]
        )
        if revision is not None:
            self.told_saved(draft.pk, revision.body)

    @precondition(lambda self: self.alive())
    @rule(data=st.data())
    def move_to_trash(self, data):
        draft = data.draw(st.sampled_from(self.alive()))
        self.post("owner", reverse("posts:draft_delete", args=[draft.pk]), {})
        assert Draft.everything.get(pk=draft.pk).deleted_at is not None

    @precondition(lambda self: any(d.deleted_at for d in self.drafts()))
    @rule(data=st.data())
    def restore_from_trash(self, data):
        draft = data.draw(st.sampled_from([d for d in self.drafts() if d.deleted_at]))
        self.post("owner", reverse("posts:trash_restore", args=["draft", draft.pk]), {})
        assert Draft.everything.get(pk=draft.pk).deleted_at is None

    # --- what must hold after every step -----------------------------------------

    @invariant()
    def history_is_whole(self):
        if not hasattr(self, "series"):
            return
        for draft in self.drafts():
            numbers = list(
                Revision.objects.filter(draft=draft)
                .order_by("number")
                .values_list("number", flat=True)
            )
            assert numbers == list(range(1, len(numbers) + 1)), (draft, numbers)
            head = head_of(draft.pk)
            above = Revision.objects.filter(draft=draft, number__gt=head.number)
            assert not above.exclude(kind=Revision.Kind.CONFLICT).exists(), (
                f"{draft}: head is r{head.number}, a newer non-conflict revision exists"
            )
            assert head.kind != Revision.Kind.CONFLICT
            bodies = set(
                Revision.objects.filter(draft=draft).values_list("body", flat=True)
            )
            lost = self.saved.get(draft.pk, set()) - bodies
            assert not lost, f"{draft}: saved text no longer in any revision: {lost}"


@pytest.mark.django_db
def test_no_sequence_of_edits_loses_text_or_breaks_the_history():
    run_state_machine_as_test(
        DraftLife,
        settings=settings(
            max_examples=20,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.function_scoped_fixture,
            ],
        ),
    )
