"""Several writers save one draft at the same moment, on PostgreSQL.

Every save must end as a revision (its own, absorbed into the author's
working autosave, or merged with the head) or as a reported conflict, and no
text may be lost.
SQLite serialises writes globally, so this only proves something on PostgreSQL:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pw_editor \
        .venv/bin/python -m pytest tests/posts/test_saving_concurrency.py
"""

import threading

import pytest
from django.db import connection

from posts.editor.saving import base_of, save_text
from posts.models import Draft
from tests.factories import UserFactory, make_draft

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
    ),
]

WRITERS = 6
SAVES_EACH = 5


def test_concurrent_saves_lose_nothing(part):
    draft = make_draft(part, "Start.")
    authors = [UserFactory() for _ in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    results, errors = [], []
    lock = threading.Lock()

    def write(author, n):
        try:
            head = Draft.objects.get(pk=draft.pk).head
            assert head is not None
            base = base_of(head)
            start.wait()
            for i in range(SAVES_EACH):
                body = f"Writer {n}, save {i}."
                kind = "named" if i % 2 else "autosave"
                result = save_text(draft.pk, author, body, kind=kind, **base)
                base = base_of(result.revision)
                with lock:
                    results.append((body, result))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=write, args=(a, n)) for n, a in enumerate(authors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert len(results) == WRITERS * SAVES_EACH
    assert any(r.conflict or r.merged for _, r in results), "no real race happened"
    numbers = sorted(
        Draft.objects.get(pk=draft.pk).revisions.values_list("number", flat=True)
    )
    assert numbers == list(range(1, len(numbers) + 1)), "numbers are gap-free"
    stored = set(
        Draft.objects.get(pk=draft.pk).revisions.values_list("body", flat=True)
    )
    # Each writer alternates autosave and named saves, so no autosave is ever
    # absorbed by a later one: every text must be a revision of its own.
    # A merged save lives in its merge revision (both sides' words), the rest verbatim.
    lost = [
        body
        for body, result in results
        if (result.revision.body if result.merged else body) not in stored
    ]
    assert not lost
    # ... or a merge that the head already held in full (nothing new to write)
    # ... or the head already held exactly this text: a word-level merge can spell
    # out a writer's next save (on "Writer 5, save 2.", one side's "Writer 3, save
    # 2." and the other's "Writer 5, save 4." merge into "Writer 3, save 4.").
    odd = [
        (body, r.revision.number, r.revision.kind)
        for body, r in results
        if not (r.created or r.merged or r.revision.body == body)
    ]
    assert not odd, odd
    for _, result in results:
        if result.conflict:
            assert result.conflict_with is not None
            assert result.conflict_with.number < result.revision.number
