"""search(): the same answers from PostgreSQL's full-text search and SQLite's FTS5
(CI runs this module on both), only what the user may see."""

import importlib
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from posts.editor.saving import save_text
from posts.models import Draft, Publication, Revision, SearchEntry, Verdict
from posts.search.indexing import rebuild
from posts.search.searching import LIMIT, Filters, search, segments, words
from series.models import Part
from tests.factories import (
    MembershipFactory,
    PartFactory,
    SeriesFactory,
    UserFactory,
    anchored_comment,
    head,
    make_draft,
)

FOGGY = "Learning feels like climbing a foggy mountain: you see one step at a time."


def kinds(results) -> list[tuple[str, int]]:
    return [(hit.entry.kind, hit.entry.object_id) for hit in results.shown]


def found(user, query: str, **filters) -> set[tuple[str, int]]:
    return set(kinds(search(user, query, Filters(**filters))))


def test_finds_a_draft_by_its_current_text_and_not_by_an_older_one(part, user):
    draft = make_draft(part, FOGGY)
    assert ("draft", draft.pk) in found(user, "foggy mountain")
    save_text(
        draft.pk, user, "A clear valley.", kind=Revision.Kind.NAMED, base_number=1
    )
    assert ("draft", draft.pk) not in found(user, "foggy")
    assert ("draft", draft.pk) in found(user, "valley")


def test_a_save_is_one_query_for_the_index_and_recreates_a_missing_row(
    part, user, django_assert_num_queries
):
    from posts.search.indexing import index_draft

    draft = make_draft(part, FOGGY)
    fresh = type(draft).objects.select_related("head").get(pk=draft.pk)  # no part
    with django_assert_num_queries(1):
        index_draft(fresh)
    SearchEntry.objects.filter(kind="draft", object_id=draft.pk).delete()
    save_text(
        draft.pk, user, "A clear valley.", kind=Revision.Kind.NAMED, base_number=1
    )
    entry = SearchEntry.objects.get(kind="draft", object_id=draft.pk)
    assert entry.series_id == part.series_id
    assert ("draft", draft.pk) in found(user, "valley")


def test_an_autosave_rewritten_in_place_is_searched_by_its_new_words(part, user):
    draft = make_draft(part, "First words.")
    first = save_text(draft.pk, user, "Second words.", base_number=1)
    again = save_text(
        draft.pk,
        user,
        "Third words, foggy.",
        base_number=first.revision.number,
        base_hash=first.revision.content_hash,
    )
    assert again.revision.pk == first.revision.pk  # coalesced, not a new revision
    assert ("draft", draft.pk) in found(user, "foggy")


def test_the_last_word_matches_as_a_prefix_so_results_come_as_you_type(part, user):
    draft = make_draft(part, FOGGY)
    assert ("draft", draft.pk) in found(user, "foggy mou")
    assert ("draft", draft.pk) not in found(user, "mou foggy")  # only the last one


def test_stemming_finds_other_forms_of_a_word(part, user):
    draft = make_draft(part, FOGGY)
    assert ("draft", draft.pk) in found(user, "climbs ")


def test_titles_of_drafts_parts_and_series_and_comment_text_are_searched(
    series, part, user
):
    series.description = "Weekly notes on backpropagation."
    series.save()
    titled = make_draft(part, "Plain body.", title="Gradient descent explained")
    part.notes = "Open with the quokka anecdote."
    part.save()
    draft = make_draft(part, FOGGY)
    comment = anchored_comment(draft, "foggy mountain", body="Lovely zeugma here.")
    assert ("series", series.pk) in found(user, "backpropagation")
    assert ("draft", titled.pk) in found(user, "gradient")
    assert ("part", part.pk) in found(user, "quokka")
    assert ("part", part.pk) in found(user, "networks learn")  # its title
    assert ("comment", comment.pk) in found(user, "zeugma")


def test_a_strangers_series_is_never_found_and_a_member_finds_it(part, stranger):
    make_draft(part, FOGGY)
    assert found(stranger, "foggy") == set()
    MembershipFactory(series=part.series, user=stranger, role="reviewer")
    assert found(stranger, "foggy") != set()


