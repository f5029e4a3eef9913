"""posts.derived: a stored text's derived data, once, in Django's cache (issue #16)."""

import pytest

from posts import derived
from posts.checks.checking import report, series_context
from posts.models import Draft
from series.models import VoiceElement
from tests.factories import make_draft

pytestmark = pytest.mark.django_db


def _stats() -> tuple[int, int]:
    return derived.STATS["hits"], derived.STATS["misses"]


@pytest.fixture
def draft() -> Draft:
    return make_draft(body="# Notes\n\nIn a nutshell, pipelines fail. #data")


def test_a_stored_text_is_computed_once_and_then_read(draft, monkeypatch):
    calls = []
    first = derived.html(draft.head.content_hash, draft.body)
    monkeypatch.setattr(derived, "render_markdown", lambda text: calls.append(text))
    assert derived.html(draft.head.content_hash, draft.body) == first
    assert calls == []
    assert "<p>In a nutshell" in first


def test_text_being_typed_is_never_kept(draft):
    context = series_context(draft.part.series)
    hits, misses = _stats()
    typed = draft.body + " and more"
    derived.html(None, typed)
    derived.measured(None, typed, "linkedin")
    report(draft, context, typed)
    assert _stats() == (hits, misses)  # the cache was not even asked
    report(draft, context)
    hits, misses = _stats()
    report(draft, context)
    assert _stats() == (hits + 1, misses)  # the stored head's checks, kept


def test_changing_the_voice_profile_changes_the_checks_of_an_unchanged_text(draft):
    series = draft.part.series
    before = report(draft, series_context(series))
    assert not before.hits
    VoiceElement.objects.create(
        series=series, label="Nutshell", phrases="In a nutshell"
    )
    after = report(draft, series_context(series))
    assert [h.present for h in after.hits] == [True]


def test_checks_of_another_part_number_are_not_shared(draft):
    context = series_context(draft.part.series)
    report(draft, context)
    hits, misses = _stats()
    draft.part.number = 2
    report(draft, context)
    # Checked afresh (a miss), from the text's kept reading and metrics (hits).
    assert _stats() == (hits + 2, misses + 1)


def test_a_stored_texts_reading_is_kept_for_every_later_reader(draft, monkeypatch):
    from posts.textkit import document

    kept = derived.reading(draft.head.content_hash, draft.body)
    document.forget_reading()  # as a new worker starts

    def unread(text):
        raise AssertionError(f"read again: {text[:30]!r}")

    monkeypatch.setattr(document, "_read", unread)
    # Any reader of the text, even one that does not know it is stored.
    assert document.parse_document(draft.body) == kept
    assert derived.measured(None, draft.body, "linkedin").words == kept.word_count


def test_a_typed_texts_reading_is_never_kept(draft):
    from posts.textkit import document

    typed = draft.body + " and more \ud800"
    derived.reading(None, typed)
    report(draft, series_context(draft.part.series), typed)
    document.forget_reading()
    assert derived.kept_reading(typed) is None
    assert derived.kept_reading(draft.body + " and more") is None


def test_a_saved_text_is_read_once_for_every_worker(
    draft, django_capture_on_commit_callbacks
):
    """The search index reads the new head's plain text once it commits, through
    derived, which keeps the reading: other workers' pages of it parse nothing."""
    from posts.editor.saving import save_text
    from posts.textkit import document

    body = draft.body + "\n\nOne more line."
    with django_capture_on_commit_callbacks(execute=True):
        result = save_text(
            draft.pk,
            draft.head.author,
            body,
            base_number=draft.head.number,
            base_hash=draft.head.content_hash,
        )
    document.forget_reading()  # another worker
    assert result.revision.body == body
    assert derived.kept_reading(body) == document.parse_document(body, look=False)
