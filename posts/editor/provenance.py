"""Where the paragraphs of a draft's head came from (composed, or taken from compare).

Reads the sources recorded on the draft's merge revisions and the source
paragraphs they name (two queries, whatever the number of sources), then
posts.textkit.provenance matches them against the head's text: a paragraph
keeps its note until it is edited away.
"""

from __future__ import annotations

from django.db.models import Q

from posts.models import Draft, Revision
from posts.textkit.diff import paragraphs
from posts.textkit.provenance import Note, Origin, trace

LOOK_BACK = 20  # merge revisions read, newest first
MOST_SOURCES = 200


def paragraph_sources(draft: Draft, body: str) -> list[Note]:
    recorded = Revision.objects.filter(draft=draft, kind=Revision.Kind.MERGE).order_by(
        "-number"
    )
    wanted: list[dict] = []
    for sources in recorded.values_list("sources", flat=True)[:LOOK_BACK]:
        wanted += [s for s in sources or [] if _usable(s)]
    wanted = wanted[:MOST_SOURCES]
    if not wanted:
        return []
    keys = {(s["draft_id"], s["revision"]) for s in wanted}
    match = Q()
    for draft_id, number in keys:
        match |= Q(draft_id=draft_id, number=number)
    found = {
        (r.draft_id, r.number): r
        for r in Revision.objects.filter(match)
        .select_related("draft")
        .only("body", "number", "draft_id", "draft__number", "draft__strategy")
    }
    origins = []
    for s in wanted:
        source = found.get((s["draft_id"], s["revision"]))
        if source is None:
            continue
        texts = paragraphs(source.body)
        if not 1 <= s["paragraph"] <= len(texts):
            continue
        strategy = f" · {source.draft.strategy}" if source.draft.strategy else ""
        origins.append(
            Origin(
                f"from Draft {source.draft.number}{strategy}, r{source.number}",
                texts[s["paragraph"] - 1],
            )
        )
    return trace(body, origins)


def _usable(source) -> bool:
    return (
        isinstance(source, dict)
        and source.get("kind") != "dropped"
        and isinstance(source.get("draft_id"), int)
        and isinstance(source.get("revision"), int)
        and isinstance(source.get("paragraph"), int)
    )