def test_what_is_in_the_trash_is_left_out(series, part, user):
    draft = make_draft(part, FOGGY)
    comment = anchored_comment(draft, "foggy mountain", body="foggy indeed")
    comment.move_to_trash(user)
    assert ("comment", comment.pk) not in found(user, "foggy")
    draft.move_to_trash(user)
    assert ("draft", draft.pk) not in found(user, "foggy")
    other = make_draft(PartFactory.create(series=series, number=2), FOGGY)
    other.part.move_to_trash(user)
    assert found(user, "foggy") == set()
    make_draft(part, FOGGY)
    series.move_to_trash(user)
    assert found(user, "foggy") == set()


def test_filters_series_part_platform_and_author(series, part, user):
    mine = make_draft(part, FOGGY, platform="twitter")
    second = PartFactory.create(series=series, number=2)
    colleague = UserFactory.create()
    MembershipFactory(series=series, user=colleague, role="editor")
    theirs = make_draft(second, FOGGY, author=colleague)
    elsewhere = make_draft(PartFactory.create(series=SeriesFactory(owner=user)), FOGGY)
    assert found(user, "foggy", series=series.slug) == {
        ("draft", mine.pk),
        ("draft", theirs.pk),
    }
    assert found(user, "foggy", part=second.pk) == {("draft", theirs.pk)}
    assert found(user, "foggy", platform="twitter") == {("draft", mine.pk)}
    linkedin = found(user, "foggy", platform="linkedin")  # the series' platform
    assert linkedin == {("draft", theirs.pk), ("draft", elsewhere.pk)}
    assert found(user, "foggy", author=colleague.username) == {("draft", theirs.pk)}


def test_filters_by_status(part, user):
    reviewer = UserFactory.create()
    drafting = make_draft(part, FOGGY)
    chosen = make_draft(part, FOGGY, chosen=True)
    approved = make_draft(part, FOGGY)
    Verdict.objects.create(
        draft=approved, revision=head(approved), reviewer=reviewer, kind="approved"
    )
    stale = make_draft(part, FOGGY)
    Verdict.objects.create(
        draft=stale, revision=head(stale), reviewer=reviewer, kind="approved"
    )
    save_text(stale.pk, user, "foggy, edited", kind="named", base_number=1)
    published_part = PartFactory.create(series=part.series, number=2)
    published = make_draft(published_part, FOGGY)
    Publication.objects.create(
        part=published_part, revision=head(published), published_on=date.today()
    )
    assert found(user, "foggy", status="chosen") == {("draft", chosen.pk)}
    assert found(user, "foggy", status="approved") == {("draft", approved.pk)}
    assert found(user, "foggy", status="published") == {("draft", published.pk)}
    assert found(user, "foggy", status="draft") == {
        ("draft", drafting.pk),
        ("draft", stale.pk),
    }


def test_snippets_mark_the_match_and_keep_the_text_as_text(part, user):
    draft = make_draft(part, "Nothing to see.")
    anchored_comment(
        draft, "Nothing", body="Beware <script>alert(1)</script> in a foggy valley."
    )
    (hit,) = search(user, "foggy").shown
    assert ("foggy", True) in hit.snippet
    joined = "".join(text for text, _ in hit.snippet)
    # Text, not HTML: the template escapes every piece (test_views pins it).
    # PostgreSQL's headline parser drops what looks like a tag; FTS5 keeps it.
    assert "alert(1)" in joined


def test_typed_operators_and_quotes_are_words_not_syntax(part, user):
    make_draft(part, FOGGY)
    for query in ['"foggy', 'foggy" -', "foggy & !", "foggy:* |", "(foggy)", "'foggy'"]:
        assert search(user, query).shown, query
    assert search(user, "   ").shown == []
    assert search(user, "!!! ***").shown == []
    assert words("Foggy-Mountain 42") == ["foggy", "mountain", "42"]


def test_the_best_matches_come_first_and_more_says_there_are_others(part, user):
    best = make_draft(part, "foggy foggy foggy", title="Foggy")
    for _ in range(LIMIT + 1):
        make_draft(part, "a long text that is only once foggy and then goes on " * 5)
    results = search(user, "foggy")
    assert results.more
    assert len(results.shown) == LIMIT
    assert kinds(results)[0] == ("draft", best.pk)


