import datetime
import io
import zipfile

import pytest
from django.utils import timezone

from posts.models import Publication, Revision
from posts.publishing import exports
from posts.textkit.parsing import parse_draft
from tests.factories import PartFactory, make_draft

TRICKY_BODY = (
    "# How networks learn\n\n"
    + ("You may wonder, how do *networks* learn?  Trailing spaces stay.  \n")
    + """Ünïcödé — “quotes” and emoji 🚀 stay too.

- one
  - nested [link](https://example.com "A title")
---

**Additional documents to read on this:**
- [A guide](https://example.org/guide)

#NeuralNetworks #AI #NeuralNetworks
"""
)


def _chosen(part, body=TRICKY_BODY, **fields):
    return make_draft(part, body, chosen=True, **fields)


def _zip_files(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_part_md_has_our_front_matter_then_the_body_byte_for_byte(series, part):
    draft = _chosen(part, strategy="balanced", generated=datetime.date(2026, 1, 5))
    copy = exports.series_copies(series)[0]
    text = exports.export_part_md(copy)
    head, body = text.split("---\n\n", 1)
    assert body == TRICKY_BODY
    assert head.startswith("---\ntitle: How networks learn\nseries: Neural Networks\n")
    assert "part: 1\n" in head and f"draft_number: {draft.number}\n" in head
    assert "platform: linkedin\n" in head and "strategy: balanced\n" in head
    assert f"word_count: {draft.head.word_count}\n" in head
    assert "hashtags:\n- '#NeuralNetworks'\n- '#AI'\n" in head  # no duplicates
    assert "status: draft\n" in head and "generated: 2026-01-05\n" in head
    assert "\npublished:" not in head and "\nlink:" not in head


def test_published_part_says_when_and_where(series, part, user):
    draft = _chosen(part)
    Publication.objects.create(
        part=part,
        revision=draft.head,
        published_on=datetime.date(2026, 2, 1),
        url="https://www.linkedin.com/posts/x",
    )
    text = exports.export_part_md(exports.series_copies(series)[0])
    assert "status: published\npublished: 2026-02-01\n" in text
    assert "link: https://www.linkedin.com/posts/x\n" in text


def test_round_trip_gives_back_body_and_metadata(series, part, user):
    draft = _chosen(part, strategy="voice-match", platform="x")
    Publication.objects.create(
        part=part, revision=draft.head, published_on=datetime.date(2026, 2, 1)
    )
    parsed = parse_draft(exports.export_part_md(exports.series_copies(series)[0]))
    assert parsed.body == TRICKY_BODY
    assert parsed.warnings == []
    assert (parsed.title, parsed.series, parsed.part) == (
        "How networks learn",
        "Neural Networks",
        1,
    )
    assert (parsed.draft_number, parsed.strategy, parsed.platform) == (
        draft.number,
        "voice-match",
        "x",
    )
    assert parsed.declared_word_count == parsed.word_count == draft.head.word_count
    assert parsed.metadata == {
        "hashtags": ["#NeuralNetworks", "#AI"],
        "status": "published",
        "published": "2026-02-01",
    }
    assert parsed.scaffolding is None


def test_importing_an_export_into_its_series_changes_nothing(series, part, user):
    from posts.importing.importing import Status, import_file

    _chosen(part)
    text = exports.export_part_md(exports.series_copies(series)[0])
    outcome = import_file(text, "01-how-networks-learn.md", user=user, series=series)
    assert outcome.status == Status.UNCHANGED


def test_generator_scaffolding_is_not_exported(series, part, user):
    from posts.importing.importing import import_file

    generated = (
        "---\npart: 1\ndraft_number: 1\n---\n\nThe post itself.\n\n#AI #ML #Data\n\n"
        '---\n**Word Count:** 316 words\n**Voice Match Elements:**\n✅ "That is because"\n'
    )
    outcome = import_file(generated, "p1.md", user=user, series=series)
    assert outcome.draft is not None
    outcome.draft.chosen = True
    outcome.draft.save()
    text = exports.export_part_md(exports.series_copies(series)[0])
    assert text.endswith("---\n\nThe post itself.\n\n#AI #ML #Data\n")
    assert "Word Count" not in text and "Voice Match" not in text


def test_zip_has_one_file_per_part_in_order_and_an_index(series):
    for number, title in [(10, "Ten: the end"), (2, "Second"), (1, "First one")]:
        _chosen(PartFactory(series=series, number=number, title=title))
    files = _zip_files(exports.export_series_zip(series))
    assert sorted(files) == [
        "01-first-one.md",
        "02-second.md",
        "10-ten-the-end.md",
        "index.md",
    ]
    index = files["index.md"]
    assert index.startswith("# Neural Networks\n")
    assert index.index("01-first-one.md") < index.index("02-second.md")
    assert index.index("02-second.md") < index.index("10-ten-the-end.md")
    assert files["02-second.md"].endswith(TRICKY_BODY)


def test_unchosen_part_exports_its_latest_edited_draft_or_is_skipped(series, part):
    newer = make_draft(part, "Newer text.\n")
    older = make_draft(part, "Older text, created last but edited first.\n")
    assert older.head_id is not None
    Revision.objects.filter(draft=older).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )
    skipped = PartFactory(series=series, number=2, title="No drafts at all")

    copy = exports.series_copies(series)[0]
    assert copy.draft == newer != older and copy.status == exports.Status.UNCHOSEN
    assert "status: unchosen\n" in exports.export_part_md(copy)
    assert exports.series_copies(series, chosen_only=True) == []

    files = _zip_files(exports.export_series_zip(series, chosen_only=True))
    assert list(files) == ["index.md"]
    assert "1. How networks learn (not exported" in files["index.md"]
    assert f"{skipped.number}. No drafts at all (not exported" in files["index.md"]


