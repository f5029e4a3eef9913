"""The outside mix of issue #16: what writers do, sent at a constant rate.

No Django imports: like bench/load.py, this talks to the server over HTTP.

Open loop: request i is due at start + i / rate whether or not the earlier
ones were answered, and its latency runs from when it was due, so a server
that falls behind shows it in the tail (no coordinated omission). The mix:
page reads (dashboard, series, part, editor, history, compare, review), live
previews of 2–20 KB texts that differ on every request (text being typed is
never cached), and autosaves of the part's drafts, each from the base its
draft's last answered save gave.

    steps(...)  the rates one after another, up to the first whose p99 > 500 ms
"""

from __future__ import annotations

import itertools
import json
import random
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench import load

GOAL_READ_P99_MS = 300.0
GOAL_SAVE_P99_MS = 500.0
CEILING_P99_MS = 500.0  # "the highest rate that keeps p99 ≤ 500 ms"
SENDERS = 256  # threads: enough that the client never waits for the server
TIMEOUT_S = 30.0


@dataclass
class Draft:
    """An autosave stream: the save URL and the base its last save answered."""

    path: str
    body: str
    base_number: int
    base_hash: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    saves: int = 0


@dataclass(frozen=True)
class Mix:
    reads: Sequence[tuple[str, str]]  # (key, path) of pages, GET
    preview_paths: Sequence[str]  # posts:preview of drafts
    preview_texts: Sequence[str]  # 2–20 KB, made distinct per request
    drafts: Sequence[Draft]  # autosaved in turn
    # Shares of the mix: writers mostly type (previews), save now and then, and read.
    weights: tuple[float, float, float] = (0.45, 0.35, 0.20)


@dataclass
class Outcome:
    kind: str  # "read" | "preview" | "autosave"
    key: str
    ms: float
    ok: bool
    detail: str = ""


def _preview(mix: Mix, n: int, session: load.Session) -> tuple:
    text = mix.preview_texts[n % len(mix.preview_texts)]
    body = f"{text}\n\nTyped at keystroke {n}."  # never the same text twice
    path = mix.preview_paths[n % len(mix.preview_paths)]
    form = urllib.parse.urlencode({"body": body}).encode()
    return "POST", path, form, _posting(session, {"HX-Request": "true"})


def _posting(session: load.Session, extra: dict[str, str]) -> dict[str, str]:
    return {
        "Cookie": session.cookie,
        "X-CSRFToken": session.csrf_token,
        "Content-Type": "application/x-www-form-urlencoded",
        **extra,
    }


def _autosave(port: int, draft: Draft, n: int, session: load.Session) -> Outcome:
    """One autosave; the draft's lock makes its saves one stream, as in one tab."""
    with draft.lock:
        draft.saves += 1
        form = {
            "body": f"{draft.body}\n\nSaved at {n}, save {draft.saves}.",
            "base_number": str(draft.base_number),
            "base_hash": draft.base_hash,
            "kind": "autosave",
        }
        headers = _posting(session, {"Accept": "application/json"})
        data = urllib.parse.urlencode(form).encode()
        status, _, body = load.request(port, "POST", draft.path, data, headers)
        if status == 200:
            answer = json.loads(body)
            draft.base_number = answer["base_number"]
            draft.base_hash = answer["base_hash"]
        return Outcome("autosave", "autosave", 0.0, status == 200, f"HTTP {status}")


