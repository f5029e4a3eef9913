"""The series .zip: every live draft and a manifest, read back losslessly."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from posts.editor.saving import save_text
from posts.importing.archive import import_archive
from posts.importing.importing import Importer, Status, import_file
from posts.models import Draft, Publication, Revision
from posts.publishing import exports
from posts.publishing.archive import export_series_archive
from series.models import Part, Series, VoiceElement
from tests.factories import UserFactory
from tests.posts.importing.test_placement import CONCISE_PART_2, EXPLICIT_PART_2

CHECKLIST_PART_2 = EXPLICIT_PART_2.replace("draft_number: 2", "draft_number: 3") + (
    "\n---\n\n**Word Count:** 9 words\n**Voice Match Elements:**\n"
    '✅ "As promised last week" callback\n❌ Personal anecdote\n'
)


@pytest.fixture
def full_series(examples, series, user):
    """Both Part 1 examples, three Part 2 drafts (one with its own checklist), a
    chosen draft published as is, another published and changed since, a trashed draft."""
    files = [(p.read_bytes(), p.name) for p in sorted(examples.glob("*.md"))]
    files += [
        (CONCISE_PART_2, "nn-part2-concise.md"),
        (EXPLICIT_PART_2, "nn-part2-voice-match.md"),
        (CHECKLIST_PART_2, "nn-part2-checklist.md"),
    ]
    outcomes = Importer(user, series).import_files(files)
    assert {o.status for o in outcomes} == {Status.IMPORTED}, outcomes
    one, two = Part.objects.get(number=1), Part.objects.get(number=2)
    chosen = one.drafts.get(number=1)
    Draft.objects.filter(pk=chosen.pk).update(chosen=True)
    assert chosen.head is not None
    Publication.objects.create(
        part=one,
        revision=chosen.head,
        published_on=datetime.date(2026, 1, 15),
        url="https://example.com/p1",
    )
    later = two.drafts.get(number=2)
    Draft.objects.filter(pk=later.pk).update(chosen=True)
    assert later.head is not None
    Publication.objects.create(
        part=two, revision=later.head, published_on=datetime.date(2026, 1, 22)
    )
    save_text(
        later.pk,
        user,
        later.body + "\nOne more line.\n",
        kind=Revision.Kind.NAMED,
        base_number=1,
    )
    Draft.objects.filter(pk=later.pk).update(
        metadata={**later.metadata, "ticks": ["x"]}
    )
    two.drafts.get(number=1).move_to_trash(user)
    series.description = "Two parts on how networks learn."
    series.save()
    return series


def _files(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def _rows() -> dict:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Series, Part, Draft, Revision, VoiceElement, Publication)
    }


def test_zip_holds_every_live_draft_and_a_manifest(full_series):
    files = _files(export_series_archive(full_series))
    drafts = [n for n in files if "/draft-" in n]
    assert drafts == [
        "01-how-neural-networks-learn-from-data/draft-1-balanced.md",
        "01-how-neural-networks-learn-from-data/draft-2-voice-match.md",
        "02-how-networks-learn-from-their-mistakes/draft-2-voice-match.md",
        "02-how-networks-learn-from-their-mistakes/draft-3-voice-match.md",
    ]
    manifest = json.loads(files["manifest.json"])
    assert manifest["series"]["description"] == "Two parts on how networks learn."
    assert manifest["voice_profile"]  # seeded by the first checklist
    one, two = manifest["parts"]
    assert (one["chosen_draft"], two["chosen_draft"]) == (1, 2)
    assert one["publication"] == {
        "draft": 1,
        "published_on": "2026-01-15",
        "url": "https://example.com/p1",
        "file": None,
    }
    assert two["publication"]["file"] == (
        "02-how-networks-learn-from-their-mistakes/published-draft-2.md"
    )
    first = one["drafts"][0]
    assert first["declared_word_count"] == 312  # the generator's claim, not ours
    assert first["metadata"]["topic"].startswith("Neural Networks Part 1:")
    checklist = two["drafts"][1]["metadata"]["scaffolding"]["voice_elements"]
    assert [item["ticked"] for item in checklist] == [True, False]
    text = files[drafts[0]]
    assert "word_count: 312\n" in text and "draft_number: 1\n" in text


def test_export_import_export_is_byte_identical(full_series):
    exported = export_series_archive(full_series)
    stranger = UserFactory.create()
    outcomes = import_archive(exported, "nn.zip", user=stranger)
    assert {o.status for o in outcomes} == {Status.IMPORTED}
    copy = Series.objects.get(owner=stranger)
    assert copy.title == "Neural Networks" and copy.pk != full_series.pk
    assert export_series_archive(copy) == exported
    published = Publication.objects.get(part__series=copy, part__number=2)
    assert published.revision.number == 1  # the text that went out, before the change
    assert copy.voice_elements.count() == full_series.voice_elements.count()


def test_importing_the_zip_into_its_own_series_changes_nothing(full_series, user):
    exported = export_series_archive(full_series)
    before = _rows()
    outcomes = import_archive(exported, "nn.zip", user=user, series=full_series)
    assert {o.status for o in outcomes} == {Status.UNCHANGED}
    assert _rows() == before


def test_command_imports_its_own_zip_into_an_empty_account(
    full_series, tmp_path, capsys
):
    target = tmp_path / "nn.zip"
    call_command("export_series", full_series.slug, "-o", str(target))
    newcomer = UserFactory.create()
    call_command("import_drafts", str(target), "--user", newcomer.username)
    out = capsys.readouterr().out
    assert out.count("imported ") == 4 and "rejected" not in out
    assert Draft.objects.filter(part__series__owner=newcomer).count() == 4


def test_import_page_accepts_the_apps_own_zip(owner_client, full_series):
    from django.urls import reverse

    from tests.posts.importing.test_import import upload

    exported = export_series_archive(full_series)
    response = owner_client.post(
        reverse("posts:import", args=[full_series.slug]),
        {"files": [upload("neural-networks.zip", exported)]},
    )
    assert response.text.count("import-row ") == 4
    assert "already imported" in response.text and "rejected" not in response.text


def test_index_and_combined_md_are_recognised_not_imported_as_drafts(full_series, user):
    index = _files(exports.export_series_zip(full_series))["index.md"]
    combined = exports.export_series_md(full_series)
    for text, name in ((index, "index.md"), (combined, "neural-networks.md")):
        outcome = import_file(text, name, user=user, series=full_series)
        assert outcome.status == Status.REJECTED, name
        assert "Postwright" in outcome.error
    archive_index = _files(export_series_archive(full_series))["index.md"]
    outcome = import_file(archive_index, "index.md", user=user, series=full_series)
    assert outcome.status == Status.REJECTED


def test_a_zip_without_manifest_imports_its_drafts_and_skips_the_index(
    series, user, part
):
    from tests.factories import make_draft

    make_draft(part, "The chosen one.\n", chosen=True)
    final_copy = exports.export_series_zip(series, chosen_only=True)
    other = Series.objects.create(owner=user, title="Neural Networks copy")
    outcomes = import_archive(final_copy, "final.zip", user=user, series=other)
    assert [(o.file, o.status) for o in outcomes] == [
        ("01-how-networks-learn.md", Status.IMPORTED)
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not a zip", "not a .zip"),
        (b"", "not a .zip"),
    ],
)
def test_a_broken_zip_is_rejected_with_a_reason(series, user, data, reason):
    (outcome,) = import_archive(data, "x.zip", user=user, series=series)
    assert outcome.status == Status.REJECTED and reason in outcome.error


def test_a_foreign_manifest_is_rejected(series, user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "other"}))
    (outcome,) = import_archive(buffer.getvalue(), "x.zip", user=user, series=series)
    assert "not a Postwright series manifest" in outcome.error
    assert not Draft.objects.exists()
