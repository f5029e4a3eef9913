"""Import generator files into a series: the browser, the command and the API share this.

An Importer is one batch by one user: it reads each series' parts, drafts and
import hashes once (placement.SeriesState) and parses each file once. Each
file is written in its own transaction (a savepoint inside import_run): a
rejected file stores nothing, the others still import. A dry run is the real
run rolled back (import_run). Placement (placement.py):
- series: the caller's choice, else the file's `series:` key;
- part: by number (`part:` or "Part N" in the topic), created when missing,
  titled from the file that names it most explicitly; a file whose part is
  not clear is not imported but asked about (Status.NEEDS_CHOICE), and
  imported again with the writer's Choice;
- draft: `draft_number`, else the next free number.
The same file again (same bytes after normalising) is reported as already
imported. A file for an existing draft number with different text becomes a
new revision of that draft (kind: import): history is never overwritten, and
edits made in Postwright since the last file, which the new text replaces, are
named in a warning.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from posts import derived, pages
from posts.editor.saving import save_text
from posts.importing.placement import (
    NEW_PART,
    Choice,
    DraftRow,
    PartState,
    Question,
    SeriesState,
    decide,
    title_for,
)
from posts.importing.rows import (
    draft_fields,
    file_name,
    new_draft_rows,
    reimported_metadata,
    voice_profile_rows,
)
from posts.models import Draft, Revision, hash_text
from posts.search.indexing import index_many
from posts.textkit import checks
from posts.textkit.encoding import decode
from posts.textkit.parsing import DraftRejected, ParsedDraft, parse_draft
from series.access import may
from series.models import Part, Series, VoiceElement

__all__ = ["NEW_PART", "Choice", "ImportOutcome", "Importer", "Status", "import_file"]


class Status:
    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    NEW_REVISION = "new_revision"
    NEEDS_CHOICE = "needs_choice"  # nothing stored: the writer says which part
    REJECTED = "rejected"


@dataclass
class ImportOutcome:
    file: str
    status: str
    series: Series | None = None
    part: Part | None = None
    draft: Draft | None = None
    words: int | None = None
    declared_words: int | None = None
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # front matter keys nothing reads
    error: str = ""
    # NEEDS_CHOICE: the parts it could go to (number, title), the number a new
    # part gets, and the file's text, so that the answer can send it again.
    choices: list[tuple[int, str]] = field(default_factory=list)
    new_part_number: int | None = None
    text: str = ""

    @property
    def ignored_note(self) -> str:
        if not self.ignored:
            return ""
        return f"Ignored front matter keys (kept with the draft): {', '.join(self.ignored)}."

    @property
    def url(self) -> str:
        return (
            reverse("posts:draft", args=[self.draft.pk])
            if self.draft and self.draft.pk
            else ""
        )

    def as_json(self) -> dict:
        answer: dict[str, object] = {
            "file": self.file,
            "status": self.status,
            "series": self.series.slug if self.series else None,
            "part": self.part.number if self.part else None,
            "draft": self.draft.number if self.draft else None,
            "words": self.words,
            "declared_words": self.declared_words,
            "warnings": self.warnings,
            "ignored": self.ignored,
            "error": self.error or None,
            "url": self.url or None,
        }
        if self.status == Status.NEEDS_CHOICE:
            answer["parts"] = [{"part": n, "title": t} for n, t in self.choices]
            answer["new_part"] = self.new_part_number
        return answer


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@contextmanager
def import_run(*, dry_run: bool = False) -> Iterator[list[ImportOutcome]]:
    """One transaction around a whole import: collect each file's outcome in the list.

    A dry run is the real run rolled back at the end, so every file sees the
    parts, drafts and series the ones before it made, exactly as it will for
    real. Each file still gets its own savepoint (Importer.import_file), so a
    rejected file undoes only itself.
    """
    outcomes: list[ImportOutcome] = []
    try:
        with transaction.atomic():
            yield outcomes
            if dry_run:
                raise _DryRun
    except _DryRun:
        _forget_rolled_back(outcomes)


def _forget_rolled_back(outcomes: list[ImportOutcome]) -> None:
    """Drafts the dry run made are gone: no page to link to."""
    drafts = [o.draft for o in outcomes if o.draft is not None and o.draft.pk]
    still_there = set(
        Draft.everything.filter(pk__in=[d.pk for d in drafts]).values_list(
            "pk", flat=True
        )
    )
    for draft in drafts:
        if draft.pk not in still_there:
            draft.pk = None


def import_file(
    data: bytes | str,
    filename: str,
    *,
    user,
    series: Series | None = None,
    place: Choice = None,
) -> ImportOutcome:
    """One file, as a batch of one (see Importer)."""
    return Importer(user, series).import_file(data, filename, place=place)


class Importer:
    """A batch of files imported by one user, into `series` or each file's own.

    Reads each series' state once, then costs per file one transaction and,
    for a new draft, three writes (the draft, its revision, its head).
    One per request or command run.
    """

    def __init__(self, user, series: Series | None = None) -> None:
        self.user = user
        self.series = series
        self._states: dict[int, SeriesState] = {}
        self._series_by_key: dict[str, Series] = {}
        self._drafts: dict[int, Draft] = {}  # imported before, read in bulk (_imported)

    def import_files(
        self, files: Sequence[tuple[bytes | str, str]], *, place: Choice = None
    ) -> list[ImportOutcome]:
        """Each (data, filename), in order, as import_file would, with the
        writes of a run of new drafts in bulk: the files imported before are
        looked up in one query, then each file is placed in memory and the
        new drafts, their revisions and heads are written with three
        statements for the whole run. A file that does more (a new revision,
        a series of its own) is written on its own after the run before it.
        A file rejected while being placed stores nothing; if the bulk write
        fails (someone wrote to the series meanwhile), the run is undone and
        its files are imported again one by one, each in its own transaction."""
        parsed: list[ParsedDraft | DraftRejected] = []
        for data, filename in files:
            try:
                parsed.append(parse_draft(data, filename))
            except DraftRejected as rejected:
                parsed.append(rejected)
        if self.series is not None:
            self._state(self.series).prefetch_hashes(
                [p.content_hash for p in parsed if isinstance(p, ParsedDraft)]
            )
        outcomes: list[ImportOutcome] = []
        run = _Run()
        for p, (data, filename) in zip(parsed, files, strict=True):
            if isinstance(p, DraftRejected):
                outcomes.append(
                    ImportOutcome(filename, Status.REJECTED, error=p.reason)
                )
                continue
            queued = self._queue(p, filename, place, run)
            if queued is None:
                self._write_run(run, outcomes)
                queued = self.import_parsed(p, filename, data, place=place)
            else:
                run.files.append((len(outcomes), p, filename, data))
            outcomes.append(queued)
        self._write_run(run, outcomes)
        return outcomes

    def _queue(
        self, parsed: ParsedDraft, filename: str, choice: Choice, run: _Run
    ) -> ImportOutcome | None:
        """The outcome of a file that only adds a draft, its rows added to the
        run; None for any other file (import it on its own)."""
        if self.series is None:
            return None
        state = self._state(self.series)
        if parsed.content_hash in run.hashes or state.imported_draft(
            parsed.content_hash
        ):
            return None
        place = decide(state, parsed, choice)
        if isinstance(place, Question):
            return None
        part_state = state.parts.get(place.number)
        if part_state is not None:
            state.drafts_of(part_state)
            if parsed.draft_number in part_state.drafts:
                return None
        outcome = ImportOutcome(
            filename,
            Status.IMPORTED,
            series=self.series,
            words=parsed.word_count,
            declared_words=parsed.declared_word_count,
            warnings=list(parsed.warnings),
            ignored=list(parsed.ignored_keys),
        )
        if place.note:
            outcome.warnings.append(place.note)
        if part_state is None:
            title = (parsed.part_title or f"Part {place.number}")[:300]
            part = Part(series=self.series, number=place.number, title=title)
            run.parts.append(part)
            part_state = state.parts[place.number] = PartState(part, loaded=True)
            state.top_part = max(state.top_part, place.number)
        else:
            retitle, warning = title_for(part_state, parsed)
            if warning:
                outcome.warnings.append(warning)
            if retitle is not None:
                part_state.part.title = retitle[:300]
                if (
                    part_state.part.pk is not None
                    and part_state.part not in run.retitled
                ):
                    run.retitled.append(part_state.part)
        outcome.part = part_state.part
        body_hash = hash_text(parsed.body)
        draft, revision = self._rows(part_state, parsed, outcome, body_hash)
        run.drafts.append((draft, revision, part_state.drafts[draft.number]))
        run.hashes.add(parsed.content_hash)
        run.plain[body_hash] = parsed.plain
        checklist = parsed.scaffolding.voice_elements if parsed.scaffolding else []
        if checklist and not state.voice_profile_exists():
            items = [(item.label, item.phrase) for item in checklist]
            elements = checks.voice_elements_from_checklist(items)
            run.voice = voice_profile_rows(self.series, elements)
            state.has_voice_profile = True
        return outcome

    def _write_run(self, run: _Run, outcomes: list[ImportOutcome]) -> None:
        if not run.files:
            return
        drafts = [draft for draft, _, _ in run.drafts]
        try:
            with transaction.atomic():
                for part in run.retitled:  # parts the run did not make
                    Part.objects.filter(pk=part.pk).update(title=part.title)
                Part.objects.bulk_create(run.parts)
                Draft.objects.bulk_create(drafts)
                Revision.objects.bulk_create([rev for _, rev, _ in run.drafts])
                for draft, revision, row in run.drafts:
                    draft.head, row.pk = revision, draft.pk
                # Each new draft's one revision is its head: one UPDATE whatever
                # the number of drafts (bulk_update would name each pair).
                first = Revision.objects.filter(
                    draft=OuterRef("pk"), number=1
                ).order_by()
                Draft.everything.filter(pk__in=[d.pk for d in drafts]).update(
                    head=Subquery(first.values("pk")[:1])
                )
                VoiceElement.objects.bulk_create(run.voice)
                # Bulk writes send no signal: the series' kept pages go here.
                pages.changed(
                    {p.series_id for p in [*run.parts, *run.retitled]}
                    | {pages.series_of(draft) for draft in drafts}
                )
                index_many(
                    parts=[*run.parts, *run.retitled], drafts=drafts, plain=run.plain
                )
        except IntegrityError:
            self._forget(self.series)
            for part in run.parts:
                part.pk = None
            for index, parsed, filename, data in run.files:
                outcomes[index] = self.import_parsed(parsed, filename, data)
        except BaseException:
            self._forget(self.series)
            raise
        else:
            assert self.series is not None  # only a chosen series is queued
            state = self._state(self.series)
            for draft, revision, _ in run.drafts:
                state.imported[revision.import_hash] = draft.pk
        run.clear()

    def import_file(
        self, data: bytes | str, filename: str, *, place: Choice = None
    ) -> ImportOutcome:
        try:
            parsed = parse_draft(data, filename)
        except DraftRejected as rejected:
            return ImportOutcome(filename, Status.REJECTED, error=rejected.reason)
        return self.import_parsed(parsed, filename, data, place=place)

    def import_parsed(
        self,
        parsed: ParsedDraft,
        filename: str,
        data: bytes | str = "",
        *,
        place: Choice = None,
    ) -> ImportOutcome:
        if self.series is not None:
            # Imported before: a read, so no transaction (a retried batch of
            # files costs no query per file).
            state = self._state(self.series)
            already = state.imported_draft(parsed.content_hash)
            if already is not None:
                return self._unchanged(
                    ImportOutcome(filename, Status.IMPORTED, series=self.series),
                    parsed,
                    self._imported(state, already),
                )
        for attempt in (1, 2):
            outcome = ImportOutcome(
                filename,
                Status.IMPORTED,
                words=parsed.word_count,
                declared_words=parsed.declared_word_count,
                warnings=list(parsed.warnings),
                ignored=list(parsed.ignored_keys),
            )
            try:
                with transaction.atomic():
                    series = self.series or self._series_from_key(parsed)
                    outcome.series = series
                    self._place(parsed, outcome, self._state(series), place)
            except DraftRejected as rejected:
                self._forget(outcome.series)
                return ImportOutcome(
                    filename,
                    Status.REJECTED,
                    error=rejected.reason,
                    warnings=outcome.warnings,
                )
            except IntegrityError:
                # Someone else wrote to the series since it was read: read it
                # again and try once more.
                self._forget(outcome.series)
                if attempt == 1:
                    continue
                return ImportOutcome(
                    filename,
                    Status.REJECTED,
                    error="The series changed while this file was imported: import it again.",
                )
            except BaseException:
                self._forget(outcome.series)
                raise
            if outcome.status == Status.NEEDS_CHOICE:
                outcome.text = data if isinstance(data, str) else _text_of(data)
            return outcome
        raise AssertionError("unreachable")  # pragma: no cover

    def _state(self, series: Series) -> SeriesState:
        state = self._states.get(series.pk)
        if state is None:
            state = self._states[series.pk] = SeriesState.load(series)
        return state

    def _forget(self, series: Series | None) -> None:
        """A rolled-back file may have changed the snapshot: read it again next time."""
        self._series_by_key.clear()  # a series it made may be rolled back too
        self._drafts.clear()
        if series is not None:
            self._states.pop(series.pk, None)

    def _series_from_key(self, parsed: ParsedDraft) -> Series:
        if not parsed.series:
            raise DraftRejected(
                "No series chosen: pick one, or add a `series:` line to the front matter."
            )
        known = self._series_by_key.get(parsed.series)
        if known is not None:
            return known
        found = find_series(self.user, parsed.series)
        if found is not None:
            if not may(self.user, found, "edit"):
                raise DraftRejected(f"You cannot add drafts to the series “{found}”.")
        else:
            found = Series.objects.create(owner=self.user, title=parsed.series)
        self._series_by_key[parsed.series] = found
        return found

    def _place(
        self,
        parsed: ParsedDraft,
        outcome: ImportOutcome,
        state: SeriesState,
        choice: Choice,
    ) -> None:
        already = state.imported_draft(parsed.content_hash)
        if already is not None:
            self._unchanged(outcome, parsed, self._imported(state, already))
            return
        place = decide(state, parsed, choice)
        if isinstance(place, Question):
            outcome.status = Status.NEEDS_CHOICE
            outcome.error = f"{place.reason} Choose its part, or make it a new part."
            outcome.choices = state.part_choices()
            outcome.new_part_number = state.next_part_number
            return
        if place.note:
            outcome.warnings.append(place.note)
        part_state = self._part(state, place.number, parsed, outcome)
        outcome.part = part_state.part
        row = (
            part_state.drafts.get(parsed.draft_number) if parsed.draft_number else None
        )
        body_hash = hash_text(parsed.body)
        if row is None:
            draft = self._new_draft(part_state, parsed, outcome, body_hash)
            state.imported[parsed.content_hash] = draft.pk
        elif row.head_hash == body_hash:
            existing = Draft.objects.select_related("head").get(pk=row.pk)
            outcome.status, outcome.draft = Status.UNCHANGED, existing
            outcome.warnings.append(
                f"Part {part_state.part.number}, {existing} already has exactly this text."
            )
            return
        else:
            self._new_revision(row, parsed, outcome, body_hash)
            state.imported[parsed.content_hash] = row.pk
        self._seed_voice_profile(state, parsed)

    def _unchanged(
        self, outcome: ImportOutcome, parsed: ParsedDraft, draft: Draft
    ) -> ImportOutcome:
        outcome.status, outcome.part, outcome.draft = (
            Status.UNCHANGED,
            draft.part,
            draft,
        )
        outcome.words, outcome.declared_words = (
            parsed.word_count,
            parsed.declared_word_count,
        )
        outcome.warnings = [
            *parsed.warnings,
            f"Already imported as Part {draft.part.number}, {draft}.",
        ]
        outcome.ignored = list(parsed.ignored_keys)
        return outcome

    def _imported(self, state: SeriesState, pk: int) -> Draft:
        """The draft a file imported before made (trashed or not), with its
        head and part: the first asked for reads every such draft of the
        batch (one query), so a retried batch does not read them one by one."""
        if pk not in self._drafts:
            wanted = {p for p in state.imported.values() if p is not None}
            wanted = (wanted - self._drafts.keys()) | {pk}
            found = Draft.everything.select_related("head", "part").in_bulk(wanted)
            self._drafts.update(found)
        return self._drafts[pk]

    def _part(
        self,
        state: SeriesState,
        number: int,
        parsed: ParsedDraft,
        outcome: ImportOutcome,
    ) -> PartState:
        part_state = state.parts.get(number)
        if part_state is None:
            title = parsed.part_title or f"Part {number}"
            part = Part(series=state.series, number=number, title=title[:300])
            Part.objects.bulk_create([part])
            pages.changed([state.series.pk])  # bulk writes send no signal
            index_many(parts=[part])
            part_state = state.parts[number] = PartState(part, loaded=True)
            state.top_part = max(state.top_part, number)
            return part_state
        retitle, warning = title_for(state.drafts_of(part_state), parsed)
        if warning:
            outcome.warnings.append(warning)
        if retitle is not None:
            Part.objects.filter(pk=part_state.part.pk).update(title=retitle[:300])
            pages.changed([state.series.pk])
            part_state.part.title = retitle[:300]
            index_many(parts=[part_state.part])
        return part_state

    def _new_draft(
        self,
        part_state: PartState,
        parsed: ParsedDraft,
        outcome: ImportOutcome,
        body_hash: str,
    ) -> Draft:
        """The draft, its first revision and its head: three writes, no reads."""
        draft, revision = self._rows(part_state, parsed, outcome, body_hash)
        Draft.objects.bulk_create([draft])
        Revision.objects.bulk_create([revision])
        Draft.objects.filter(pk=draft.pk).update(head=revision)
        pages.changed([part_state.part.series_id])  # bulk writes send no signal
        draft.head = revision
        index_many(drafts=[draft], plain={body_hash: parsed.plain})
        part_state.drafts[draft.number].pk = draft.pk
        return draft

    def _rows(
        self,
        part_state: PartState,
        parsed: ParsedDraft,
        outcome: ImportOutcome,
        body_hash: str,
    ) -> tuple[Draft, Revision]:
        """The new draft's rows, unsaved, and the snapshot told about them."""
        number = parsed.draft_number or part_state.top_number + 1
        draft, revision = new_draft_rows(
            part_state.part,
            number,
            parsed,
            user=self.user,
            file=outcome.file,
            body_hash=body_hash,
            warnings=outcome.warnings,
        )
        part_state.drafts[number] = DraftRow(
            0, body_hash, (parsed.part_title, parsed.part_title_rank)
        )
        part_state.top_number = max(part_state.top_number, number)
        outcome.draft = draft
        return draft, revision

    def _new_revision(
        self,
        row: DraftRow,
        parsed: ParsedDraft,
        outcome: ImportOutcome,
        body_hash: str,
    ) -> None:
        existing = Draft.objects.select_related("head").get(pk=row.pk)
        assert existing.head is not None  # every draft is made with its head
        self._drafts.pop(existing.pk, None)  # its head is about to move
        replaced = _edits_replaced(existing, existing.head)
        # The save indexes the new head through the signals: the parse has
        # read its words and plain text already.
        derived.keep_plain(body_hash, parsed.plain)
        result = save_text(
            existing.pk,
            self.user,
            parsed.body,
            kind=Revision.Kind.IMPORT,
            base_number=existing.head.number,
            base_hash=existing.head.content_hash,
            message=f"Re-imported from {file_name(outcome.file)}",
            import_hash=parsed.content_hash,
            words=parsed.word_count,
        )
        # save_text moved the head in the database, not on `existing`: a full
        # save() would write the old head back. Write only the import's fields.
        fields = draft_fields(parsed, outcome.warnings)
        fields["metadata"] = reimported_metadata(existing.metadata, fields["metadata"])
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.head = result.revision
        existing.save(update_fields=[*fields, "updated_at"])
        row.head_hash = body_hash
        row.named = (parsed.part_title, parsed.part_title_rank)
        outcome.status, outcome.draft = Status.NEW_REVISION, existing
        if replaced:
            outcome.warnings.append(replaced)

    def _seed_voice_profile(self, state: SeriesState, parsed: ParsedDraft) -> None:
        """The first checklist imported into a series becomes its voice profile."""
        if parsed.scaffolding is None or not parsed.scaffolding.voice_elements:
            return
        if state.voice_profile_exists():
            return
        items = [
            (item.label, item.phrase) for item in parsed.scaffolding.voice_elements
        ]
        elements = checks.voice_elements_from_checklist(items)
        VoiceElement.objects.bulk_create(voice_profile_rows(state.series, elements))
        pages.changed([state.series.pk])
        state.has_voice_profile = True