def run(
    port: int, session: load.Session, mix: Mix, rate: float, seconds: float
) -> dict:
    """The mix at `rate` requests/s for `seconds`: latencies by kind, errors."""
    chooser = random.Random(16)
    kinds = chooser.choices(
        ("preview", "read", "autosave"),
        weights=mix.weights,
        k=max(1, int(rate * seconds)),
    )
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    reads = itertools.cycle(mix.reads)
    drafts = itertools.cycle(mix.drafts)

    def send(n: int, kind: str, due: float, work: Callable[[], Outcome]) -> None:
        try:
            outcome = work()
        except OSError as error:
            outcome = Outcome(kind, kind, 0.0, False, type(error).__name__)
        outcome.ms = (time.monotonic() - due) * 1000
        with lock:
            outcomes.append(outcome)

    def page(key: str, path: str) -> Callable[[], Outcome]:
        def work() -> Outcome:
            status, _, _ = load.request(port, "GET", path, None, _cookie(session))
            return Outcome("read", key, 0.0, status == 200, f"HTTP {status}")

        return work

    def preview(n: int) -> Callable[[], Outcome]:
        def work() -> Outcome:
            status, _, _ = load.request(port, *_preview(mix, n, session))
            return Outcome("preview", "preview", 0.0, status == 200, f"HTTP {status}")

        return work

    start = time.monotonic() + 0.2
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        for n, kind in enumerate(kinds):
            due = start + n / rate
            if kind == "read":
                work = page(*next(reads))
            elif kind == "preview":
                work = preview(n)
            else:
                draft = next(drafts)
                work = _bind_save(port, draft, n, session)
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            pool.submit(send, n, kind, due, work)
    return summary(outcomes, rate, seconds)


def _bind_save(
    port: int, draft: Draft, n: int, session: load.Session
) -> Callable[[], Outcome]:
    return lambda: _autosave(port, draft, n, session)


def _cookie(session: load.Session) -> dict[str, str]:
    return {"Cookie": session.cookie}


def _quantiles(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    if len(values) == 1:
        return {"count": 1, "p50_ms": values[0], "p99_ms": values[0]}
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"count": len(values), "p50_ms": q[49], "p99_ms": q[98]}


def summary(outcomes: list[Outcome], rate: float, seconds: float) -> dict:
    """p50/p99 of reads (pages and previews), of previews alone and of autosaves."""
    by_kind = {
        "reads": [o.ms for o in outcomes if o.kind in {"read", "preview"}],
        "pages": [o.ms for o in outcomes if o.kind == "read"],
        "previews": [o.ms for o in outcomes if o.kind == "preview"],
        "autosaves": [o.ms for o in outcomes if o.kind == "autosave"],
        "all": [o.ms for o in outcomes],
    }
    failed = [o for o in outcomes if not o.ok]
    out: dict = {
        "rate": rate,
        "seconds": seconds,
        "sent": len(outcomes),
        "errors": len(failed),
        "error_examples": sorted({f"{o.key}: {o.detail}" for o in failed})[:5],
    }
    for name, values in by_kind.items():
        out[name] = _quantiles(values)
    out["meets_goal"] = (
        not failed
        and out["reads"].get("p99_ms", 0) <= GOAL_READ_P99_MS
        and out["autosaves"].get("p99_ms", 0) <= GOAL_SAVE_P99_MS
    )
    return out


def steps(
    server: load.Server,
    session: load.Session,
    mix: Mix,
    rates: Sequence[float],
    seconds: float,
    say: Callable[[str], None],
) -> dict:
    """Each rate in turn until p99 passes CEILING_P99_MS (or requests fail).

    Also the workers' CPU time per request: on a shared machine latencies
    measure the neighbours too, CPU time measures only us; 1000 / that is
    about the rate one free core could serve.
    """
    results = []
    best = None
    for rate in rates:
        cpu = server.worker_cpu_seconds()
        result = run(server.port, session, mix, rate, seconds)
        cpu_ms = (server.worker_cpu_seconds() - cpu) * 1000 / max(result["sent"], 1)
        result["server_cpu_ms_per_request"] = round(cpu_ms, 1)
        results.append(result)
        p99 = result["all"].get("p99_ms", 0.0)
        say(
            f"  mix at {rate:g}/s: p99 reads {result['reads'].get('p99_ms', 0):.0f} ms, "
            f"autosaves {result['autosaves'].get('p99_ms', 0):.0f} ms, "
            f"{result['errors']} errors, server CPU {cpu_ms:.1f} ms/request"
        )
        if result["errors"] or p99 > CEILING_P99_MS:
            break
        best = rate
        time.sleep(1)  # let the queue drain between rates
    return {
        "rates": results,
        "highest_rate_p99_within_500ms": best,
        "goal": {
            "rate": 40,
            "seconds": 300,
            "read_p99_ms": GOAL_READ_P99_MS,
            "autosave_p99_ms": GOAL_SAVE_P99_MS,
        },
    }
