"""Suggestions: a reviewer's edited copy, applied change by change.

A suggestion is the reviewer's whole proposed text against the revision it
was made on (its base). The author accepts or rejects each change row of the
base -> proposed diff; accepted rows land as a new revision credited to the
reviewer. When the draft moved on since the base, a change still applies
where the words it touches were not edited meanwhile (posts.textkit.merge3),
and is marked as a conflict where they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from posts.editor.saving import save_text
from posts.models import Draft, Revision, Suggestion
from posts.textkit.diff import Diff, Row, apply_changes, diff_texts
from posts.textkit.merge3 import merge3


@dataclass
class Change:
    row: Row
    conflict: bool


@dataclass
class SuggestionPlan:
    diff: Diff  # base -> proposed
    changes: list[Change] = field(default_factory=list)
    stale: bool = False  # the draft moved on since the suggestion's base

    @property
    def applicable(self) -> list[int]:
        return [c.row.index for c in self.changes if not c.conflict]


def _touched(diff: Diff) -> dict[int, set[int]]:
    """Base paragraphs each change row touches; an insert touches the one before it."""
    touched: dict[int, set[int]] = {}
    before = 0
    for row in diff.rows:
        if row.left_no and row.kind != "moved":
            before = row.left_no
        if row.kind == "equal":
            continue
        spots = {row.left_no} if row.left_no else {before}
        if row.kind == "moved":
            spots.add(before)
        touched[row.index] = spots
    return touched


def plan_suggestion(suggestion: Suggestion, head: Revision) -> SuggestionPlan:
    """Each change of the suggestion; on a draft that moved on, a change is a
    conflict when it overlaps the words changed since (three-way merge)."""
    base = suggestion.base
    theirs = diff_texts(base.body, suggestion.body)
    plan = SuggestionPlan(theirs, stale=base.body != head.body)
    for index in _touched(theirs):
        conflict = False
        if plan.stale:
            alone = apply_changes(base.body, suggestion.body, theirs, {index})
            conflict = not merge3(base.body, alone, head.body).clean
        plan.changes.append(Change(theirs.rows[index], conflict))
    return plan


def merge_suggestion(base: str, proposed: str, head: str, take: set[int]) -> str:
    """Head with the taken base->proposed changes (rows that do not conflict).

    Their taken changes give T; the rows of head->T that come from T's
    changes (not from undoing the head's own edits) are applied to head.
    """
    theirs = diff_texts(base, proposed)
    target = apply_changes(base, proposed, theirs, take)
    if base == head:
        return target
    merged = merge3(base, target, head)
    if merged.clean:
        return merged.text
    # Taken changes that overlap each other near the head's edits: keep the
    # head's words there and add the rest, paragraph by paragraph.
    ours = diff_texts(base, head)
    mine = diff_texts(base, target)
    head_kept = {r.right_no for r in ours.rows if r.kind == "equal"}
    target_new = {r.right_no for r in mine.rows if r.kind != "equal" and r.right_no}
    final = diff_texts(head, target)
    pick = {
        r.index
        for r in final.rows
        if r.kind != "equal"
        and (
            r.right_no in target_new or (r.kind == "delete" and r.left_no in head_kept)
        )
    }
    return apply_changes(head, target, final, pick)


def apply_suggestion(
    suggestion: Suggestion, take: set[int], decider
) -> Revision | None:
    """Accepted changes land as one revision credited to the suggester."""
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=suggestion.draft_id)
        assert draft.head_id is not None  # create_draft gives every draft its head
        head = Revision.objects.get(pk=draft.head_id)
        plan = plan_suggestion(suggestion, head)
        take = take & set(plan.applicable)
        revision = None
        if take:
            body = merge_suggestion(
                suggestion.base.body, suggestion.body, head.body, take
            )
            message = f"Suggestion by {suggestion.author_name}: {len(take)} of {len(plan.changes)} changes"
            revision = save_text(
                draft.pk,
                suggestion.author,
                body,
                kind=Revision.Kind.NAMED,
                base_number=head.number,
                base_hash=head.content_hash,
                message=message[:500],
            ).revision
        suggestion.status = (
            Suggestion.Status.APPLIED if take else Suggestion.Status.REJECTED
        )
        suggestion.decided_by, suggestion.decided_at = decider, timezone.now()
        suggestion.accepted, suggestion.offered = len(take), len(plan.changes)
        suggestion.result = revision
        suggestion.save()
    return revision
