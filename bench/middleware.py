"""Bench-only response headers (bench.settings adds this; production never does).

X-Bench-Worker: the gunicorn worker's process id. X-Bench-Derived: "hits misses"
of posts.derived during this request, so the benchmark can show that a new
worker's first request is answered from the shared cache.
"""

from __future__ import annotations

import os

from posts import derived


class WorkerHeaders:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        hits, misses = derived.STATS["hits"], derived.STATS["misses"]
        response = self.get_response(request)
        response["X-Bench-Worker"] = str(os.getpid())
        response["X-Bench-Derived"] = (
            f"{derived.STATS['hits'] - hits} {derived.STATS['misses'] - misses}"
        )
        return response
