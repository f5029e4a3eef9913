"""Search over 10,000 drafts: `python -m bench.search [--drafts N]` on its own,
or the last step of `make bench` (`--steps search` for it alone, `--search-drafts N`).

Seeds user `bench-search` with one series of drafts written by bench.textgen,
in bulk (bulk_create, then one rebuild of the search index), then times
search() for a handful of queries: CPU time (time.process_time), median of
`repeat` interleaved rounds, because wall time on a shared machine measures
the neighbours. With DATABASE_URL set it runs on PostgreSQL, and replaces
only that user's data.
"""

from __future__ import annotations

import argparse
import statistics
import time

USERNAME = "bench-search"
QUERIES = ["network", "learning rate", "gradient desc", "layer", "zzzz nothing"]


def seed(drafts: int, parts: int = 50):
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from bench.textgen import Prose
    from posts.models import Draft, Revision, hash_text
    from posts.search.indexing import rebuild
    from posts.textkit.metrics import word_count
    from series.models import Part, Series

    User = get_user_model()
    User.objects.filter(username=USERNAME).delete()
    user = User.objects.create_user(USERNAME, password="bench-search")
    prose = Prose(seed=21)
    with transaction.atomic():
        series = Series.objects.create(owner=user, title="Bench: search")
        part_rows = Part.objects.bulk_create(
            Part(series=series, number=p, title=prose.paragraph(6))
            for p in range(1, parts + 1)
        )
        per_part = max(1, drafts // parts)
        draft_rows = Draft.objects.bulk_create(
            Draft(part=part, number=d, title=prose.paragraph(5), created_by=user)
            for part in part_rows
            for d in range(1, per_part + 1)
        )
        # A few hundred distinct texts, each drafted many times: what is
        # measured is the index, not the text generator.
        texts = [prose.post(300) for _ in range(min(400, len(draft_rows)))]
        bodies = [texts[i % len(texts)] for i in range(len(draft_rows))]
        counted = {text: (word_count(text), hash_text(text)) for text in texts}
        revisions = Revision.objects.bulk_create(
            (
                Revision(
                    draft=draft,
                    number=1,
                    body=body,
                    author=user,
                    kind=Revision.Kind.CREATE,
                    word_count=counted[body][0],
                    content_hash=counted[body][1],
                )
                for draft, body in zip(draft_rows, bodies, strict=True)
            ),
            batch_size=500,
        )
        for draft, revision in zip(draft_rows, revisions, strict=True):
            draft.head = revision
        Draft.objects.bulk_update(draft_rows, ["head"], batch_size=500)
    rebuild()
    # Fresh statistics, as autovacuum would gather after a load this size: with
    # the empty tables' estimates PostgreSQL planned the status filter as a loop
    # over every draft for each match (11 s instead of 0.25 s).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return user


def measure(user, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from posts.search.searching import Filters, search

    cases = [(q, Filters()) for q in QUERIES] + [("network", Filters(status="draft"))]
    times: dict[str, list[float]] = {f"{q} {f.status}".strip(): [] for q, f in cases}
    walls: dict[str, list[float]] = {key: [] for key in times}
    hits: dict[str, int] = {}
    queries: dict[str, int] = {}
    for _ in range(repeat):  # interleaved: each round runs every case once
        for q, filters in cases:
            key = f"{q} {filters.status}".strip()
            with CaptureQueriesContext(connection) as captured:
                start, wall = time.process_time(), time.perf_counter()
                results = search(user, q, filters)
                times[key].append(time.process_time() - start)
                walls[key].append(time.perf_counter() - wall)
            hits[key], queries[key] = len(results.shown), len(captured.captured_queries)
    return {
        key: {
            "cpu_ms_median": round(statistics.median(values) * 1000, 1),
            "wall_ms_median": round(statistics.median(walls[key]) * 1000, 1),
            "hits": hits[key],
            "queries": queries[key],
        }
        for key, values in times.items()
    }


def run(drafts: int, repeat: int) -> dict:
    from django.db import connection

    from posts.models import Draft

    started = time.monotonic()
    user = seed(drafts)
    seeded = round(time.monotonic() - started, 1)
    count = Draft.objects.filter(created_by=user).count()
    return {
        "database": connection.vendor,
        "drafts": count,
        "seed_seconds": seeded,
        "repeat": repeat,
        "cases": measure(user, repeat),
    }


def markdown(result: dict) -> str:
    lines = [
        f"Search over {result['drafts']:,} drafts ({result['database']}; seeded in "
        f"{result['seed_seconds']} s; median of {result['repeat']} interleaved rounds):",
        "",
        "CPU ms is this process's time, which holds SQLite's work but not a "
        "PostgreSQL server's; wall ms holds both, and the neighbours' load too.",
        "",
        "| query | CPU ms | wall ms | hits shown | queries |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, case in result["cases"].items():
        lines.append(
            f"| `{key}` | {case['cpu_ms_median']} | {case.get('wall_ms_median', '–')} "
            f"| {case['hits']} | {case['queries']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    print(markdown(run(args.drafts, args.repeat)))
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    raise SystemExit(main())
