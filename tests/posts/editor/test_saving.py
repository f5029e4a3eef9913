"""save_text / restore: revisions, autosave coalescing, conflict detection."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from posts.editor.saving import StaleBase, base_of, restore, save_text
from posts.models import AutosaveStep, Draft, Publication, Revision
from tests.factories import UserFactory, make_draft


def _head(draft) -> Revision:
    head = Draft.objects.get(pk=draft.pk).head
    assert head is not None
    return head


def test_autosaves_by_one_author_coalesce_into_one_working_revision(draft, user):
    base = base_of(draft.head)
    first = save_text(draft.pk, user, "one", **base)
    second = save_text(draft.pk, user, "one two", **base_of(first.revision))
    assert first.created and not second.created
    assert second.revision.pk == first.revision.pk
    assert draft.revisions.count() == 2
    assert _head(draft).body == "one two"


def test_autosave_after_the_window_starts_a_new_revision(draft, user):
    first = save_text(draft.pk, user, "one", **base_of(draft.head))
    Revision.objects.filter(pk=first.revision.pk).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )
    later = save_text(draft.pk, user, "one two", **base_of(first.revision))
    assert later.created
    assert later.revision.number == first.revision.number + 1


def test_autosave_of_another_author_is_its_own_revision(draft, user):
    colleague = UserFactory()
    mine = save_text(draft.pk, user, "mine", **base_of(draft.head))
    theirs = save_text(draft.pk, colleague, "theirs", **base_of(mine.revision))
    assert theirs.created and not theirs.conflict
    assert theirs.revision.number == mine.revision.number + 1


def test_named_version_is_always_its_own_revision(draft, user):
    auto = save_text(draft.pk, user, "text", **base_of(draft.head))
    named = save_text(
        draft.pk, user, "text", kind="named", message="v1", **base_of(auto.revision)
    )
    assert named.created
    assert named.revision.kind == "named"
    assert named.revision.message == "v1"
    after = save_text(draft.pk, user, "text more", **base_of(named.revision))
    assert after.created, "a named version is never absorbed by later autosaves"


def test_unchanged_autosave_writes_nothing(draft, user):
    result = save_text(draft.pk, user, draft.body, **base_of(draft.head))
    assert not result.created
    assert draft.revisions.count() == 1


def test_save_from_an_old_base_is_stored_as_a_conflict(draft, user):
    colleague = UserFactory()
    stale = base_of(draft.head)
    theirs = save_text(draft.pk, colleague, "their text", kind="named", **stale)
    mine = save_text(draft.pk, user, "my text", **stale)
    assert mine.conflict
    assert mine.conflict_with is not None
    assert mine.conflict_with.pk == theirs.revision.pk
    assert mine.revision.kind == "conflict"
    assert mine.revision.base_number == stale["base_number"]
    bodies = set(draft.revisions.values_list("body", flat=True))
    assert {"their text", "my text"} <= bodies


def test_coalesced_autosave_from_another_tab_is_merged_against_the_text_it_replaced(
    draft, user
):
    first = save_text(draft.pk, user, "tab one", **base_of(draft.head))
    stale = base_of(first.revision)
    save_text(draft.pk, user, "tab one, more", **stale)
    other_tab = save_text(draft.pk, user, "tab two", **stale)
    assert other_tab.merged and other_tab.revision.kind == "merge"
    assert _head(draft).body == "tab two, more"  # both tabs' edits


def test_coalesced_autosave_and_another_tab_on_the_same_words_keep_both_texts(
    draft, user
):
    first = save_text(draft.pk, user, "tab one", **base_of(draft.head))
    stale = base_of(first.revision)
    save_text(draft.pk, user, "tab uno", **stale)
    other_tab = save_text(draft.pk, user, "tab dos", **stale)
    assert other_tab.conflict and other_tab.revision.kind == "conflict"
    assert _head(draft).body == "tab uno"  # the stale save did not replace the head
    assert other_tab.revision.body == "tab dos"


def test_a_save_of_a_working_autosave_without_its_hash_is_refused(draft, user):
    first = save_text(draft.pk, user, "tab one", **base_of(draft.head))
    with pytest.raises(StaleBase):
        save_text(draft.pk, user, "tab two", base_number=first.revision.number)
    assert _head(draft).body == "tab one"


def test_a_save_naming_an_unknown_text_is_refused(draft, user):
    with pytest.raises(StaleBase):
        save_text(draft.pk, user, "x", base_number=1, base_hash="0" * 64)
    with pytest.raises(StaleBase):
        save_text(draft.pk, user, "x", base_number=9, base_hash=draft.head.content_hash)


def test_retrying_the_same_text_is_not_a_conflict(draft, user):
    base = base_of(draft.head)
    save_text(draft.pk, user, "sent once", **base)
    retry = save_text(draft.pk, user, "sent once", **base)
    assert not retry.conflict
    assert draft.revisions.count() == 2


def test_published_autosave_is_not_coalesced(draft, user):
    first = save_text(draft.pk, user, "published text", **base_of(draft.head))
    Publication.objects.create(
        part=draft.part, revision=first.revision, published_on=timezone.now().date()
    )
    later = save_text(draft.pk, user, "edited after", **base_of(first.revision))
    assert later.created
    assert Revision.objects.get(pk=first.revision.pk).body == "published text"


def test_restore_adds_a_new_revision_with_the_old_text(part, user):
    draft = make_draft(part, "newest", revisions=3)
    old = draft.revisions.get(number=1)
    result = restore(draft, old, user)
    assert result.revision.number == 4
    assert result.revision.kind == "restore"
    assert result.revision.body == old.body
    assert draft.revisions.count() == 4


def test_restore_from_a_stale_draft_object_is_never_a_conflict(draft, user):
    stale_draft = Draft.objects.get(pk=draft.pk)
    save_text(draft.pk, user, "moved on", kind="named", **base_of(draft.head))
    result = restore(stale_draft, draft.revisions.get(number=1), user)
    assert not result.conflict
    assert result.revision.base_number == 2


def test_saving_the_same_named_version_twice_keeps_one(draft, user):
    from posts.editor.saving import save_text

    head = draft.head
    first = save_text(
        draft.pk, user, head.body + " More.", kind="named", base_number=head.number
    )
    again = save_text(
        draft.pk,
        user,
        head.body + " More.",
        kind="named",
        base_number=first.revision.number,
    )
    assert first.created and not again.created
    assert again.revision.pk == first.revision.pk
    labelled = save_text(
        draft.pk,
        user,
        head.body + " More.",
        kind="named",
        base_number=first.revision.number,
        message="Final",
    )
    assert labelled.created  # a new label for the same text is a deliberate version


def _step_texts(draft) -> set[str]:
    return set(
        AutosaveStep.objects.filter(revision__draft=draft).values_list(
            "body", flat=True
        )
    )


def test_autosave_drops_its_drafts_day_old_steps_and_keeps_the_rest(draft, user):
    other = make_draft()
    first = save_text(draft.pk, user, "one", **base_of(draft.head))
    save_text(draft.pk, user, "one two", **base_of(first.revision))  # keeps "one"
    elsewhere = save_text(other.pk, user, "x", **base_of(_head(other)))
    save_text(other.pk, user, "x y", **base_of(elsewhere.revision))  # keeps "x"
    AutosaveStep.objects.update(created_at=timezone.now() - timedelta(days=2))
    save_text(draft.pk, user, "one two three", **base_of(_head(draft)))
    assert _step_texts(draft) == {"one two"}  # "one" was a day old
    assert _step_texts(other) == {"x"}  # another draft's steps are its own


def test_the_day_old_steps_are_dropped_without_reading_the_steps_table_twice(
    draft, user
):
    # Through a join, the delete was `id IN (SELECT … FROM steps JOIN
    # revisions)`: PostgreSQL without fresh statistics ran it as a nested loop
    # over every step for every step.
    first = save_text(draft.pk, user, "one", **base_of(draft.head))
    with CaptureQueriesContext(connection) as queries:
        save_text(draft.pk, user, "one two", **base_of(first.revision))
    table = connection.ops.quote_name(AutosaveStep._meta.db_table)
    deletes = [q["sql"] for q in queries if q["sql"].startswith(f"DELETE FROM {table}")]
    assert deletes, "the autosave pruned nothing"
    for sql in deletes:
        assert sql.count(f"FROM {table}") == 1 and "JOIN" not in sql, sql
