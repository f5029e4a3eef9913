"""A series' final copy as files: one part as .md or .txt, the series as .zip or .md.

(The full series .zip, every draft and a manifest, is posts.publishing.archive;
export_series gives it for "zip", and this module's final-copy zip with chosen_only.)

Synchronous functions; the publishing view and `export_series` share them.

What is exported for each part: its chosen draft's current text (the head
revision), exactly as stored. A part without a chosen draft exports its
latest-edited draft with status "unchosen", or is left out with
`chosen_only=True`; a part without any draft is left out (index.md says so).
The generator's scaffolding (word count, voice checklist) was split off at
import and lives in the draft's metadata, never in the body, so it is never
exported.

A part's .md is YAML front matter written by `dump_draft`, then the body:

    ---
    title: How networks learn        the part's title
    series: Neural Networks
    part: 1
    draft_number: 2                  the key the importer reads (not "draft")
    platform: linkedin
    strategy: balanced
    word_count: 316                  computed, never the generator's claim
    hashtags: ['#AI', '#ML']
    status: published                draft | published | changed since published | unchosen
    published: 2026-01-15            only when published
    link: https://…                  only when published with a link
    ---

    <body>

`parse_draft` of that file gives back the same body and fields; importing it
into the same series finds the same part and draft and changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import slugify

from posts import derived
from posts.models import Draft, Publication
from posts.textkit.parsing import dump_draft
from series.models import Part, Series

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _LiveDrafts(TypedDict):
        live_drafts: list[Draft]

    # A part as load_parts returns it: its Prefetch sets `.live_drafts`.
    LoadedPart = WithAnnotations[Part, _LiveDrafts]


class Status:
    DRAFT = "draft"
    PUBLISHED = "published"
    CHANGED = "changed since published"  # the text is no longer what went out
    UNCHOSEN = "unchosen"


@dataclass(frozen=True)
class PartCopy:
    """One part as it will be exported: the draft whose text goes out."""

    part: Part
    draft: Draft
    status: str
    publication: Publication | None

    @property
    def body(self) -> str:
        return self.draft.body

    def filename(self, extension: str) -> str:
        """'01-how-networks-learn.md': sorts in part order up to Part 99."""
        slug = slugify(self.part.title)[:60].strip("-") or "part"
        return f"{self.part.number:02d}-{slug}.{extension}"


def drafts_queryset() -> QuerySet[Draft]:
    """Live drafts with their head, latest text edit first."""
    return Draft.objects.select_related("head").order_by("-head__updated_at", "-pk")


def load_parts(
    series: Series, *, part_pk: int | None = None, drafts: QuerySet | None = None
) -> list[LoadedPart]:
    """The series' live parts in order (or just one), each with `.live_drafts`
    (`drafts`, by default drafts_queryset()) and its publication. Two queries,
    whatever the number of parts."""
    drafts = drafts if drafts is not None else drafts_queryset()
    parts = series.parts.order_by("number")
    if part_pk is not None:
        parts = parts.filter(pk=part_pk)
    return list(
        parts.select_related("publication__revision").prefetch_related(
            Prefetch("drafts", queryset=drafts, to_attr="live_drafts")
        )
    )


def part_copy(part: LoadedPart, *, chosen_only: bool = False) -> PartCopy | None:
    """What to export for a part loaded by `load_parts`; None when nothing is."""
    publication = getattr(part, "publication", None)
    chosen = next((d for d in part.live_drafts if d.chosen), None)
    if chosen is not None:
        status = Status.DRAFT
        if publication:
            same = publication.revision_id == chosen.head_id
            status = Status.PUBLISHED if same else Status.CHANGED
        return PartCopy(part, chosen, status, publication)
    if chosen_only or not part.live_drafts:
        return None
    return PartCopy(part, part.live_drafts[0], Status.UNCHOSEN, publication)


def series_copies(series: Series, *, chosen_only: bool = False) -> list[PartCopy]:
    parts = load_parts(series, drafts=exportable_drafts(chosen_only=chosen_only))
    return _copies(parts, chosen_only)


def exportable_drafts(*, chosen_only: bool = False) -> QuerySet[Draft]:
    """drafts_queryset(), but only the drafts part_copy can pick: the chosen
    ones and (unless chosen_only) each part's first, so that a series of
    eight drafts a part reads two texts a part, not eight."""
    if chosen_only:
        return drafts_queryset().filter(chosen=True)
    first = drafts_queryset().filter(part=OuterRef("part")).values("pk")[:1]
    return drafts_queryset().filter(Q(chosen=True) | Q(pk=Subquery(first)))


def front_matter(copy: PartCopy) -> dict:
    draft, part = copy.draft, copy.part
    fields = {
        "title": part.title,
        "series": part.series.title,
        "part": part.number,
        "draft_number": draft.number,
        "platform": draft.effective_platform,
        "strategy": draft.strategy,
        "word_count": _words(copy),
        "hashtags": list(
            dict.fromkeys(derived.tags(derived.head_hash(draft), copy.body))
        ),
        "status": copy.status,
    }
    if draft.generated:
        fields["generated"] = draft.generated
    return fields | _published(copy)


def _words(copy: PartCopy) -> int:
    return copy.draft.head.word_count if copy.draft.head else 0


def _published(copy: PartCopy) -> dict:
    """When and where the part went out, if it did."""
    if copy.publication is None:
        return {}
    fields: dict[str, object] = {"published": copy.publication.published_on}
    if copy.publication.url:
        fields["link"] = copy.publication.url
    return fields


def export_part_md(copy: PartCopy) -> str:
    return dump_draft(front_matter(copy), copy.body)


def export_part_txt(copy: PartCopy) -> str:
    """The post as a platform without Markdown shows it, ending in one newline."""
    plain = derived.plain(derived.head_hash(copy.draft), copy.body)
    return plain.rstrip("\n") + "\n"


def index_md(series: Series, copies: list[PartCopy], parts: Sequence[Part]) -> str:
    """A table of contents for the .zip: every part, exported or not."""
    by_part = {copy.part.pk: copy for copy in copies}
    lines = [f"# {series.title}", ""]
    if series.description:
        lines += [series.description, ""]
    for part in parts:
        copy = by_part.get(part.pk)
        if copy is None:
            lines.append(f"{part.number}. {part.title} (not exported: no draft)")
            continue
        note = f"{copy.draft}, {_words(copy)} words, {copy.status}"
        if copy.publication is not None:
            note += f" {copy.publication.published_on.isoformat()}"
        lines.append(f"{part.number}. [{part.title}]({copy.filename('md')}) · {note}")
    lines += ["", f"Exported {timezone.localdate().isoformat()} from Postwright.", ""]
    return "\n".join(lines)


def export_series_zip(series: Series, *, chosen_only: bool = False) -> bytes:
    parts = load_parts(series)
    copies = _copies(parts, chosen_only)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for copy in copies:
            archive.writestr(copy.filename("md"), export_part_md(copy))
        archive.writestr("index.md", index_md(series, copies, parts))
    return buffer.getvalue()


def export_series_md(series: Series, *, chosen_only: bool = False) -> str:
    """Every part in one Markdown file; each part's fields in an HTML comment,
    which renders as nothing."""
    copies = series_copies(series, chosen_only=chosen_only)
    sections = [f"# {series.title}\n"]
    for copy in copies:
        fields = {
            "draft_number": copy.draft.number,
            "word_count": _words(copy),
            "status": copy.status,
        } | _published(copy)
        note = ", ".join(f"{key}: {value}" for key, value in fields.items())
        header = f"## Part {copy.part.number}: {copy.part.title}\n\n<!-- {note} -->\n\n"
        sections.append(header + copy.body.rstrip("\n") + "\n")
    return "\n---\n\n".join(sections)


def export_series_txt(series: Series, *, chosen_only: bool = False) -> str:
    copies = series_copies(series, chosen_only=chosen_only)
    sections = [
        f"Part {copy.part.number}: {copy.part.title}\n\n{export_part_txt(copy)}"
        for copy in copies
    ]
    return f"{series.title}\n\n" + "\n———\n\n".join(sections)


def _copies(parts: list[LoadedPart], chosen_only: bool) -> list[PartCopy]:
    copies = (part_copy(p, chosen_only=chosen_only) for p in parts)
    return [copy for copy in copies if copy is not None]


def export_series(
    series: Series, fmt: str, *, chosen_only: bool = False
) -> bytes | str:
    """The series as `fmt`: "zip" (bytes), "md" or "txt" (text).

    The zip is the whole series, every live draft and a manifest, which
    Postwright imports back (posts.publishing.archive); with chosen_only,
    the final copy: one file per part with a chosen draft."""
    if fmt == "zip":
        if chosen_only:
            return export_series_zip(series, chosen_only=True)
        from posts.publishing.archive import export_series_archive

        return export_series_archive(series)
    export = export_series_md if fmt == "md" else export_series_txt
    return derived.once(
        f"export:{fmt}:{chosen_only}",
        export_key(series),
        lambda: export(series, chosen_only=chosen_only),
    )


def export_key(series: Series) -> str:
    """Names everything a combined .md or .txt is made of, in one query and
    without the texts: the series' title and platform, and every live draft's
    part (number, title, publication), its own fields and its head (content
    hash and word count). The same key, the same file."""
    drafts = (
        Draft.objects.filter(part__series=series, part__deleted_at__isnull=True)
        .order_by("part__number", "pk")
        .values_list(
            "pk",
            "number",
            "strategy",
            "platform",
            "generated",
            "chosen",
            "head_id",
            "head__content_hash",
            "head__word_count",
            "head__updated_at",
            "part_id",
            "part__number",
            "part__title",
            "part__publication__revision_id",
            "part__publication__published_on",
            "part__publication__url",
        )
    )
    return derived.fingerprint(series.title, series.default_platform, list(drafts))
