"""`make bench`: measure what users feel, against floors measured in the same run.

    .venv/bin/python -m bench.run [--seconds 5] [--rounds 3] [--quick] [--no-http]
        [--steps queries,inprocess,http,load,warm,memory,search,live] [--load-rates 20,30,40]
        [--previews 10000] [--search-drafts 10000]

1. A fresh benchmark database (bench/db.sqlite3, or DATABASE_URL when set,
   e.g. PostgreSQL), migrated, then `seed_bench` (deterministic).
2. Query counts of every page at the small and the large size (test client).
3. In process: diff engine vs plain difflib, render_markdown vs the bare
   library, import vs parse, export vs a raw one-read download.
4. HTTP: gunicorn (2 sync workers, DEBUG off, persistent connections) on
   127.0.0.1, a login, then ROUNDS rounds of SECONDS per endpoint, the order
   rotated each round, pages and floors alike (wrk, or the Python client).
5. Serving many writers (bench/serving.py, issue #16): the outside mix at
   constant rates (each for SECONDS; the goal is 40/s for 300 s:
   `--steps load --load-rates 40 --seconds 300`), 4 workers sharing Redis
   starting warm, one worker's memory over many distinct previews.
6. Search over 10,000 drafts of their own user on the same database
   (bench/search.py: seeded in bulk, one index rebuild, CPU-time medians).
7. The live rooms under daphne (bench/live.py, issue #18): keystroke to the
   other clients of one room, p50/p99 with 2 and 8 clients, beside a bare
   WebSocket echo through the same server and channel layer, on one process
   (in-memory layer) and on two sharing Redis; the memory per open room.
8. bench/results.md and bench/results.json; the table is printed.

Every page is one entry of PAGES, found by URL name with reverse(); a page
whose URL name does not exist yet is reported as "not available".
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Each bench user's API token (bench/api.py makes them after seeding), by fixture size.
API_TOKENS = {
    "large": "pw_bench-only-token-never-used-for-real-data",
    "small": "pw_bench-small-only-token-never-used-for-real-data",
}
BENCH_DIR = REPO / "bench"
SQLITE_FILE = BENCH_DIR / "db.sqlite3"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    url_names: tuple[str, ...]  # the first that exists is used
    args: Callable  # Fixture -> reverse() args
    floor: str = "markdown"  # the floor its ratio is reported against
    target: float | None = None  # minimum req/s ratio to that floor
    method: str = "GET"
    form: Callable | None = None  # Fixture -> POST data
    headers: dict[str, str] = field(default_factory=dict)
    query: str = ""  # appended to the reversed URL
    token: bool = False  # sent with the fixture user's API token (API_TOKENS)
    typed: str = ""  # a form field that differs on every request (load.Endpoint)


PAGES: list[Page] = [
    Page("dashboard", "Dashboard", ("posts:dashboard",), lambda f: []),
    Page(
        "series",
        "Series page (30 parts)",
        ("posts:series",),
        lambda f: [f.series_slug],
        target=0.50,
    ),
    Page(
        "part",
        "Part page (8 drafts)",
        ("posts:part",),
        lambda f: [f.part_pk],
        target=0.70,
    ),
    Page(
        "board",
        "Draft board (8 drafts of ~300 words)",
        ("posts:draft_board",),
        lambda f: [f.part_pk],
    ),
    Page(
        "draft",
        "Draft page = editor (~300 words, 300 revisions)",
        ("posts:draft",),
        lambda f: [f.draft_pk],
        target=0.70,
    ),
    Page(
        "draft-5k",
        "Draft page = editor (5,000 words)",
        ("posts:draft",),
        lambda f: [f.big_draft_pk],
        target=0.70,
    ),
    Page(
        "preview",
        "Live preview (POST ~300 words)",
        ("posts:preview", "posts:draft_preview", "posts:live_preview"),
        lambda f: [f.draft_pk],
        floor="preview",
        target=0.80,
        method="POST",
        form=lambda f: {"body": f.draft_body},
        typed="body",
        headers={"HX-Request": "true"},
    ),
    Page(
        "preview-5k",
        "Live preview (POST 5,000 words)",
        ("posts:preview",),
        lambda f: [f.big_draft_pk],
        floor="preview-5k",
        method="POST",
        form=lambda f: {"body": f.big_draft_body},
        typed="body",
        headers={"HX-Request": "true"},
        target=0.80,
    ),
    Page(
        "history",
        "Revision history (300 revisions)",
        ("posts:history", "posts:revisions", "posts:draft_history"),
        lambda f: [f.draft_pk],
        target=0.70,
    ),
    Page(
        "compare",
        "Compare two 5,000-word drafts",
        ("posts:compare",),
        lambda f: list(f.pair),
    ),
    Page(
        "compare-siblings",
        "Sibling compare: two different 5,000-word drafts of a part",
        ("posts:compare",),
        lambda f: list(f.siblings),
    ),
    Page(
        "review",
        "Review page",
        ("posts:review",),
        lambda f: [f.draft_pk],
        target=0.70,
    ),
    Page(
        "publish",
        "Publish page",
        ("posts:publish",),
        lambda f: [f.series_slug],
        target=0.50,
    ),
    Page(
        "api-draft",
        "API: read a draft with a token (~300 words, 300 revisions)",
        ("api:read_draft",),
        lambda f: [f.draft_pk],
        target=0.70,
        token=True,
    ),
    Page(
        "export",
        "Export download (whole series, .md)",
        ("posts:export",),
        lambda f: [f.series_slug],
        floor="download",
        target=0.80,
        query="?format=md",
    ),
]

STEPS = ("queries", "inprocess", "http", "load", "warm", "memory", "search", "live")
FLOOR_LABELS = {
    "bare": "Floor: bare HttpResponse",
    "markdown": "Floor: ~300 words Markdown + 1 ORM read",
    "preview": "Floor: POSTed ~300 words Markdown, no DB",
    "preview-5k": "Floor: POSTed 5,000 words Markdown, no DB",
    "download": "Floor: raw one-read Markdown download",
}
TAIL_SLACK = 1.5  # "p99/p50 close to the floor's": at most 1.5x the floor's


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Postwright benchmark (issue #9).")
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 6))
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--repeat", type=int, default=7, help="N for in-process medians"
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny data set, smoke test"
    )
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument(
        "--steps", default=",".join(STEPS), help=f"some of {','.join(STEPS)}"
    )
    parser.add_argument(
        "--load-rates", default="", help="requests/s of the mix, in turn (20,30,40)"
    )
    parser.add_argument(
        "--previews", type=int, default=0, help="distinct previews for memory"
    )
    parser.add_argument(
        "--search-drafts",
        type=int,
        default=0,
        help="drafts the search step seeds (10,000; 500 with --quick; 0: that default)",
    )
    args = parser.parse_args(argv)
    steps = set(args.steps.split(","))
    if args.no_http:
        steps -= {"http", "load", "warm", "memory", "live"}
    started = time.monotonic()

    env = _environment()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # DEBUG is off: pages need the hashed-static manifest to match static/.
    call_command("collectstatic", "--noinput", verbosity=0)
    _say(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    call_command("migrate", "--noinput", verbosity=0)
    seed = (
        {"parts": 3, "drafts": 3, "revisions": 10, "big_words": 800, "book_words": 4000}
        if args.quick
        else {}
    )
    _say("Seeding (seed_bench)…")
    call_command("seed_bench", **seed)

    from bench import api, inprocess

    fixtures = {size: inprocess.load_fixture(size) for size in ("small", "large")}
    for size, fixture in fixtures.items():
        api.ensure_token(fixture.user, API_TOKENS[size])
    pages = _resolve(fixtures)
    results: dict = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "database": connection.vendor,
        "seed": seed or "full",
        "pages": {},
        "floors": {},
    }
    for page in PAGES:
        entry = pages[page.key]
        results["pages"][page.key] = {"label": page.label, **entry["info"]}

    if "queries" in steps:
        _say("Query counts at both sizes…")
        _query_counts(pages, fixtures, results)
    if "inprocess" in steps:
        _say("In process: diff, rendering, import, export…")
        _in_process(pages, fixtures, results, args)
    if "http" in steps:
        _say("HTTP rounds under gunicorn…")
        results["http"] = _http(pages, fixtures["large"], env, args)
    _serving(steps, pages, fixtures["large"], env, args, results)
    if "search" in steps:
        from bench import search

        count = args.search_drafts or (500 if args.quick else 10_000)
        _say(f"Search over {count:,} drafts (seeded in bulk)…")
        results["search"] = search.run(count, args.repeat)
    if "live" in steps:
        from bench import live

        results["live"] = live.step(fixtures["large"], env, args.quick, _say)
    results["seconds"] = round(time.monotonic() - started, 1)

    from bench import report

    table = report.markdown(results, PAGES, FLOOR_LABELS, TAIL_SLACK)
    (BENCH_DIR / "results.md").write_text(table)
    (BENCH_DIR / "results.json").write_text(
        json.dumps(results, indent=2, default=str) + "\n"
    )
    print("\n" + table)
    _say(f"Wrote bench/results.md and bench/results.json in {results['seconds']} s.")
    return 0


def _serving(steps: set, pages: dict, fixture, env: dict, args, results: dict) -> None:
    from bench import serving

    if "load" in steps:
        _say("The outside mix at constant rates (open loop, 2 workers)…")
        default = "10,20,40" if args.quick else "20,30,40,50,60"
        rates = [float(r) for r in (args.load_rates or default).split(",")]
        results["load"] = serving.load_step(
            pages, fixture, env, rates, args.seconds, _say
        )
    if "warm" in steps:
        _say("4 workers sharing Redis: warm from their first request?")
        results["warm"] = serving.warm_step(pages, env, _say)
    if "memory" in steps:
        count = args.previews or (300 if args.quick else 10_000)
        _say(f"One worker's memory over {count} distinct 5,000-word previews…")
        results["memory"] = serving.memory_step(fixture, env, count, _say)


def _query_counts(pages: dict, fixtures: dict, results: dict) -> None:
    from bench import inprocess

    for page in PAGES:
        entry = pages[page.key]
        if not entry["available"]:
            continue
        counts = {}
        for size, fixture in fixtures.items():
            client = inprocess.client_for(fixture.user)
            try:
                n, status = inprocess.count_queries(
                    client,
                    page.method,
                    entry["url"][size],
                    entry["form"][size],
                    entry["headers"][size],
                )
                counts[size] = n if status == 200 else f"HTTP {status}"
            except Exception as error:  # a page in progress may crash: report it
                counts[size] = f"error: {type(error).__name__}: {error}"[:200]
        results["pages"][page.key]["queries"] = counts


def _in_process(pages: dict, fixtures: dict, results: dict, args) -> None:
    from bench import api, inprocess

    big_body = _body(fixtures["large"].big_draft_pk)
    results["diff"] = inprocess.diff_engine(fixtures, args.repeat)
    from bench import merge_engine

    results["merge"] = merge_engine.merge_engine(fixtures, args.repeat)
    results["render"] = inprocess.rendering(fixtures["large"], big_body, args.repeat)
    results["import"] = inprocess.importing(
        fixtures["large"].user, max(3, args.repeat // 2)
    )
    results["api_import"] = api.importing(
        fixtures["large"].user, API_TOKENS["large"], max(3, args.repeat // 2)
    )
    results["export"] = inprocess.exporting(args.repeat)
    results["compare"] = _compare_in_process(pages, fixtures["large"], args.repeat)


def _environment() -> dict[str, str]:
    """bench.settings for this process and the server; a fresh SQLite file."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_FILE}"
        for leftover in BENCH_DIR.glob("db.sqlite3*"):
            leftover.unlink()
    sys.path.insert(0, str(REPO))
    import bench.settings  # noqa: F401  (fills in the rest of the environment)

    return dict(os.environ)


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def _body(draft_pk: int) -> str:
    from posts.models import Draft

    return Draft.objects.select_related("head").get(pk=draft_pk).body