def test_trashed_drafts_and_parts_are_not_exported(series, part, user):
    _chosen(part)
    gone = PartFactory.create(series=series, number=2, title="Gone")
    make_draft(gone, "Trashed part text.\n")
    gone.move_to_trash(user)
    trashed_draft = make_draft(part, "Trashed draft text.\n")
    trashed_draft.move_to_trash(user)
    combined = exports.export_series_md(series)
    assert "Trashed" not in combined and "Gone" not in combined


def test_combined_md_keeps_each_body_under_a_part_heading(series):
    _chosen(PartFactory(series=series, number=2, title="Second"), "Two.\n")
    _chosen(PartFactory(series=series, number=1, title="First"), "One.\n")
    text = exports.export_series_md(series)
    assert text.startswith("# Neural Networks\n")
    assert text.index("## Part 1: First\n") < text.index("## Part 2: Second\n")
    assert "<!-- draft_number: 1, word_count: 1, status: draft -->\n\nOne.\n" in text


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("- one\n  - two\n    - three\n- four", "• one\n  • two\n    • three\n• four"),
        (
            'Read [the study](https://x.y/z "Its title") now.',
            "Read the study (https://x.y/z) now.",
        ),
        ("snake_case_name and x **bold** y", "snake_case_name and x bold y"),
        ("**bold**ly and un*believ*able", "boldly and unbelievable"),
        ("Run `pip install x` first", "Run pip install x first"),
        ("```python\nx = *y*  # [a](b)\n```", "x = *y*  # [a](b)"),
        ("line one\nline two\n\n#AI #ML", "line one\nline two\n\n#AI #ML"),
        ("1. first\n2. second", "1. first\n2. second"),
        ("## Heading\n> quoted *words*", "Heading\nquoted words"),
    ],
)
def test_plain_text_export_on_tricky_markdown(series, part, markdown, plain):
    _chosen(part, markdown)
    assert exports.export_part_txt(exports.series_copies(series)[0]) == plain + "\n"


def test_combined_txt_has_every_part_as_plain_text(series):
    _chosen(
        PartFactory(series=series, number=1, title="First"),
        "**One** [a](https://a.b)\n",
    )
    _chosen(PartFactory(series=series, number=2, title="Second"), "Two.\n")
    text = exports.export_series_txt(series)
    assert text == (
        "Neural Networks\n\nPart 1: First\n\nOne a (https://a.b)\n"
        "\n———\n\nPart 2: Second\n\nTwo.\n"
    )


def test_filename_falls_back_when_the_title_has_no_letters(series):
    part = PartFactory(series=series, number=3, title="???")
    _chosen(part, "Text.\n")
    assert exports.series_copies(series)[0].filename("md") == "03-part.md"


def test_an_edit_after_publishing_is_exported_as_changed(user, part):
    from posts.editor.saving import save_text

    draft = make_draft(part, "Went out.\n\n#AI #ML #Data", chosen=True)
    assert draft.head is not None
    Publication.objects.create(
        part=part, revision=draft.head, published_on=datetime.date(2026, 11, 1)
    )
    save_text(draft.pk, user, "Edited later.", kind=Revision.Kind.NAMED, base_number=1)
    [loaded] = exports.load_parts(part.series)
    copy = exports.part_copy(loaded)
    assert copy is not None and copy.status == exports.Status.CHANGED


def test_the_combined_exports_read_only_the_drafts_they_can_pick(series, part):
    """The chosen draft of a part, else its latest edited one: two texts a part
    are read, not every draft's, and the copy is the same as from all of them."""
    other = PartFactory(series=series, number=part.number + 1)
    make_draft(part, "Part one, first.")
    _chosen(part, "Part one, chosen.")
    make_draft(part, "Part one, third.")
    older = make_draft(other, "Part two, edited first.")
    newest = make_draft(other, "Part two, edited last.")
    make_draft(other, "Part two, never edited again.")
    Revision.objects.filter(draft=newest).update(
        updated_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    Revision.objects.filter(draft=older).update(
        updated_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    narrowed = exports.load_parts(series, drafts=exports.exportable_drafts())
    assert [len(p.live_drafts) for p in narrowed] == [2, 1]
    every = [exports.part_copy(p) for p in exports.load_parts(series)]
    assert [(c.draft.pk, c.status) for c in exports.series_copies(series)] == [
        (c.draft.pk, c.status) for c in every if c
    ]
    text = exports.export_series_md(series)
    assert "Part one, chosen." in text and "Part two, edited last." in text
    assert "Part one, first." not in text and "Part two, edited first." not in text
    chosen_only = exports.load_parts(
        series, drafts=exports.exportable_drafts(chosen_only=True)
    )
    assert [len(p.live_drafts) for p in chosen_only] == [1, 0]
