"""Where a file goes when it does not say: asked, never guessed; a part's title
from the file that names it most explicitly."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from posts.importing.importing import NEW_PART, Importer, Status, import_file
from posts.models import Draft
from series.models import Part
from tests.api.conftest import bearer, token_for
from tests.factories import head

PART_1 = """---
platform: linkedin
topic: "Neural Networks Part 1: How Neural Networks Learn from Data"
draft_number: 1
strategy: balanced
---

Networks learn from data, layer by layer.

#AI #ML #DeepLearning
"""

# An unrelated post from another series, with no part number: the issue's
# vector-databases draft that silently became the next part.
UNRELATED = """---
platform: linkedin
topic: "Vector Databases: Why Search Needs Embeddings"
strategy: storytelling
---

Last month our search broke on synonyms. Embeddings fixed it.

#VectorDatabases #Search #AI
"""

CONCISE_PART_2 = """---
platform: linkedin
topic: "Neural Networks Part 2"
draft_number: 1
strategy: concise
---

# Gradient descent without the math

Each step goes downhill.

#AI #ML #DeepLearning
"""

EXPLICIT_PART_2 = """---
platform: linkedin
topic: "Neural Networks Part 2: How Networks Learn from Their Mistakes"
draft_number: 2
strategy: voice-match
---

