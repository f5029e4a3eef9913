"""After a merge: who changed what, and resolving the overlaps of a conflicting save.

A conflicting save is a revision of kind "conflict" above the head (the head
stays current). Its resolver merges base -> (that save, the current head) with
posts.textkit.merge3: changes that do not overlap are already applied, and each
overlap is decided by the writer. Resolving saves one revision on the head the
resolver showed; if the head moved meanwhile, saving merges again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from posts.editor.saving import SaveResult, StaleBase, base_text_of, save_text
from posts.models import Draft, Revision
from posts.textkit.merge3 import Merge, Region, merge3


def authors_since(draft: Draft, after: int | None, upto: int) -> list[str]:
    """Who wrote the revisions after `after` up to `upto` (conflicts left out), in order."""
    names = (
        Revision.objects.filter(draft=draft, number__gt=after or 0, number__lte=upto)
        .exclude(kind=Revision.Kind.CONFLICT)
        .order_by("number")
        .values_list("author__username", "merged_head_author__username")
    )
    seen: list[str] = []
    for pair in names:
        for name in pair:
            if name and name not in seen:
                seen.append(name)
    if not seen:  # the same working autosave, rewritten since: its author
        last = Revision.objects.filter(draft=draft, number=upto)
        seen = [n for n in last.values_list("author__username", flat=True) if n]
    return seen


def merged_answer(draft: Draft, result: SaveResult, me: str) -> dict:
    """What a merged save tells its writer: the text to continue from, the
    head it was combined with, who wrote what came in, one note per change."""
    assert result.merge is not None and result.merged_with is not None
    head = result.merged_with
    names = authors_since(draft, result.revision.base_number, head.number)
    return {
        "body": result.revision.body,
        "with": head.number,
        "authors": names,
        "notes": merge_notes(result.merge, names, me),
    }


def merge_notes(merge: Merge, names: list[str], me: str = "") -> list[str]:
    """One sentence per change the other side brought in, e.g.
    "bob's edit to ¶3 was merged in"."""
    others = [n for n in names if n != me] or names
    who = " and ".join(others) if others else "Someone"
    notes = []
    for region in merge.changes:
        if region.kind == "theirs":
            notes.append(f"{who}'s edit to ¶{region.paragraph} was merged in")
        elif region.kind == "both" and region.mine != region.theirs:
            notes.append(
                f"{who}'s edit to ¶{region.paragraph} was merged with yours, word by word"
            )
    return notes


def my_changes(merge: Merge) -> list[Region]:
    return [r for r in merge.changes if r.kind in ("mine", "both")]


@dataclass(frozen=True)
class Pending:
    """A conflicting save and the merge the resolver shows for it."""

    conflict: Revision
    head: Revision
    base_text: str
    merge: Merge
    resolved: bool  # a later revision settled it


def pending(draft: Draft, number: int) -> Pending:
    """The conflict revision `number` against the current head; 404 if it is none."""
    conflict = (
        Revision.objects.select_related("author")
        .filter(draft=draft, number=number, kind=Revision.Kind.CONFLICT)
        .first()
    )
    head = draft.head
    if conflict is None or head is None:
        raise Http404("No such conflicting save.")
    try:
        base = base_text_of(draft, conflict.base_number, conflict.base_hash or None)
    except StaleBase:
        base = ""  # the base is gone: the whole text is one overlap to decide
    resolved = draft.revisions.filter(resolves=number).exists()
    merge = merge3(base, conflict.body, head.body)
    return Pending(conflict, head, base, merge, resolved)


def resolve(
    draft: Draft, item: Pending, choices: list[str], author, head_hash: str
) -> SaveResult:
    """Save the resolved text as one named revision on the head the resolver showed."""
    text = item.merge.resolve(choices)
    return save_text(
        draft.pk,
        author,
        text,
        kind=Revision.Kind.NAMED,
        base_number=item.head.number,
        base_hash=head_hash,
        message=f"Resolved r{item.conflict.number} with r{item.head.number}",
        resolves=item.conflict.number,
    )
