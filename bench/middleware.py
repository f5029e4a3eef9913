"""Bench-only response headers (bench.settings adds this; production never does).

X-Bench-Worker: the gunicorn worker's process id. X-Bench-Derived: "hits
misses" of the shared cache's derived data (posts.derived) and page fragments
(posts.fragments) during this request; X-Bench-Pages: the same for whole
kept pages (posts.pages). So the benchmark can show that a new worker's first
request is answered from the shared cache: a kept page, or a page drawn again
(its key holds the minute) from kept readings and fragments. A page whose
fragments are all kept reads no derived data at all.
"""

from __future__ import annotations

import os

from posts import derived, fragments, pages


def _counts(*kinds: dict[str, int]) -> tuple[int, int]:
    return (
        sum(stats["hits"] for stats in kinds),
        sum(stats["misses"] for stats in kinds),
    )


def _texts() -> tuple[int, int]:
    return _counts(derived.STATS, fragments.STATS)


class WorkerHeaders:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        texts, kept = _texts(), _counts(pages.STATS)
        response = self.get_response(request)
        now_texts, now_kept = _texts(), _counts(pages.STATS)
        response["X-Bench-Worker"] = str(os.getpid())
        response["X-Bench-Derived"] = _change(texts, now_texts)
        response["X-Bench-Pages"] = _change(kept, now_kept)
        return response


def _change(before: tuple[int, int], after: tuple[int, int]) -> str:
    return f"{after[0] - before[0]} {after[1] - before[1]}"
