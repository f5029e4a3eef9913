"""Bench-only response headers (bench.settings adds this; production never does).

X-Bench-Worker: the gunicorn worker's process id. X-Bench-Derived: "hits misses"
of the shared cache's derived data (posts.derived), page fragments
(posts.fragments) and whole pages (posts.pages) during this request, so the benchmark can show that a new
worker's first request is answered from the shared cache. (A page whose
fragments are all kept reads no derived data at all.)
"""

from __future__ import annotations

import os

from posts import derived, fragments, pages


def _counts() -> tuple[int, int]:
    kinds = (derived.STATS, fragments.STATS, pages.STATS)
    return (
        sum(stats["hits"] for stats in kinds),
        sum(stats["misses"] for stats in kinds),
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
