import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from posts.editor.saving import restore, save_text
from posts.importing.importing import Status, import_file
from posts.models import Draft, Revision, SearchEntry
from posts.textkit.metrics import word_count
from posts.textkit.plaintext import to_plain_text
from series.models import Part, Series, VoiceElement
from tests.factories import head, make_draft

GENERATED = """---
platform: linkedin
topic: "Neural Networks Part 2: Backpropagation"
draft_number: 1
strategy: bold
word_count: 12
---

Backpropagation sends the error backwards.
Each weight learns its share.

#AI #ML #DeepLearning
"""

WITH_CHECKLIST = (
    GENERATED.replace("draft_number: 1", "draft_number: 2")
    + """
---

**Word Count:** 12 words
**Voice Match Elements:**
✅ "That is because" phrasing
❌ Personal anecdote
"""
)


def upload(name: str, text: str | bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, text.encode() if isinstance(text, str) else text, "text/markdown"
    )


def test_import_places_file_by_part_and_draft_number(series, user):
    outcome = import_file(GENERATED, "p2.md", user=user, series=series)
    assert outcome.status == Status.IMPORTED
    part = Part.objects.get(series=series, number=2)
    assert part.title == "Backpropagation"
    draft = Draft.objects.get(part=part)
    assert (
        draft.number,
        draft.strategy,
        draft.platform,
        draft.declared_word_count,
    ) == (1, "bold", "linkedin", 12)
    assert draft.head is not None
    assert (
        draft.body.startswith("Backpropagation sends")
        and draft.head.kind == Revision.Kind.IMPORT
    )


def test_importing_the_same_file_again_reports_it_and_stores_nothing_new(series, user):
    import_file(GENERATED, "p2.md", user=user, series=series)
    again = import_file(GENERATED, "copy.md", user=user, series=series)
    assert again.status == Status.UNCHANGED
    assert "Already imported as Part 2" in again.warnings[0]
    assert Revision.objects.count() == 1


def test_regenerated_draft_becomes_a_new_revision_not_an_overwrite(series, user):
    import_file(GENERATED, "p2.md", user=user, series=series)
    outcome = import_file(
        GENERATED.replace("backwards", "back through the layers"),
        "p2.md",
        user=user,
        series=series,
    )
    draft = Draft.objects.get()
    assert outcome.status == Status.NEW_REVISION
    assert [r.body.count("backwards") for r in draft.revisions.order_by("number")] == [
        1,
        0,
    ]


def test_scaffolding_is_split_off_and_seeds_the_voice_profile(series, user):
    import_file(WITH_CHECKLIST, "v.md", user=user, series=series)
    draft = Draft.objects.get()
    assert "Voice Match" not in draft.body and "**Word Count:**" not in draft.body
    scaffolding = draft.metadata["scaffolding"]
    assert scaffolding["declared_word_count"] == 12
    assert [e["ticked"] for e in scaffolding["voice_elements"]] == [True, False]
    elements = {e.label: e for e in VoiceElement.objects.filter(series=series)}
    assert elements['"That is because" phrasing'].phrases == "That is because"
    assert elements["Personal anecdote"].mode == "manual"


def test_rejected_file_stores_nothing(series, user):
    outcome = import_file(b"\xff\xfeh\x00i\x00", "utf16.md", user=user, series=series)
    assert outcome.status == Status.REJECTED and "UTF-16" in outcome.error
    assert not Draft.objects.exists() and not Part.objects.exists()


def test_import_page_imports_many_files_and_reports_each(owner_client, series):
    url = reverse("posts:import", args=[series.slug])
    files = [
        upload("good.md", GENERATED),
        upload("bad.md", b"\x00\x01binary"),
        upload("notes.pdf", b"%PDF"),
    ]
    response = owner_client.post(url, {"files": files, "pasted": ""})
    assert response.status_code == 200
    assert response.text.count("import-row ") == 3
    assert "imported" in response.text and "Only Markdown files" in response.text
    assert Draft.objects.count() == 1


def test_import_page_accepts_a_pasted_draft(owner_client, series):
    url = reverse("posts:import", args=[series.slug])
    response = owner_client.post(url, {"pasted": GENERATED.replace("\n", "\r\n")})
    assert "Part 2 · Draft 1" in response.text
    assert "\r" not in Draft.objects.get().body


