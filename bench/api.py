"""The API's share of `make bench`: a token for each bench user, and importing
100 drafts through POST /api/v1/series/{slug}/import (one request, the
batch endpoint) against parsing them alone.

The HTTP side (reading a draft with the token against the Markdown+DB floor)
is one more entry of bench.run.PAGES (token=True: sent with bench.run.API_TOKENS).
"""

from __future__ import annotations

import statistics

from django.db import transaction
from django.test import Client

from bench.inprocess import interleaved, median_ratio
from bench.textgen import Prose
from posts.api.models import AccessToken, hash_token
from posts.textkit.parsing import parse_draft
from series.models import Series


def ensure_token(user, secret: str) -> None:
    """A read-write token for the user (seed_bench deleted the previous one
    with the user)."""
    AccessToken.objects.update_or_create(
        token_hash=hash_token(secret),
        defaults={
            "user": user,
            "name": "bench",
            "scope": AccessToken.Scope.WRITE,
            "prefix": secret[:10],
        },
    )


def importing(user, secret: str, rounds: int) -> dict:
    """100 generated drafts pushed through the API in one batch (rolled back) against
    parse_draft of the same files: what the API adds to parsing (auth, JSON,
    throttle, placement, the database writes)."""
    ensure_token(user, secret)
    prose = Prose(seed=100)
    files = [
        (
            prose.draft_file("Bench API Import", 1 + k // 10, 1 + k % 10, 300),
            f"bench-api-part{1 + k // 10}-balanced-{k}.md",
        )
        for k in range(100)
    ]
    client = Client(
        HTTP_HOST="127.0.0.1", headers={"Authorization": f"Bearer {secret}"}
    )

    def parse_all():
        for text, name in files:
            parse_draft(text, name)

    def push_all():
        with transaction.atomic():
            series = Series.objects.create(
                owner=user, title="Bench API import", slug="bench-api-import"
            )
            response = client.post(
                f"/api/v1/series/{series.slug}/import",
                {"files": [{"text": text, "filename": name} for text, name in files]},
                content_type="application/json",
            )
            statuses = {row["status"] for row in response.json().get("files", [])}
            if response.status_code != 201 or statuses != {"imported"}:
                raise RuntimeError(f"{response.status_code} {response.text[:500]}")
            transaction.set_rollback(True)

    times = interleaved({"api": push_all, "parse": parse_all}, rounds)
    return {
        "drafts": len(files),
        "api_ms": statistics.median(times["api"]) * 1000,
        "parse_ms": statistics.median(times["parse"]) * 1000,
        "ratio": median_ratio(times["api"], times["parse"]),
    }