def _resolve(fixtures: dict) -> dict:
    """For each page: available or not, and its URL and form at each size."""
    from django.urls import NoReverseMatch, reverse

    out = {}
    for page in PAGES:
        name = None
        for candidate in page.url_names:
            try:
                reverse(candidate, args=page.args(fixtures["large"]))
                name = candidate
                break
            except NoReverseMatch:
                continue
        if name is None:
            out[page.key] = {
                "available": False,
                "info": {"available": False, "url_name": " / ".join(page.url_names)},
            }
            continue
        out[page.key] = {
            "available": True,
            "url": {
                s: reverse(name, args=page.args(f)) + page.query
                for s, f in fixtures.items()
            },
            "form": {s: page.form(f) if page.form else {} for s, f in fixtures.items()},
            "headers": {s: _headers(page, s) for s in fixtures},
            "info": {"available": True, "url_name": name},
        }
    return out


def _headers(page: Page, size: str) -> dict[str, str]:
    if not page.token:
        return page.headers
    return {**page.headers, "Authorization": f"Bearer {API_TOKENS[size]}"}


def _compare_in_process(pages: dict, fixture, rounds: int) -> dict:
    """The compare page's server time against diff_texts alone (5k and 50k)."""
    from bench import inprocess
    from posts.textkit.diff import diff_texts

    if not pages["compare"]["available"]:
        return {"available": False}
    from django.urls import reverse

    client = inprocess.client_for(fixture.user)
    out: dict = {"available": True}
    url_name = pages["compare"]["info"]["url_name"]
    cases = {
        size: (reverse(url_name, args=pair), *inprocess.pair_texts(pair))
        for size, pair in (("5k", fixture.pair), ("50k", inprocess.book_pair()))
    }
    for size, (url, a, b) in cases.items():
        n = rounds if size == "5k" else 3
        html = client.get(url).content.decode()
        times = inprocess.interleaved(
            {
                "page": partial(client.get, url),
                "engine": partial(diff_texts, a, b),
            },
            n,
        )
        out[size] = {
            "page_ms": statistics.median(times["page"]) * 1000,
            "engine_ms": statistics.median(times["engine"]) * 1000,
            "ratio": inprocess.median_ratio(times["page"], times["engine"]),
            "mid_word_cuts_html": inprocess.mid_word_cuts_in_html(html),
        }
    out["growth_50k_over_5k"] = out["50k"]["page_ms"] / out["5k"]["page_ms"]
    return out