@dataclass
class _Run:
    """New drafts placed in memory, written together by Importer._write_run."""

    files: list[tuple[int, ParsedDraft, str, bytes | str]] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    retitled: list[Part] = field(default_factory=list)
    drafts: list[tuple[Draft, Revision, DraftRow]] = field(default_factory=list)
    voice: list[VoiceElement] = field(default_factory=list)
    hashes: set[str] = field(default_factory=set)
    plain: dict[str, str] = field(default_factory=dict)  # by body hash, from the parse

    def clear(self) -> None:
        for items in (self.files, self.parts, self.retitled, self.drafts, self.voice):
            items.clear()
        self.hashes.clear()
        self.plain.clear()


def _text_of(data: bytes) -> str:
    """The file's text, for the form that asks where it goes."""
    try:
        return decode(data).replace("\r\n", "\n").replace("\r", "\n")
    except DraftRejected:
        return ""


def _edits_replaced(draft: Draft, head: Revision) -> str:
    """What a regenerated file replaces besides the last file's text: edits made
    here since. They stay in the history, but the writer must hear that they
    are no longer the current text, or the next look at the draft finds them gone."""
    last_file = (
        draft.revisions.filter(kind=Revision.Kind.IMPORT).order_by("-number").first()
    )
    if last_file is not None and last_file.body == head.body:
        return ""
    since = (
        f"since revision {last_file.number} was imported"
        if last_file is not None
        else "in Postwright"
    )
    return (
        f"The edits made {since} are not in this file's text; "
        f"they stay in the history as revision {head.number}."
    )


def find_series(user, slug_or_title: str) -> Series | None:
    """A series the user can see, by slug or (case-insensitive) title."""
    visible = Series.objects.for_user(user).prefetch_related("memberships")
    return (
        visible.filter(slug=slug_or_title).first()
        or visible.filter(title__iexact=slug_or_title.strip()).order_by("pk").first()
    )