def test_import_page_answers_htmx_with_only_the_rows(owner_client, series):
    url = reverse("posts:import", args=[series.slug])
    response = owner_client.post(
        url, {"files": [upload("good.md", GENERATED)]}, headers={"HX-Request": "true"}
    )
    assert (
        "<html" not in response.text
        and 'class="import-row import-imported"' in response.text
    )


def test_import_page_without_input_explains(owner_client, series):
    response = owner_client.post(
        reverse("posts:import", args=[series.slug]), {"pasted": "  "}
    )
    assert "Choose at least one file" in response.text


def test_reviewer_cannot_import(client, series):
    from tests.factories import MembershipFactory

    reviewer = MembershipFactory(series=series, role="reviewer").user
    client.force_login(reviewer)
    response = client.post(
        reverse("posts:import", args=[series.slug]), {"pasted": GENERATED}
    )
    assert response.status_code == 403 and not Draft.objects.exists()


def test_command_imports_a_folder_and_prints_one_line_per_file(tmp_path, user, capsys):
    (tmp_path / "a.md").write_text(GENERATED)
    (tmp_path / "b.md").write_text(WITH_CHECKLIST)
    call_command(
        "import_drafts",
        str(tmp_path),
        "--series",
        "Fresh Series",
        "--user",
        user.username,
    )
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0]
        == f"imported {tmp_path / 'a.md'} -> fresh-series part 2 draft 1 (13 words)"
    )
    assert Series.objects.get(slug="fresh-series").owner == user


def test_command_json_output_and_exit_status_on_rejection(tmp_path, user, capsys):
    (tmp_path / "a.md").write_text(GENERATED)
    (tmp_path / "empty.md").write_text("---\ntitle: x\n---\n\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_drafts",
            str(tmp_path),
            "--series",
            "S",
            "--user",
            user.username,
            "--format",
            "json",
        )
    assert exit_info.value.code == 1
    rows = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in rows] == ["imported", "rejected"]
    assert set(rows[0]) == {
        "file",
        "status",
        "series",
        "part",
        "draft",
        "words",
        "declared_words",
        "warnings",
        "ignored",
        "error",
        "url",
    }
    assert rows[0]["url"] == reverse("posts:draft", args=[Draft.objects.get().pk])


def test_command_dry_run_stores_nothing(tmp_path, series, user, capsys):
    (tmp_path / "a.md").write_text(GENERATED)
    call_command(
        "import_drafts",
        str(tmp_path / "a.md"),
        "--series",
        series.slug,
        "--user",
        user.username,
        "--dry-run",
    )
    assert "imported (dry run)" in capsys.readouterr().out
    assert not Draft.objects.exists()


