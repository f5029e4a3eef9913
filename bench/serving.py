"""`make bench` steps about serving many writers (issue #16), under gunicorn.

load    the outside mix (bench/mix.py) at rising constant rates, 2 workers:
        p50/p99 of reads and autosaves, and the highest rate whose p99 ≤ 500 ms.
warm    4 workers sharing Redis: the cache is filled through one server, then a
        new server's 4 workers answer their very first requests from it.
memory  1 worker's RSS before and after COUNT distinct 5,000-word previews.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.parse
from pathlib import Path

from bench import load, mix
from bench.textgen import Prose

REPO = Path(__file__).resolve().parents[1]
READS = ("dashboard", "series", "part", "draft", "history", "compare", "review")
WARM = ("series", "part", "draft", "review", "publish")  # pages that read derived data
PREVIEW_KB = (2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


def _texts(kbs=PREVIEW_KB) -> list[str]:
    """Prose of about each size (a word and its space: ~6.5 bytes)."""
    return [Prose(seed=1600 + kb).post(int(kb * 1000 / 6.5)) for kb in kbs]


def _mix(pages: dict, fixture) -> mix.Mix:
    from django.urls import reverse

    from posts.models import Draft

    reads = [
        (key, pages[key]["url"]["large"])
        for key in READS
        if pages.get(key, {}).get("available")
    ]
    drafts = list(
        Draft.objects.filter(part_id=fixture.part_pk)
        .select_related("head")
        .order_by("number")
    )
    streams = [
        mix.Draft(
            reverse("posts:save", args=[d.pk]),
            d.body,
            d.head.number,
            d.head.content_hash,
        )
        for d in drafts
        if d.head
    ]
    previews = [reverse("posts:preview", args=[d.pk]) for d in drafts]
    return mix.Mix(reads, previews, _texts(), streams)


def load_step(pages: dict, fixture, env: dict, rates, seconds: float, say) -> dict:
    from posts.management.commands.seed_bench import BENCH_PASSWORD, BENCH_USER

    plan = _mix(pages, fixture)
    server = load.Server(REPO, env, sys.executable)
    try:
        session = load.log_in(server.port, BENCH_USER, BENCH_PASSWORD)
        for _key, path in plan.reads:  # warm-up: what a running site has cached
            load.request(server.port, "GET", path, None, {"Cookie": session.cookie})
        out = mix.steps(server, session, plan, rates, seconds, say)
    finally:
        server.stop()
    out["workers"] = 2
    return out


def _hits_misses(
    headers: dict[str, list[str]], name: str = "x-bench-derived"
) -> tuple[int, int]:
    hits, misses = headers.get(name, ["0 0"])[0].split()
    return int(hits), int(misses)


def warm_step(pages: dict, env: dict, say) -> dict:
    """First requests of 4 new workers, with the cache filled by other workers."""
    from posts.management.commands.seed_bench import BENCH_PASSWORD, BENCH_USER

    prefix = f"bench-warm-{os.getpid()}-{int(time.time())}"
    shared = {**env, "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    paths = [pages[k]["url"]["large"] for k in WARM if pages[k]["available"]]
    out: dict = {"workers": 4, "redis": REDIS_URL, "pages": len(paths)}
    try:
        filler = load.Server(REPO, shared, sys.executable, workers=4)
        try:
            session = load.log_in(filler.port, BENCH_USER, BENCH_PASSWORD)
            for path in paths:
                load.request(filler.port, "GET", path, None, {"Cookie": session.cookie})
        finally:
            filler.stop()
        out["first_requests"] = _first_requests(shared, paths)
    except (OSError, RuntimeError) as error:
        return out | {"error": f"{type(error).__name__}: {error}"[:300]}
    finally:
        _forget(prefix)
    firsts = out["first_requests"]
    # Warm: nothing read afresh, the page itself kept or drawn again from what
    # is kept (a kept page's key holds the minute, so one filled at 10:41:58
    # is drawn again at 10:42:01: from kept readings and fragments).
    out["all_warm"] = len(firsts) == 4 and all(warm(f) for f in firsts)
    say(f"  4 workers with Redis: first request of each worker warm: {out['all_warm']}")
    return out


def warm(first: dict) -> bool:
    """A worker's first answer came from the shared cache: no derived data or
    fragment computed, and the page kept or read from kept data."""
    return first["misses"] == 0 and first["hits"] + first.get("page_hits", 0) > 0


def _first_requests(env: dict, paths: list[str]) -> list[dict]:
    """Each new worker's first answer: its cache hits and misses, and time."""
    from concurrent.futures import ThreadPoolExecutor

    from posts.management.commands.seed_bench import BENCH_PASSWORD, BENCH_USER

    server = load.Server(REPO, env, sys.executable, workers=4)
    seen: dict[str, dict] = {}
    try:
        # The login is some worker's first request: it reads no text.
        session = load.log_in(server.port, BENCH_USER, BENCH_PASSWORD)
        headers = {"Cookie": session.cookie}

        def get(path: str) -> tuple[str, dict, float]:
            start = time.perf_counter()
            _, found, _ = load.request(server.port, "GET", path, None, headers)
            return path, found, (time.perf_counter() - start) * 1000

        with ThreadPoolExecutor(max_workers=8) as pool:
            for _ in range(20):
                for path, found, ms in pool.map(get, paths * 2):
                    worker = found.get("x-bench-worker", ["?"])[0]
                    if worker not in seen:
                        hits, misses = _hits_misses(found)
                        page_hits, page_misses = _hits_misses(found, "x-bench-pages")
                        seen[worker] = {
                            "worker": worker,
                            "path": path,
                            "hits": hits,
                            "misses": misses,
                            "page_hits": page_hits,
                            "page_misses": page_misses,
                            "ms": round(ms, 1),
                        }
                if len(seen) >= 4:
                    break
    finally:
        server.stop()
    return list(seen.values())


