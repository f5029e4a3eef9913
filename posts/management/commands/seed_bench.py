"""Seed the benchmark data set (`make bench` runs this on its own database).

Deterministic: the same options give the same texts (bench.textgen, seeded).
It first deletes the two bench users and everything they own, so running it
again gives the same data set; nothing else in the database is touched.

    user "bench" (password BENCH_PASSWORD)
      series "bench-long-series": PARTS parts x DRAFTS drafts of ~WORDS words;
        part 1: draft 1 has REVISIONS revisions, drafts DRAFTS-1 and DRAFTS are
        a BIG_WORDS pair (B is an edit of A); every 10th part's last draft is
        BIG_WORDS long too; draft 1 of each part is the chosen one
      series "bench-book": one part, a BOOK_WORDS pair
    user "bench-small" (same password)
      series "bench-short-series": 2 parts x 2 drafts of ~WORDS words; part 1:
        draft 1 has 3 revisions, draft 2 is an edit of it (a small pair)

The small series exists so that every page can be measured at two sizes
(query counts must not depend on size).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from bench.textgen import Prose
from posts.editor.saving import create_draft
from posts.models import Draft, Revision
from series.models import Part, Series

BENCH_USER = "bench"
SMALL_USER = "bench-small"
BENCH_PASSWORD = "bench-only-password-2718"
LONG_SERIES = "bench-long-series"
BOOK_SERIES = "bench-book"
SHORT_SERIES = "bench-short-series"


class Command(BaseCommand):
    help = "Create the deterministic benchmark data set (deletes the previous one)."

    def add_arguments(self, parser):
        parser.add_argument("--parts", type=int, default=30)
        parser.add_argument("--drafts", type=int, default=8)
        parser.add_argument("--words", type=int, default=300)
        parser.add_argument("--big-words", type=int, default=5000)
        parser.add_argument("--revisions", type=int, default=300)
        parser.add_argument("--book-words", type=int, default=50000)
        parser.add_argument("--seed", type=int, default=9)

    def handle(self, *args, **options):
        prose = Prose(options["seed"])
        with transaction.atomic():
            get_user_model().objects.filter(
                username__in=[BENCH_USER, SMALL_USER]
            ).delete()
            bench = _user(BENCH_USER)
            _long_series(bench, prose, options)
            _book(bench, prose, options["book_words"], options["big_words"])
            _short_series(_user(SMALL_USER), prose, options["words"])
        if connection.vendor == "postgresql":
            # What autovacuum does a minute after a bulk load: without row
            # counts the planner takes the deleted_at index for a draft's
            # primary-key lookup, and reads every draft (3.6 ms, not 0.08).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Seeded: {Draft.objects.filter(part__series__owner=bench).count()} drafts, "
            f"{Revision.objects.filter(draft__part__series__owner=bench).count()} revisions "
            f"for user {BENCH_USER!r}."
        )


def _user(username: str):
    user = get_user_model()(username=username)
    user.set_password(BENCH_PASSWORD)
    user.save()
    return user


def _words(prose: Prose, around: int) -> int:
    return max(around + prose.rnd.randint(-around // 6, around // 6), 5)


def _long_series(user, prose: Prose, options: dict) -> None:
    series = Series.objects.create(
        owner=user, title="Bench: a long series", slug=LONG_SERIES
    )
    n_drafts, big = options["drafts"], options["big_words"]
    for p in range(1, options["parts"] + 1):
        part = Part.objects.create(
            series=series, number=p, title=prose.paragraph(6).rstrip(".?!")
        )
        bodies = [prose.post(_words(prose, options["words"])) for _ in range(n_drafts)]
        if p % 10 == 1:
            bodies[-1] = prose.post(big)
        if p == 1 and n_drafts >= 3:
            bodies[-2] = prose.post(big)  # the big pair: the last draft edits this one
            bodies[-1] = prose.edit(bodies[-2])
        for d, body in enumerate(bodies, start=1):
            draft = create_draft(
                part, user, body, number=d, strategy=f"strategy-{d}", chosen=d == 1
            )
            if p == 1 and d == 1:
                _history(draft, user, prose, options["revisions"])


def _history(draft: Draft, user, prose: Prose, revisions: int) -> None:
    """Revisions 2..N, each a small edit of the one before (full snapshots)."""
    revision = draft.head
    assert revision is not None  # create_draft gives every draft its head
    body = revision.body
    for number in range(2, revisions + 1):
        body = prose.edit(body, rate=0.01, restructure=False)
        revision = Revision.objects.create(
            draft=draft,
            number=number,
            body=body,
            author=user,
            kind=Revision.Kind.NAMED if number % 10 == 0 else Revision.Kind.AUTOSAVE,
            base_number=number - 1,
        )
    draft.head = revision
    draft.save(update_fields=["head", "updated_at"])


def _book(user, prose: Prose, words: int, sibling_words: int) -> None:
    series = Series.objects.create(
        owner=user, title="Bench: the book", slug=BOOK_SERIES
    )
    part = Part.objects.create(series=series, number=1, title="The whole book")
    a = prose.post(words)
    create_draft(part, user, a, number=1, strategy="book", chosen=True)
    create_draft(part, user, prose.edit(a), number=2, strategy="book-edited")
    # Sibling drafts: two strategies' takes on one part, sharing no paragraph.
    siblings = Part.objects.create(series=series, number=2, title="Two takes")
    for number, strategy in ((1, "balanced"), (2, "storytelling")):
        create_draft(
            siblings, user, prose.post(sibling_words), number=number, strategy=strategy
        )


def _short_series(user, prose: Prose, words: int) -> None:
    series = Series.objects.create(
        owner=user, title="Bench: a short series", slug=SHORT_SERIES
    )
    for p in (1, 2):
        part = Part.objects.create(
            series=series, number=p, title=prose.paragraph(6).rstrip(".?!")
        )
        first = create_draft(
            part, user, prose.post(_words(prose, words)), number=1, chosen=True
        )
        if p == 1:
            _history(first, user, prose, 3)
            assert first.head is not None  # create_draft gives every draft its head
            second = prose.edit(first.head.body)
        else:
            second = prose.post(_words(prose, words))
        create_draft(part, user, second, number=2)