def test_segments_split_marked_text():
    assert segments("a \x02b\x03 c") == [("a ", False), ("b", True), (" c", False)]
    assert segments(None) == []


def test_one_query_count_whatever_is_indexed(part, user, django_assert_num_queries):
    make_draft(part, FOGGY)
    queries = 1 if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(queries):
        search(user, "foggy", Filters(status="draft", platform="linkedin"))
    for n in range(30):
        draft = make_draft(part, FOGGY)
        anchored_comment(draft, "foggy mountain", body=f"foggy {n}")
    with django_assert_num_queries(queries):
        results = search(user, "foggy", Filters(status="draft", platform="linkedin"))
        assert len(results.shown) == LIMIT
        for hit in results.shown:
            assert hit.url and hit.where


def test_rebuild_and_the_migration_index_rows_saved_without_signals(part, user):
    draft = make_draft(part, FOGGY)
    SearchEntry.objects.all().delete()
    assert found(user, "foggy") == set()
    assert rebuild() == 3  # series, part, draft
    assert ("draft", draft.pk) in found(user, "foggy")
    SearchEntry.objects.all().delete()
    migration = importlib.import_module("posts.migrations.0007_search_entries")
    with connection.cursor() as cursor:
        # What the migration uses of its schema editor (SQLite refuses a real one
        # inside the test's transaction).
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.index_what_exists(apps, editor)
    assert ("draft", draft.pk) in found(user, "foggy")


@pytest.mark.parametrize("vendor_table", ["posts_search_fts"])
def test_sqlite_keeps_its_fts5_table_in_step_with_the_rows(part, user, vendor_table):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 is SQLite's")
    draft = make_draft(part, FOGGY)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {vendor_table}")
        before = cursor.fetchone()[0]
        draft.part.delete()  # cascades to the rows; the delete trigger follows
        cursor.execute(f"SELECT count(*) FROM {vendor_table}")
        assert cursor.fetchone()[0] == before - 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_keeps_the_visibility_list_out_of_fts5s_index(user, series):
    """Given `rowid IN (…)`, FTS5 runs the MATCH once per listed id (a common
    word over 10,000 drafts took 5 s, bench/search.py): the plan must show
    FTS5 answering the MATCH alone ('M'), with no rowid constraint ('=')."""
    from posts.search.searching import sqlite_query, visible

    sql, params = sqlite_query(visible(user, Filters()), ["network"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    scans = [step for step in plan if "VIRTUAL TABLE INDEX" in step]
    assert len(scans) == 2, plan
    assert all(step.split(":")[-1].startswith("M") for step in scans), plan
    assert not any("=" in step.split("INDEX", 1)[1] for step in scans), plan


def test_rebuild_reads_each_distinct_text_once(part, user, monkeypatch):
    from posts.search import indexing

    for _ in range(3):
        make_draft(part, FOGGY)
    calls: list[str] = []

    def plain(head) -> str:
        calls.append(head.body)
        return head.body

    monkeypatch.setattr(indexing, "_plain", plain)
    rebuild()
    assert calls == [FOGGY]
    assert ("draft", part.drafts.first().pk) in found(user, "foggy")


POST = "# Part 1: Fog\n\nLearning feels like climbing a {word} mountain, one step at a time.\n"


def test_imported_drafts_and_their_new_parts_are_found(series, user):
    """The importer writes in bulk (no post_save): it indexes what it wrote."""
    from posts.importing.importing import Importer, import_file

    import_file(POST.format(word="foggy"), "one.md", user=user, series=series)
    Importer(user, series).import_files(
        [
            (POST.format(word="misty"), "two-balanced.md"),
            (POST.format(word="cloudy"), "three-bold.md"),
        ]
    )
    drafts = {d.pk for d in Draft.objects.filter(part__series=series)}
    for word in ("foggy", "misty", "cloudy"):
        hits = {obj for kind, obj in found(user, word) if kind == "draft"}
        assert len(hits) == 1 and hits <= drafts, word
    part = Part.objects.get(series=series, number=1)  # made by the import
    assert ("part", part.pk) in found(user, "part")