def test_command_unknown_user_is_a_usage_error(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("import_drafts", str(tmp_path), "--user", "nobody")
    assert error.value.returncode == 2


def test_both_generator_examples_import_as_two_drafts_of_part_1(examples, user, capsys):
    call_command(
        "import_drafts",
        str(examples),
        "--series",
        "Neural Networks",
        "--user",
        user.username,
    )
    part = Part.objects.get()
    assert (part.number, part.series.title) == (1, "Neural Networks")
    drafts = list(part.drafts.order_by("number"))
    assert [d.strategy for d in drafts] == [
        "balanced",
        "voice-match",
    ]  # no front matter: from the file name
    voice = next(d for d in drafts if "scaffolding" in d.metadata)
    assert voice.metadata["scaffolding"]["declared_word_count"] == 316
    assert "Voice Match Elements" not in voice.body
    assert voice.body.rstrip().endswith("#DataScience")
    assert VoiceElement.objects.filter(series=part.series).count() >= 10


def test_an_empty_file_gets_a_row_saying_so(owner_client, series):
    url = reverse("posts:import", args=[series.slug])
    response = owner_client.post(
        url, {"files": [upload("empty.md", b"")]}, headers={"HX-Request": "true"}
    )
    assert "import-rejected" in response.text and "empty" in response.text.lower()


# --- A regenerated file: a new revision that becomes the head ---------------

EDITED = GENERATED.replace("backwards", "back through the layers")


def test_reimport_moves_the_head_so_later_saves_and_restores_work(series, user):
    import_file(GENERATED, "p2.md", user=user, series=series)
    outcome = import_file(EDITED, "p2.md", user=user, series=series)
    draft = Draft.objects.get()
    assert outcome.status == Status.NEW_REVISION
    assert head(draft).number == 2 and "back through" in draft.body
    saved = save_text(
        draft.pk,
        user,
        draft.body + "\nOne more line.\n",
        kind=Revision.Kind.NAMED,
        base_number=2,
    )
    assert (saved.revision.number, saved.conflict) == (3, False)
    restored = restore(draft, draft.revisions.get(number=1), user)
    assert restored.revision.number == 4
    assert head(Draft.objects.get()).number == 4


def test_command_reimport_of_an_edited_file_keeps_the_draft_usable(
    tmp_path, user, owner_client, capsys
):
    path = tmp_path / "a.md"
    path.write_text(GENERATED)
    command = ["import_drafts", str(path), "--series", "S", "--user", user.username]
    call_command(*command)
    path.write_text(EDITED)
    call_command(*command)
    assert "new_revision" in capsys.readouterr().out.splitlines()[-1]
    draft = Draft.objects.get()
    assert head(draft).number == 2
    response = owner_client.post(
        reverse("posts:save", args=[draft.pk]),
        {
            "body": "Mine now.",
            "kind": "named",
            "base_number": 2,
            "base_hash": head(draft).content_hash,
            "message": "",
        },
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["revision"] == 3 and response.json()["status"] == "saved"


def test_import_page_reimport_of_an_edited_file_moves_the_head(owner_client, series):
    url = reverse("posts:import", args=[series.slug])
    owner_client.post(url, {"files": [upload("p2.md", GENERATED)]})
    response = owner_client.post(url, {"files": [upload("p2.md", EDITED)]})
    assert "new revision" in response.text
    draft = Draft.objects.get()
    assert head(draft).number == 2 and draft.revisions.count() == 2
    restore_url = reverse("posts:revision_restore", args=[draft.pk, 1])
    assert owner_client.post(restore_url).status_code == 302
    assert head(Draft.objects.get()).number == 3


def test_reimport_keeps_what_the_writer_added_to_the_draft(series, user):
    import_file(WITH_CHECKLIST, "v.md", user=user, series=series)
    draft = Draft.objects.get()
    draft.metadata["voice_ticks"] = ["Personal anecdote"]
    draft.save(update_fields=["metadata"])
    regenerated = EDITED.replace("draft_number: 1", "draft_number: 2")  # no checklist
    outcome = import_file(regenerated, "v.md", user=user, series=series)
    metadata = Draft.objects.get().metadata
    assert outcome.status == Status.NEW_REVISION
    assert metadata["voice_ticks"] == ["Personal anecdote"]
    assert "scaffolding" not in metadata


def test_reimport_over_edits_says_they_are_replaced_and_where_they_are(series, user):
    import_file(GENERATED, "p2.md", user=user, series=series)
    draft = Draft.objects.get()
    save_text(draft.pk, user, draft.body + "My own line.\n", base_number=1)
    outcome = import_file(EDITED, "p2.md", user=user, series=series)
    assert outcome.status == Status.NEW_REVISION
    assert outcome.warnings == [
        "The edits made since revision 1 was imported are not in this file's "
        "text; they stay in the history as revision 2."
    ]
    assert "My own line." in Draft.objects.get().revisions.get(number=2).body


def test_reimport_over_a_draft_written_here_says_its_text_is_replaced(
    part, series, user
):
    written = make_draft(part, "Written by hand.", number=1)
    regenerated = GENERATED.replace("Part 2", f"Part {part.number}")
    outcome = import_file(regenerated, "p.md", user=user, series=series)
    assert (outcome.status, outcome.draft) == (Status.NEW_REVISION, written)
    assert outcome.warnings == [
        "The edits made in Postwright are not in this file's text; "
        "they stay in the history as revision 1."
    ]


def test_reimport_over_the_last_file_alone_warns_of_nothing(series, user):
    import_file(GENERATED, "p2.md", user=user, series=series)
    draft = Draft.objects.get()
    restore(draft, draft.revisions.get(number=1), user)  # same text as the file
    outcome = import_file(EDITED, "p2.md", user=user, series=series)
    assert outcome.status == Status.NEW_REVISION
    assert outcome.warnings == []


def test_import_page_names_the_edits_a_regenerated_file_replaces(
    owner_client, series, user
):
    url = reverse("posts:import", args=[series.slug])
    owner_client.post(url, {"files": [upload("p2.md", GENERATED)]})
    draft = Draft.objects.get()
    save_text(draft.pk, user, draft.body + "My own line.\n", base_number=1)
    response = owner_client.post(url, {"files": [upload("p2.md", EDITED)]})
    assert "new revision" in response.text
    assert "they stay in the history as revision 2." in html.unescape(response.text)


# --- A dry run: the same code, nothing written --------------------------------

NO_NUMBERS = GENERATED.replace("draft_number: 1\n", "")


def dry_run_folder(tmp_path):
    """Files whose placement depends on the ones before: two unnumbered drafts
    of part 2, one file with no part number but part 2's title (an unrelated
    one would be asked about: see the placement tests), one voice checklist."""
    (tmp_path / "a.md").write_text(NO_NUMBERS)
    (tmp_path / "b.md").write_text(NO_NUMBERS.replace("backwards", "back again"))
    (tmp_path / "c.md").write_text("# Backpropagation\n\nHeaps warm up.\n")
    (tmp_path / "d.md").write_text(WITH_CHECKLIST)
    return tmp_path


def database_rows() -> dict[str, list]:
    return {
        model.__name__: list(model.objects.values_list("pk", flat=True))
        for model in (Series, Part, Draft, Revision, VoiceElement)
    }


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_command_dry_run_prints_what_the_real_run_does_and_writes_nothing(
    tmp_path, user, capsys, fmt
):
    folder = dry_run_folder(tmp_path)
    command = ["import_drafts", str(folder), "--series", "New Series"]
    command += ["--user", user.username, "--format", fmt]
    before = database_rows()
    call_command(*command, "--dry-run")
    dry = capsys.readouterr().out
    assert database_rows() == before
    assert not Series.objects.filter(title="New Series").exists()
    call_command(*command)
    real = capsys.readouterr().out
    if fmt == "text":
        assert dry.count(" (dry run)") == 4
        assert dry.replace(" (dry run)", "") == real
        assert "part 2 draft 2" in real and "part 2 draft 3" in real
    else:
        dry_rows, real_rows = json.loads(dry), json.loads(real)
        assert [r["url"] for r in dry_rows] == [None] * 4
        for row in dry_rows + real_rows:
            row.pop("url")
        assert dry_rows == real_rows


def test_command_dry_run_of_a_regenerated_file_reports_a_new_revision(
    tmp_path, series, user, capsys
):
    path = tmp_path / "a.md"
    path.write_text(GENERATED)
    command = ["import_drafts", str(path), "--series", series.slug]
    command += ["--user", user.username]
    call_command(*command)
    path.write_text(EDITED)
    before = database_rows()
    call_command(*command, "--dry-run", "--format", "json")
    (row,) = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert row["status"] == "new_revision"
    assert row["url"] == reverse("posts:draft", args=[Draft.objects.get().pk])
    assert database_rows() == before
    assert head(Draft.objects.get()).number == 1


def test_command_revision_notes_name_the_file_not_its_server_path(tmp_path, user):
    path = tmp_path / "a.md"
    path.write_text(GENERATED)
    command = ["import_drafts", str(path), "--series", "S", "--user", user.username]
    call_command(*command)
    path.write_text(EDITED)
    call_command(*command)
    notes = list(Revision.objects.order_by("number").values_list("message", flat=True))
    assert notes == ["Imported from a.md", "Re-imported from a.md"]


# --- Front matter: wrong values, repeated keys, keys nothing reads ------------

WITH_EXTRAS = GENERATED.replace(
    "strategy: bold\n", "strategy: bold\naudience: engineers\ntone: dry\n"
)
WRONG_VALUES = GENERATED.replace(
    "draft_number: 1", "draft_number: 99999999999999999999"
)
WRONG_VALUES = WRONG_VALUES.replace("word_count: 12", "generated: 2024-13-45")
WRONG_MESSAGE = (
    "The front matter has wrong values: 'draft_number' should be a whole number"
    " from 1 to 1000000, not 99999999999999999999; 'generated' should be a date"
    " like 2025-11-30, not '2024-13-45'."
)


def test_command_lists_the_front_matter_keys_it_ignores(tmp_path, user, capsys):
    (tmp_path / "a.md").write_text(WITH_EXTRAS)
    command = ["import_drafts", str(tmp_path), "--series", "S"]
    call_command(*command, "--user", user.username)
    out = capsys.readouterr().out
    assert "    Ignored front matter keys (kept with the draft): audience, tone." in out
    assert Draft.objects.get().metadata["front_matter"]["audience"] == "engineers"
    call_command(*command, "--user", user.username, "--format", "json")
    (row,) = json.loads(capsys.readouterr().out)
    assert row["ignored"] == ["audience", "tone"]


def test_command_rejects_wrong_front_matter_values_naming_each(tmp_path, user, capsys):
    (tmp_path / "a.md").write_text(WRONG_VALUES)
    with pytest.raises(SystemExit):
        call_command(
            "import_drafts", str(tmp_path), "--series", "S", "--user", user.username
        )
    assert capsys.readouterr().out == f"rejected {tmp_path / 'a.md'}: {WRONG_MESSAGE}\n"
    assert not Draft.objects.exists()


def test_import_page_shows_ignored_keys_repeated_keys_and_wrong_values(
    owner_client, series
):
    url = reverse("posts:import", args=[series.slug])
    repeated = WITH_EXTRAS.replace(
        "draft_number: 1\n", "draft_number: 1\ndraft_number: 2\n"
    )
    files = [upload("extras.md", repeated), upload("wrong.md", WRONG_VALUES)]
    page = html.unescape(owner_client.post(url, {"files": files}).text)
    assert "Ignored front matter keys (kept with the draft): audience, tone." in page
    assert (
        "The front matter has 'draft_number' more than once; the last one is used: 2."
        in page
    )
    assert WRONG_MESSAGE in page
    assert Draft.objects.get().number == 2


def _numbered(count: int, word: str) -> list[tuple[str, str]]:
    """`count` files of Part 2, drafts 1…count, each with its own text."""
    return [
        (
            GENERATED.replace("draft_number: 1", f"draft_number: {n}").replace(
                "backwards", f"{word} {n} times"
            ),
            f"p2-{n}.md",
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture
def renders(monkeypatch):
    """Each Markdown text rendered for reading (posts.textkit.document), in order."""
    from posts.textkit import document

    seen: list[str] = []
    real = document.render_html

    def spy(text: str) -> str:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(document, "render_html", spy)
    return seen


def test_a_batch_import_renders_each_file_once_and_indexes_it(series, user, renders):
    from posts.importing.importing import Importer

    files = _numbered(4, "backwards")
    outcomes = Importer(user, series).import_files(files)
    assert [o.status for o in outcomes] == [Status.IMPORTED] * 4
    assert len(renders) == 4 and len(set(renders)) == 4
    indexed = SearchEntry.objects.filter(kind="draft").values_list("body", flat=True)
    assert sorted(indexed) == sorted(
        to_plain_text(r.body) for r in Revision.objects.all()
    )


def test_a_single_import_renders_its_file_once(series, user, renders):
    assert import_file(GENERATED, "p2.md", user=user, series=series).status == (
        Status.IMPORTED
    )
    assert len(renders) == 1


def test_a_batch_of_regenerated_files_renders_each_once(series, user, renders):
    from posts.importing.importing import Importer

    Importer(user, series).import_files(_numbered(3, "backwards"))
    renders.clear()
    outcomes = Importer(user, series).import_files(_numbered(3, "sideways"))
    assert [o.status for o in outcomes] == [Status.NEW_REVISION] * 3
    assert len(renders) == 3 and len(set(renders)) == 3
    heads = [head(d) for d in Draft.objects.select_related("head")]
    assert [h.word_count for h in heads] == [word_count(h.body) for h in heads]
    indexed = SearchEntry.objects.filter(kind="draft").values_list("body", flat=True)
    assert sorted(indexed) == sorted(to_plain_text(h.body) for h in heads)
