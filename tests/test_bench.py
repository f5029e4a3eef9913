"""`make bench` pieces that must stay right: seed data, floor URLs, settings."""

import io
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse

from bench.textgen import Prose, pair
from posts.management.commands.seed_bench import (
    BENCH_PASSWORD,
    BOOK_SERIES,
    LONG_SERIES,
    SHORT_SERIES,
)
from posts.models import Draft, Revision
from series.models import Series

REPO = Path(__file__).resolve().parents[1]
TINY = {
    "parts": 2,
    "drafts": 3,
    "words": 60,
    "big_words": 200,
    "revisions": 4,
    "book_words": 400,
}
FLOORS = [
    ("bench_floor_bare", []),
    ("bench_floor_markdown", [1]),
    ("bench_floor_preview", []),
    ("bench_floor_download", ["some-series"]),
]


def _snapshot() -> list[tuple]:
    return list(
        Revision.objects.order_by(
            "draft__part__series__slug",
            "draft__part__number",
            "draft__number",
            "number",
        ).values_list(
            "draft__part__series__slug",
            "draft__part__number",
            "draft__number",
            "number",
            "content_hash",
        )
    )


def test_textgen_is_deterministic_and_edits_text():
    assert Prose(seed=3).post(300) == Prose(seed=3).post(300)
    assert Prose(seed=3).post(300) != Prose(seed=4).post(300)
    a, b = pair(1000, seed=5)
    assert (a, b) == pair(1000, seed=5)
    assert a != b
    assert 900 < len(a.split()) < 1300


@pytest.mark.django_db
def test_seed_bench_is_deterministic_with_the_expected_shape():
    call_command("seed_bench", **TINY, stdout=io.StringIO())
    first = _snapshot()
    call_command("seed_bench", **TINY, stdout=io.StringIO())
    assert _snapshot() == first

    long = Series.objects.get(slug=LONG_SERIES)
    assert long.parts.count() == 2
    assert Draft.objects.filter(part__series=long).count() == 6
    history = Draft.objects.get(part__series=long, part__number=1, number=1)
    assert history.revisions.count() == 4
    assert history.head is not None
    assert history.head.number == 4
    book = Draft.objects.filter(part__series__slug=BOOK_SERIES, part__number=1)
    heads = [d.head for d in book]
    assert len(heads) == 2 and all(h is not None and h.word_count > 300 for h in heads)
    siblings = Draft.objects.filter(part__series__slug=BOOK_SERIES, part__number=2)
    assert sorted(d.strategy for d in siblings) == ["balanced", "storytelling"]
    assert Draft.objects.filter(part__series__slug=SHORT_SERIES).count() == 4
    assert get_user_model().objects.get(username="bench").check_password(BENCH_PASSWORD)


@pytest.mark.parametrize(("name", "args"), FLOORS)
def test_floor_urls_exist_only_in_the_bench_urlconf(name, args):
    assert reverse(name, args=args, urlconf="bench.urls").startswith("/__bench__/")
    with pytest.raises(NoReverseMatch):
        reverse(name, args=args, urlconf="config.urls")


def test_production_urls_have_no_bench_paths():
    from config.urls import urlpatterns

    assert not any("__bench__" in str(p.pattern) for p in urlpatterns)


def test_bench_settings_pass_check():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=bench.settings"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_bench_api_import_pushes_every_file_and_keeps_nothing():
    from bench import api

    call_command("seed_bench", **TINY, stdout=io.StringIO())
    user = get_user_model().objects.get(username="bench")
    result = api.importing(user, "pw_test-token", 1)
    assert result["drafts"] == 100 and result["ratio"] > 0
    assert not Series.objects.filter(slug="bench-api-import").exists()