def _http(pages: dict, fixture, env: dict, args) -> dict:
    from django.urls import reverse

    from bench import load
    from posts.management.commands.seed_bench import BENCH_PASSWORD, BENCH_USER

    endpoints = [
        load.Endpoint("floor:bare", reverse("bench_floor_bare")),
        load.Endpoint(
            "floor:markdown",
            reverse("bench_floor_markdown", args=[fixture.draft_head_pk]),
        ),
        load.Endpoint(
            "floor:preview",
            reverse("bench_floor_preview"),
            method="POST",
            form={"body": fixture.draft_body},
            headers={"HX-Request": "true"},
            typed="body",
        ),
        load.Endpoint(
            "floor:preview-5k",
            reverse("bench_floor_preview"),
            method="POST",
            form={"body": fixture.big_draft_body},
            headers={"HX-Request": "true"},
            typed="body",
        ),
        load.Endpoint(
            "floor:download",
            reverse("bench_floor_download", args=[fixture.series_slug]),
        ),
    ]
    for page in PAGES:
        entry = pages[page.key]
        if entry["available"]:
            endpoints.append(
                load.Endpoint(
                    page.key,
                    entry["url"]["large"],
                    method=page.method,
                    form=entry["form"]["large"],
                    headers=entry["headers"]["large"],
                    typed=page.typed,
                )
            )
    use_wrk = load.have_wrk() and not args.python_client
    out: dict = {
        "tool": "wrk" if use_wrk else "python-client",
        "connections": load.CONNECTIONS,
        "rounds": args.rounds,
        "seconds": args.seconds,
        "endpoints": {},
    }
    server = load.Server(REPO, env, sys.executable)
    try:
        session = load.log_in(server.port, BENCH_USER, BENCH_PASSWORD)
        live = []
        for endpoint in endpoints:
            problem = load.check(server.port, endpoint, session)
            out["endpoints"][endpoint.key] = {"path": endpoint.path, "samples": []}
            if problem:
                out["endpoints"][endpoint.key]["error"] = problem
                _say(f"  {endpoint.key}: {problem}, skipped")
                continue
            live.append(endpoint)
            load.run_load(server.port, endpoint, session, 1, use_wrk)  # warm-up
        for r in range(args.rounds):
            shift = r * len(live) // max(args.rounds, 1)
            for endpoint in live[shift:] + live[:shift]:
                sample = load.run_load(
                    server.port, endpoint, session, args.seconds, use_wrk
                )
                out["endpoints"][endpoint.key]["samples"].append(
                    sample.__dict__ | {"round": r}
                )
            _say(f"  round {r + 1}/{args.rounds} done")
    finally:
        server.stop()
    return out


if __name__ == "__main__":
    sys.exit(main())