As promised last week, backpropagation.\r
\r
#AI #ML #DeepLearning\r
"""


@pytest.fixture
def part_1(series, user):
    outcome = import_file(PART_1, "nn-part1-balanced.md", user=user, series=series)
    assert outcome.status == Status.IMPORTED
    return outcome.part


def test_unrelated_file_is_asked_about_not_made_the_next_part(series, user, part_1):
    outcome = import_file(UNRELATED, "vector-db.md", user=user, series=series)
    assert outcome.status == Status.NEEDS_CHOICE
    assert "names no part number" in outcome.error
    assert outcome.choices == [(1, "How Neural Networks Learn from Data")]
    assert outcome.new_part_number == 2
    assert outcome.text == UNRELATED  # what the form sends back
    assert Draft.objects.count() == 1 and Part.objects.count() == 1


def test_file_naming_another_series_and_no_part_is_asked_about(series, user, part_1):
    other = UNRELATED.replace(
        '"Vector Databases: Why', '"Vector Databases Part One of Three: Why'
    ).replace("topic:", "series: Vector Databases\ntopic:")
    outcome = import_file(
        other.replace("Part One of Three", "Intro"), "v.md", user=user, series=series
    )
    assert outcome.status == Status.NEEDS_CHOICE
    assert "from the series “Vector Databases”" in outcome.error


def test_the_writers_choice_places_the_file(series, user, part_1):
    new = import_file(UNRELATED, "v.md", user=user, series=series, place=NEW_PART)
    assert new.part is not None
    assert (new.status, new.part.number) == (Status.IMPORTED, 2)
    assert new.part.title == "Vector Databases: Why Search Needs Embeddings"
    into = import_file(
        UNRELATED.replace("synonyms", "typos"),
        "v2.md",
        user=user,
        series=series,
        place=1,
    )
    assert into.part and into.draft
    assert (into.status, into.part.number, into.draft.number) == (Status.IMPORTED, 1, 2)


def test_file_without_number_naming_a_part_goes_there(series, user, part_1):
    text = UNRELATED.replace(
        "Vector Databases: Why Search Needs Embeddings",
        "How neural networks learn from data",
    )
    outcome = import_file(text, "x.md", user=user, series=series)
    assert outcome.part
    assert (outcome.status, outcome.part.number) == (Status.IMPORTED, 1)
    assert "whose title it names" in outcome.warnings[-1]


def test_first_file_of_an_empty_series_without_number_is_part_1(series, user):
    outcome = import_file(UNRELATED, "v.md", user=user, series=series)
    assert outcome.part
    assert (outcome.status, outcome.part.number) == (Status.IMPORTED, 1)


def test_part_title_comes_from_the_most_explicit_file_not_the_first(series, user):
    outcomes = Importer(user, series).import_files(
        [(CONCISE_PART_2, "a-concise.md"), (EXPLICIT_PART_2, "b-voice.md")]
    )
    assert [o.status for o in outcomes] == [Status.IMPORTED] * 2
    part = Part.objects.get(number=2)
    assert part.title == "How Networks Learn from Their Mistakes"
    assert "now titled “How Networks Learn from Their Mistakes”" in " ".join(
        outcomes[1].warnings
    )
    assert "\r" not in Draft.objects.get(number=2).body  # CRLF file


def test_a_file_disagreeing_with_the_parts_title_is_flagged(series, user):
    import_file(EXPLICIT_PART_2, "b.md", user=user, series=series)
    other = EXPLICIT_PART_2.replace(
        "How Networks Learn from Their Mistakes", "Backpropagation"
    ).replace("draft_number: 2", "draft_number: 3")
    outcome = import_file(other, "c.md", user=user, series=series)
    assert Part.objects.get(number=2).title == "How Networks Learn from Their Mistakes"
    assert (
        "This file calls Part 2 “Backpropagation”; the part keeps its title "
        "“How Networks Learn from Their Mistakes”." in outcome.warnings
    )
    # a less explicit file is not flagged against a more explicit title of its own
    concise = import_file(CONCISE_PART_2, "a.md", user=user, series=series)
    assert Part.objects.get(number=2).title == "How Networks Learn from Their Mistakes"
    assert any("Gradient descent without the math" in w for w in concise.warnings)


def test_a_title_the_writer_gave_is_kept_and_not_flagged(series, user):
    Part.objects.create(series=series, number=2, title="My own title")
    outcome = import_file(EXPLICIT_PART_2, "b.md", user=user, series=series)
    assert Part.objects.get(number=2).title == "My own title"
    assert not any("title" in w for w in outcome.warnings)


def test_command_asks_for_a_flag_and_exits_1(tmp_path, series, user, part_1, capsys):
    path = tmp_path / "vector-db.md"
    path.write_text(UNRELATED)
    command = ["import_drafts", str(path), "--series", series.slug]
    command += ["--user", user.username]
    with pytest.raises(SystemExit) as exited:
        call_command(*command)
    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert out.startswith(f"needs a part {path}:")
    assert "--part N (the parts: 1: How Neural Networks Learn from Data)" in out
    assert "--new-part (Part 2)" in out
    assert Draft.objects.count() == 1
    call_command(*command, "--new-part")
    assert "part 2 draft 1" in capsys.readouterr().out
    path.write_text(UNRELATED.replace("synonyms", "typos"))
    call_command(*command, "--part", "1", "--format", "json")
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["status"], row["part"]) == ("imported", 1)


def test_api_refuses_an_unclear_file_with_422_naming_the_parts(series, user, part_1):
    api = bearer(token_for(user))
    url = "/api/v1/drafts/import"
    payload = {"text": UNRELATED, "filename": "v.md", "series": series.slug}
    response = api.post(url, payload, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert "`part` (1 (How Neural Networks Learn from Data))" in detail
    assert "`new_part: true` (Part 2)" in detail
    both = {**payload, "part": 1, "new_part": True}
    assert api.post(url, both, content_type="application/json").status_code == 422
    placed = api.post(
        url, {**payload, "new_part": True}, content_type="application/json"
    )
    assert (placed.status_code, placed.json()["part"]) == (201, 2)


def test_import_page_offers_a_choice_per_file_and_imports_the_answer(
    owner_client, series, part_1
):
    from tests.posts.importing.test_import import upload

    url = reverse("posts:import", args=[series.slug])
    response = owner_client.post(
        url,
        {"files": [upload("vector-db.md", UNRELATED)]},
        headers={"HX-Request": "true"},
    )
    assert 'class="import-row import-needs_choice"' in response.text
    assert (
        '<option value="1">Part 1: How Neural Networks Learn from Data</option>'
        in response.text
    )
    assert '<option value="new" selected>A new part (Part 2)</option>' in response.text
    assert Draft.objects.count() == 1
    answer = owner_client.post(
        url,
        {"pasted": UNRELATED, "filename": "vector-db.md", "place": "new"},
        headers={"HX-Request": "true"},
    )
    assert 'class="import-row import-imported"' in answer.text
    assert "Part 2 · Draft 1" in answer.text
    assert Part.objects.get(number=2).drafts.count() == 1
    # The text came back exactly: the same file again is recognised.
    again = owner_client.post(
        url,
        {"files": [upload("vector-db.md", UNRELATED)]},
        headers={"HX-Request": "true"},
    )
    assert "already imported" in again.text and Draft.objects.count() == 2


def test_import_page_refuses_a_choice_that_is_no_part(owner_client, series):
    url = reverse("posts:import", args=[series.slug])
    response = owner_client.post(url, {"pasted": UNRELATED, "place": "3; drop"})
    assert "Choose one of the parts" in response.text
    assert not Draft.objects.exists()


def test_batch_import_reads_the_series_once(
    series, user, part_1, django_assert_max_num_queries
):
    files = [
        (
            PART_1.replace("draft_number: 1", f"draft_number: {n}").replace(
                "layer by", f"{n} by"
            ),
            f"{n}.md",
        )
        for n in range(2, 12)
    ]
    importer = Importer(user, series)
    # parts, hashes, the part's drafts; then for the whole run a savepoint,
    # the drafts, their revisions, their heads, their search rows (and on
    # PostgreSQL their tsvectors) and the release: not per file
    with django_assert_max_num_queries(9 + (connection.vendor == "postgresql")):
        outcomes = importer.import_files(files)
    assert {o.status for o in outcomes} == {Status.IMPORTED}


def test_a_retried_batch_reads_the_drafts_it_made_in_one_query(
    series, user, part_1, django_assert_num_queries
):
    files = [
        (PART_1.replace("draft_number: 1", f"draft_number: {n}"), f"{n}.md")
        for n in range(2, 12)
    ]
    Importer(user, series).import_files(files)
    # the parts, the hashes, the drafts they made: no transaction, nothing per file
    with django_assert_num_queries(3):
        outcomes = Importer(user, series).import_files(files)
    assert {o.status for o in outcomes} == {Status.UNCHANGED}
    assert [o.draft.number for o in outcomes if o.draft] == list(range(2, 12))
    assert all("Already imported as Part 1" in o.warnings[-1] for o in outcomes)


def test_a_file_seen_before_shows_the_head_an_earlier_file_of_its_batch_moved(
    series, user, part_1
):
    regenerated = PART_1.replace("layer by layer", "step by step")
    outcomes = Importer(user, series).import_files(
        [(regenerated, "new.md"), (PART_1, "old.md")]
    )
    assert [o.status for o in outcomes] == [Status.NEW_REVISION, Status.UNCHANGED]
    seen = outcomes[1].draft
    assert seen is not None and head(seen).number == 2


def test_batch_import_keeps_each_files_behaviour(series, user, part_1):
    """A run is cut where a file does more than add a draft: a file seen
    before, a regenerated draft, an unclear one, a rejected one."""
    regenerated = PART_1.replace("layer by layer", "step by step")
    files = [
        (PART_1.replace("draft_number: 1", "draft_number: 2"), "2.md"),
        (PART_1, "again.md"),
        (regenerated, "regenerated.md"),
        (UNRELATED, "vector-db.md"),
        ("\x00binary", "broken.md"),
        (PART_1.replace("draft_number: 1", "draft_number: 3"), "3.md"),
        (PART_1.replace("draft_number: 1", "draft_number: 3"), "3-again.md"),
    ]
    outcomes = Importer(user, series).import_files(files)
    assert [o.status for o in outcomes] == [
        Status.IMPORTED,
        Status.UNCHANGED,
        Status.NEW_REVISION,
        Status.NEEDS_CHOICE,
        Status.REJECTED,
        Status.IMPORTED,
        Status.UNCHANGED,
    ]
    assert [o.draft.number for o in outcomes if o.draft] == [2, 1, 1, 3, 3]
    assert all(o.draft.pk and o.draft.head_id for o in outcomes if o.draft)
    assert sorted(Draft.objects.values_list("number", flat=True)) == [1, 2, 3]
    assert Draft.objects.get(number=1).revisions.count() == 2


def test_batch_import_falls_back_to_one_file_at_a_time_when_the_bulk_write_fails(
    series, user, part_1
):
    importer = Importer(user, series)
    files = [
        (PART_1.replace("draft_number: 1", f"draft_number: {n}"), f"{n}.md")
        for n in (2, 3)
    ]
    importer.import_files(files[:1])  # reads the series
    # Someone else writes draft 3 meanwhile: the run's bulk insert collides.
    from tests.factories import make_draft

    theirs = make_draft(part_1, "Their text.\n", number=3)
    outcomes = importer.import_files(files)
    assert [o.status for o in outcomes] == [Status.UNCHANGED, Status.NEW_REVISION]
    assert [r.body for r in theirs.revisions.order_by("number")][0] == "Their text.\n"
    assert Draft.objects.count() == 3