def _forget(prefix: str) -> None:
    """Remove this run's keys from the shared Redis."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    except Exception:  # noqa: BLE001 (no Redis: nothing was written)
        pass


def _rss_kb(pid: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def memory_step(fixture, env: dict, count: int, say) -> dict:
    """One worker's RSS growth over `count` distinct 5,000-word previews."""
    from django.urls import reverse

    from posts.management.commands.seed_bench import BENCH_PASSWORD, BENCH_USER

    text = Prose(seed=1650).post(5000)
    path = reverse("posts:preview", args=[fixture.big_draft_pk])
    server = load.Server(REPO, env, sys.executable, workers=1)
    try:
        session = load.log_in(server.port, BENCH_USER, BENCH_PASSWORD)
        headers = {
            "Cookie": session.cookie,
            "X-CSRFToken": session.csrf_token,
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
        }

        def preview(n: int) -> dict[str, list[str]]:
            body = urllib.parse.urlencode({"body": f"{text}\n\nVersion {n}."})
            status, found, _ = load.request(
                server.port, "POST", path, body.encode(), headers
            )
            if status != 200:
                raise RuntimeError(f"preview answered HTTP {status}")
            return found

        worker = "?"
        for n in range(20):  # settle: imports, first allocations
            worker = preview(n)["x-bench-worker"][0]
        before = _rss_kb(worker)
        started = time.monotonic()
        for n in range(20, 20 + count):
            preview(n)
        seconds = time.monotonic() - started
        after = _rss_kb(worker)
    finally:
        server.stop()
    growth = (after - before) / 1024
    say(f"  RSS after {count} distinct 5,000-word previews: +{growth:.1f} MB")
    return {
        "previews": count,
        "rss_before_mb": round(before / 1024, 1),
        "rss_after_mb": round(after / 1024, 1),
        "growth_mb": round(growth, 1),
        "target_mb": 50,
        "ms_per_preview": round(seconds / max(count, 1) * 1000, 1),
    }
