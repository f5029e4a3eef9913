"""Bench-only response headers (bench.settings adds this; production never does).

X-Bench-Worker: the gunicorn worker's process id. X-Bench-Derived: "hits misses"
of the shared cache's derived data (posts.derived) and page fragments
(posts.fragments) during this request, so the benchmark can show that a new
worker's first request is answered from the shared cache. (A page whose
fragments are all kept reads no derived data at all.)
"""

from __future__ import annotations

import os

from posts import derived, fragments


def _counts() -> tuple[int, int]:
    return (
        derived.STATS["hits"] + fragments.STATS["hits"],
        derived.STATS["misses"] + fragments.STATS["misses"],
    )


class WorkerHeaders:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        hits, misses = _counts()
        response = self.get_response(request)
        now_hits, now_misses = _counts()
        response["X-Bench-Worker"] = str(os.getpid())
        response["X-Bench-Derived"] = f"{now_hits - hits} {now_misses - misses}"
        return response
