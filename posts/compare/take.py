"""Taking changes from B into A: a new merge revision of A.

Every text change goes through posts.editor.saving; this module only decides
what the text is.
"""

from __future__ import annotations

from posts.compare.sides import Side, diff_sides
from posts.editor.saving import SaveResult, save_text
from posts.models import Revision
from posts.textkit.diff import Diff, Row, apply_changes

MESSAGE_LIMIT = 500  # Revision.message max_length


def take_changes(
    target: Side, source: Side, take: set[int], author, *, diff: Diff | None = None
) -> SaveResult:
    """Write A + the picked rows of B as a new merge revision of A's draft.

    Based on the revision shown: if A's draft moved on meanwhile, save_text
    still stores the text (as a conflict revision) and the result says so.
    """
    diff = diff or diff_sides(target, source)
    unknown = take - diff.change_indexes
    if unknown:
        raise ValueError(f"no changes with ids {sorted(unknown)}")
    body = apply_changes(target.revision.body, source.revision.body, diff, take)
    sources = [_source(row, source) for row in diff.rows if row.index in take]
    return save_text(
        target.draft.pk,
        author,
        body,
        kind=Revision.Kind.MERGE,
        base_number=target.revision.number,
        base_hash=target.revision.content_hash,
        message=merge_message("Took", sources),
        sources=sources,
    )


def _source(row: Row, source: Side) -> dict:
    """Where a taken row came from: B's paragraph, or A's paragraph B drops."""
    dropped = row.kind == "delete"
    return {
        "paragraph": row.left_no if dropped else row.right_no,
        "draft": source.draft.number,
        "revision": source.revision.number,
        "draft_id": source.draft.pk,
        "part": source.draft.part.number,
        "kind": "dropped" if dropped else row.kind,
    }


def describe(src: dict) -> str:
    where = f"Draft {src['draft']} r{src['revision']}"
    if src.get("kind") == "dropped":
        return f"¶{src['paragraph']} dropped as in {where}"
    return f"¶{src['paragraph']} from {where}"


def merge_message(verb: str, sources: list[dict]) -> str:
    text = f"{verb} " + ", ".join(describe(s) for s in sources)
    if len(text) > MESSAGE_LIMIT:  # the full list is in Revision.sources
        text = text[: MESSAGE_LIMIT - 1] + "…"
    return text