class _Writers(BaseHTTPRequestHandler):
    """Stands in for the site: pages, previews, and saves that answer a new base."""

    saves = 0

    def do_GET(self) -> None:
        self._answer(b"<html>page</html>", "text/html")

    def do_POST(self) -> None:
        form = urllib.parse.parse_qs(
            self.rfile.read(int(self.headers["Content-Length"])).decode()
        )
        if self.path.endswith("/save/"):
            type(self).saves += 1
            number = int(form["base_number"][0]) + 1
            answer = {"base_number": number, "base_hash": f"{number:064x}"}
            self._answer(json.dumps(answer).encode(), "application/json")
        else:
            self._answer(b"<div>preview</div>", "text/html")

    def _answer(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_the_mix_sends_at_a_constant_rate_and_follows_each_drafts_base():
    from bench import load, mix

    server = ThreadingHTTPServer(
        ("127.0.0.1", int(os.environ.get("BENCH_TEST_PORT", 0))), _Writers
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        stream = mix.Draft("/drafts/1/save/", "Text.", 1, "0" * 64)
        plan = mix.Mix(
            [("part", "/parts/1/")], ["/drafts/1/preview/"], ["Hi."], [stream]
        )
        session = load.Session("sessionid=x", "token")
        started = time.monotonic()
        result = mix.run(server.server_address[1], session, plan, rate=40, seconds=1)
        elapsed = time.monotonic() - started
    finally:
        server.shutdown()
    assert result["sent"] == 40 and result["errors"] == 0
    assert 0.9 < elapsed < 5  # open loop: paced by the clock, not by the answers
    assert result["autosaves"]["count"] == _Writers.saves == stream.saves
    assert stream.base_number == 1 + stream.saves  # each save from the last answer
    assert result["reads"]["count"] + result["autosaves"]["count"] == 40
    assert result["meets_goal"]


def test_the_mix_summary_counts_failures_against_the_goal():
    from bench import mix

    outcomes = [mix.Outcome("read", "part", 20.0, True) for _ in range(99)]
    outcomes.append(mix.Outcome("autosave", "autosave", 900.0, False, "HTTP 500"))
    result = mix.summary(outcomes, 40, 2.5)
    assert result["errors"] == 1 and result["error_examples"] == ["autosave: HTTP 500"]
    assert result["reads"]["p99_ms"] == 20.0
    assert not result["meets_goal"]


def test_the_search_step_seeds_in_bulk_and_times_each_query_at_fixed_cost(db):
    from bench import report, search

    result = search.run(100, 1)
    assert result["drafts"] == 100
    assert set(result["cases"]) == {f"{q}" for q in search.QUERIES} | {"network draft"}
    assert all(case["queries"] <= 2 for case in result["cases"].values())
    assert result["cases"]["network"]["hits"] > 0
    assert result["cases"]["zzzz nothing"]["hits"] == 0
    table = report.markdown(
        {"when": "now", "machine": "m", "database": "d", "search": result}, [], {}, 1.5
    )
    assert "## Search" in table and "Search over 100 drafts" in table


def test_the_worker_header_counts_kept_fragments_as_cache_hits(rf):
    """A page whose fragments are all kept reads no derived data: the warm
    step must still see its first request answered from the shared cache."""
    from bench.middleware import WorkerHeaders
    from posts import fragments

    def page(request):
        key = fragments.fragment_key("bench-header-test", ("one",))
        fragments.cached(key, lambda marks: "<p>kept</p>", lambda name: "x")
        return HttpResponse("ok")

    middleware = WorkerHeaders(page)
    assert middleware(rf.get("/"))["X-Bench-Derived"] == "0 1"
    assert middleware(rf.get("/"))["X-Bench-Derived"] == "1 0"


def test_a_typed_field_differs_on_every_request_of_both_load_tools():
    """A preview's floor must render what it is sent: with one text posted
    again and again, the last reading kept in the process answered the floor
    and made every preview look four times slower than it is."""
    from bench import load

    endpoint = load.Endpoint(
        "preview", "/p/", "POST", form={"body": "Hi there", "x": "1"}, typed="body"
    )
    bodies = [urllib.parse.parse_qs(endpoint.body(n) or b"") for n in (1, 2)]
    assert [b[b"body"] for b in bodies] == [
        [b"Hi there\n\nKeystroke 1."],
        [b"Hi there\n\nKeystroke 2."],
    ]
    assert bodies[0][b"x"] == [b"1"]
    # wrk appends its counter to the end of the body: the typed field is last.
    assert endpoint.encoded_form().endswith("body=Hi+there")
    assert load.Endpoint("page", "/p/").body(3) is None
    same = load.Endpoint("save", "/s/", "POST", form={"body": "Hi"})
    assert same.body(1) == same.body(2) == b"body=Hi"


def test_a_kept_page_drawn_again_from_kept_data_is_a_warm_first_request(rf):
    """A kept page's key holds the minute: filled at 10:41:58, it is drawn
    again at 10:42:01 from the kept readings and fragments. That worker
    computed nothing afresh; a worker that read a text afresh is cold."""
    from bench.middleware import WorkerHeaders
    from bench.serving import warm
    from posts import pages

    def drawn(request):
        pages.STATS["misses"] += 1  # the page's own key: this minute's
        return HttpResponse("ok")

    headers = WorkerHeaders(drawn)(rf.get("/"))
    assert headers["X-Bench-Pages"] == "0 1" and headers["X-Bench-Derived"] == "0 0"
    assert warm({"hits": 2, "misses": 0, "page_hits": 0, "page_misses": 1})
    assert warm({"hits": 0, "misses": 0, "page_hits": 1, "page_misses": 0})
    assert not warm({"hits": 2, "misses": 1, "page_hits": 0, "page_misses": 1})
    assert not warm({"hits": 0, "misses": 0, "page_hits": 0, "page_misses": 1})
