"""Several clients save one draft from old bases, in random order, through the save endpoint.

Three writers with two tabs each edit paragraphs of the text their tab last
had and save; a tab may reload (take the head) at any time. After every step:
- a stale save never becomes the head as it is: it is merged with the head,
  or stored as a conflicting revision while the head stays;
- every change a writer was told was saved or merged, and that no one changed
  in the same words since, is in the current text.
"""

import itertools
from dataclasses import dataclass, field

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

from posts.editor.saving import base_of
from posts.models import Draft, Revision
from tests.factories import (
    MembershipFactory,
    PartFactory,
    SeriesFactory,
    UserFactory,
    make_draft,
)

SERIAL = itertools.count()
PARAGRAPHS = 6
START = (
    "\n\n".join(
        f"Paragraph {n} says something plain about pipelines and their tests."
        for n in range(1, PARAGRAPHS + 1)
    )
    + "\n"
)


@dataclass
class Tab:
    writer: str
    base: dict
    text: str  # the text the tab holds (its base's, once confirmed)
    wrote: dict[int, str] = field(default_factory=dict)  # paragraph -> its sentence


class ConcurrentSaves(RuleBasedStateMachine):
    @initialize()
    def set_up(self):
        n = next(SERIAL)
        owner = UserFactory.create(username=f"own-{n}")
        series = SeriesFactory.create(owner=owner, title=f"Merge {n}")
        self.users = {"own": owner}
        for name in ("ann", "bob"):
            self.users[name] = UserFactory.create(username=f"{name}-{n}")
            MembershipFactory.create(
                series=series, user=self.users[name], role="editor"
            )
        self.draft = make_draft(PartFactory.create(series=series, number=1), START)
        self.clients = {}
        for name, user in self.users.items():
            self.clients[name] = Client()
            self.clients[name].force_login(user)
        self.tabs = [
            Tab(name, base_of(self.head()), START)
            for name in self.users
            for _ in range(2)
        ]
        # paragraph -> the sentence acknowledged last (None: overwritten in a conflict)
        self.expected: dict[int, str | None] = {}
        self.serial = itertools.count()

    def head(self) -> Revision:
        head = Draft.objects.select_related("head").get(pk=self.draft.pk).head
        assert head is not None
        return head

    @rule(data=st.data(), paragraph=st.integers(0, PARAGRAPHS - 1))
    def edit_a_paragraph_and_save(self, data, paragraph):
        tab = data.draw(st.sampled_from(self.tabs))
        parts = tab.text.split("\n\n")
        sentence = f"Edit {next(self.serial)} by {tab.writer} of paragraph {paragraph}."
        parts[paragraph] = sentence + ("\n" if parts[paragraph].endswith("\n") else "")
        body = "\n\n".join(parts)
        before = self.head()
        response = self.clients[tab.writer].post(
            reverse("posts:save", args=[self.draft.pk]),
            {
                "body": body,
                "kind": data.draw(st.sampled_from(["autosave", "named"])),
                "message": "",
                **tab.base,
            },
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 200, response.content
        reply = response.json()
        after = self.head()
        if reply["status"] == "conflict":
            assert after.pk == before.pk and after.body == before.body
            stored = Revision.objects.get(draft=self.draft, number=reply["revision"])
            assert stored.kind == "conflict" and stored.body == body
            # the writer is sent to the resolver; this tab reloads
            tab.base, tab.text = base_of(after), after.body
            return
        if reply["status"] == "merged":
            assert after.body == reply["merged"]["body"] and after.kind == "merge"
            assert after.merged_head == before.number
        else:
            assert after.body == body, "saved, so the head is this text"
            assert before.body == tab.text, "a stale save became the head"
        self.expected[paragraph] = sentence
        tab.base, tab.text = base_of(after), after.body

    @rule(data=st.data())
    def reload_a_tab(self, data):
        tab = data.draw(st.sampled_from(self.tabs))
        head = self.head()
        tab.base, tab.text = base_of(head), head.body

    @invariant()
    def acknowledged_edits_are_in_the_current_text(self):
        if not hasattr(self, "draft"):
            return
        text = self.head().body
        for paragraph, sentence in self.expected.items():
            assert sentence is not None and sentence in text, (
                paragraph,
                sentence,
                text,
            )

    @invariant()
    def the_head_is_the_newest_revision_but_waiting_conflicts(self):
        if not hasattr(self, "draft"):
            return
        head = self.head()
        above = Revision.objects.filter(draft=self.draft, number__gt=head.number)
        assert set(above.values_list("kind", flat=True)) <= {"conflict"}


@pytest.mark.django_db
def test_interleaved_saves_from_old_bases_keep_every_acknowledged_edit():
    run_state_machine_as_test(
        ConcurrentSaves,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.function_scoped_fixture,
            ],
        ),
    )
