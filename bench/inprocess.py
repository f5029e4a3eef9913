"""In-process measurements: query counts, diff, rendering, import, export.

Needs Django set up (bench.run does it). Every timing is the median of N
rounds with the contenders interleaved (A, B, then B, A, ...), so a noisy
neighbour on the shared machine hits both; ratios are medians of the per-round
ratios.
"""

from __future__ import annotations

import logging
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import partial

import markdown
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import floors
from bench.textgen import Prose
from posts import derived
from posts.importing.importing import Importer, Status
from posts.management.commands.seed_bench import (
    BENCH_USER,
    BOOK_SERIES,
    LONG_SERIES,
    SHORT_SERIES,
    SMALL_USER,
)
from posts.models import Draft, Revision
from posts.publishing import exports
from posts.rendering import clear_render_cache, render_markdown
from posts.textkit import document
from posts.textkit.diff import diff_texts, paragraphs, tokens
from posts.textkit.parsing import parse_draft
from series.models import Series

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Fixture:
    """The objects a page is measured on, at one size."""

    size: str
    user: object
    series_slug: str
    part_pk: int
    draft_pk: int  # ~300 words; the large one has the 300 revisions
    draft_head_pk: int
    draft_body: str
    big_draft_pk: int  # 5,000 words at the large size
    big_draft_body: str
    pair: tuple[int, int, int, int]  # draft_a, rev_a, draft_b, rev_b (5k at large)
    siblings: tuple[
        int, int, int, int
    ]  # two different drafts of one part (5k each at large)


def load_fixture(size: str) -> Fixture:
    username, slug = (
        (BENCH_USER, LONG_SERIES) if size == "large" else (SMALL_USER, SHORT_SERIES)
    )
    series = Series.objects.get(slug=slug)
    part = series.parts.get(number=1)
    drafts = list(part.drafts.select_related("head").order_by("number"))
    first, last = drafts[0], drafts[-1]
    a, b = (drafts[-2], last) if len(drafts) >= 3 else (first, drafts[1])
    # seed_bench writes every draft with its text, so each one has a head.
    assert first.head and a.head and b.head
    return Fixture(
        size=size,
        user=get_user_model().objects.get(username=username),
        series_slug=slug,
        part_pk=part.pk,
        draft_pk=first.pk,
        draft_head_pk=first.head.pk,
        draft_body=first.body,
        big_draft_pk=last.pk,
        big_draft_body=last.body,
        pair=(a.pk, a.head.number, b.pk, b.head.number),
        siblings=_siblings(size, first),
    )


def _siblings(size: str, first: Draft) -> tuple[int, int, int, int]:
    """The large size's two unrelated 5,000-word drafts; the small size's first two."""
    if size == "large":
        part = Series.objects.get(slug=BOOK_SERIES).parts.get(number=2)
    else:
        part = first.part
    x, y = part.drafts.select_related("head").order_by("number")[:2]
    assert x.head and y.head  # seed_bench writes every draft with its text
    return (x.pk, x.head.number, y.pk, y.head.number)


def client_for(user) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def count_queries(client: Client, method: str, url: str, data: dict, headers: dict):
    """(queries, status) of the second request (the first warms caches)."""
    send = client.post if method == "POST" else client.get
    errors = logging.getLogger("django.request")
    errors.disabled = True  # a crash is reported in the table, not as a traceback
    try:
        send(url, data, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            response = send(url, data, headers=headers)
    finally:
        errors.disabled = False
    return len(captured), response.status_code


# --- timing helpers --------------------------------------------------------


def interleaved(
    contenders: dict[str, Callable[[], object]], rounds: int, inner: int = 1
) -> dict[str, list[float]]:
    """Seconds per call of each contender, one value per round."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            call = contenders[name]
            start = time.perf_counter()
            for _ in range(inner):
                call()
            times[name].append((time.perf_counter() - start) / inner)
    return times


def median_ratio(top: list[float], bottom: list[float]) -> float:
    return statistics.median(t / b for t, b in zip(top, bottom, strict=True))


def plain_difflib(a: str, b: str) -> int:
    """The plain library call diff_texts is built on: SequenceMatcher over the
    paragraphs, then over the word tokens of each replaced pair (by position).
    Same as bench/diff_engines.py's "difflib-paras"."""
    pa, pb = paragraphs(a), paragraphs(b)
    changed = 0
    matcher = SequenceMatcher(None, pa, pb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        left, right = pa[i1:i2], pb[j1:j2]
        for k in range(max(len(left), len(right))):
            x = [t.rstrip() for t in tokens(left[k])] if k < len(left) else []
            y = [t.rstrip() for t in tokens(right[k])] if k < len(right) else []
            changed += len(SequenceMatcher(None, x, y, autojunk=False).get_opcodes())
    return changed


def mid_word_cuts(diff) -> int:
    """Highlights that start or end inside a word (letters on both sides)."""
    cuts = 0
    for row in diff.rows:
        for spans in (row.left_spans, row.right_spans):
            text = "".join(span.text for span in spans)
            pos = 0
            for span in spans:
                end = pos + len(span.text)
                if span.kind != "equal" and span.text:
                    cuts += (
                        pos > 0 and text[pos - 1].isalnum() and span.text[0].isalnum()
                    )
                    cuts += (
                        end < len(text)
                        and text[end].isalnum()
                        and span.text[-1].isalnum()
                    )
                pos = end
    return cuts


_HIGHLIGHT = re.compile(
    r"(.)<(\w+)\b[^>]*\bclass=\"[^\"]*\bdiff-(?:add|del)\b[^\"]*\"[^>]*>(.*?)</\2>(.)",
    re.S,
)


def mid_word_cuts_in_html(html: str) -> int:
    """The same check on a rendered compare page (diff-add / diff-del elements)."""
    cuts = 0
    for before, _, inside, after in _HIGHLIGHT.findall(html):
        if inside:
            cuts += before.isalnum() and inside[0].isalnum()
            cuts += after.isalnum() and inside[-1].isalnum()
    return cuts


# --- the measurements ------------------------------------------------------


def diff_engine(fixtures: dict[str, Fixture], rounds: int) -> dict:
    """diff_texts against the plain difflib call on the seed-size, 5k, 50k pairs."""
    texts = {
        "300": pair_texts(fixtures["small"].pair),
        "5k": pair_texts(fixtures["large"].pair),
        "50k": pair_texts(book_pair()),
    }
    out: dict = {}
    for size, (a, b) in texts.items():
        n = rounds if size != "50k" else max(3, rounds // 2)
        inner = 20 if size == "300" else 1
        times = interleaved(
            {
                "ours": partial(diff_texts, a, b),
                "difflib": partial(plain_difflib, a, b),
            },
            n,
            inner,
        )
        diff = diff_texts(a, b)
        out[size] = {
            "words": len(a.split()),
            "ours_ms": statistics.median(times["ours"]) * 1000,
            "difflib_ms": statistics.median(times["difflib"]) * 1000,
            "ratio": median_ratio(times["ours"], times["difflib"]),
            "mid_word_cuts": mid_word_cuts(diff),
            "changes": diff.changes,
        }
    out["growth_50k_over_5k"] = out["50k"]["ours_ms"] / out["5k"]["ours_ms"]
    out["difflib_growth_50k_over_5k"] = (
        out["50k"]["difflib_ms"] / out["5k"]["difflib_ms"]
    )
    return out


def pair_texts(pair: tuple[int, int, int, int]) -> tuple[str, str]:
    draft_a, rev_a, draft_b, rev_b = pair
    revisions = Revision.objects.filter(
        Q(draft_id=draft_a, number=rev_a) | Q(draft_id=draft_b, number=rev_b)
    )
    bodies = {r.draft_id: r.body for r in revisions}
    return bodies[draft_a], bodies[draft_b]


def book_pair() -> tuple[int, int, int, int]:
    """The 50,000-word pair: the book series' drafts 1 and 2."""
    a, b = (
        Draft.objects.filter(part__series__slug=BOOK_SERIES)
        .select_related("head")
        .order_by("number")[:2]
    )
    assert a.head and b.head  # seed_bench writes every draft with its text
    return a.pk, a.head.number, b.pk, b.head.number


def rendering(fixture: Fixture, big_body: str, rounds: int) -> dict:
    """render_markdown (cache cleared, and cached) against the bare library."""
    extensions = ["nl2br", "sane_lists", "fenced_code", "tables"]
    bare = markdown.Markdown(extensions=extensions)
    out = {}
    for label, text in (("300", fixture.draft_body), ("5k", big_body)):
        inner = 20 if label == "300" else 3

        def uncached(text: str = text) -> str:
            clear_render_cache()
            return render_markdown(text)

        def bare_reused(text: str = text) -> str:
            return bare.reset().convert(text)

        render_markdown(text)
        # A first read: nothing kept in this process, nor in the cache
        # (parse_document would find a stored text's reading there).
        document.keep_readings_in(None)
        try:
            times = interleaved(
                {
                    "ours": uncached,
                    "ours_cached": partial(render_markdown, text),
                    "bare": bare_reused,
                    "bare_new_instance": partial(
                        markdown.markdown, text, extensions=extensions
                    ),
                },
                rounds,
                inner,
            )
        finally:
            document.keep_readings_in(derived.kept_reading)
        out[label] = {
            name: statistics.median(values) * 1000 for name, values in times.items()
        } | {
            "ratio": median_ratio(times["ours"], times["bare"]),
            "cached_ratio": median_ratio(times["ours_cached"], times["bare"]),
        }
    clear_render_cache()
    return out


def importing(user, rounds: int) -> dict:
    """Importing 100 generated drafts (rolled back) against parsing them alone."""
    prose = Prose(seed=100)
    files = [
        (
            prose.draft_file("Bench Import", 1 + k // 10, 1 + k % 10, 300),
            f"bench-import-part{1 + k // 10}-balanced-{k}.md",
        )
        for k in range(100)
    ]

    def parse_all():
        for data, name in files:
            parse_draft(data, name)

    def import_all():
        with transaction.atomic():
            series = Series.objects.create(
                owner=user, title="Bench import", slug="bench-import"
            )
            for outcome in Importer(user, series).import_files(files):
                if outcome.status != Status.IMPORTED:
                    raise RuntimeError(
                        f"{outcome.file}: {outcome.status} {outcome.error}"
                    )
            transaction.set_rollback(True)

    times = interleaved({"import": import_all, "parse": parse_all}, rounds)
    return {
        "drafts": len(files),
        "import_ms": statistics.median(times["import"]) * 1000,
        "parse_ms": statistics.median(times["parse"]) * 1000,
        "ratio": median_ratio(times["import"], times["parse"]),
    }


def exporting(rounds: int) -> dict:
    series = Series.objects.get(slug=LONG_SERIES)
    times = interleaved(
        {
            "export": lambda: exports.export_series_md(series),
            "raw": lambda: floors.download_text(LONG_SERIES),
        },
        rounds,
    )
    return {
        "function": "posts.publishing.exports.export_series_md",
        "export_ms": statistics.median(times["export"]) * 1000,
        "raw_ms": statistics.median(times["raw"]) * 1000,
        "throughput_ratio": median_ratio(times["raw"], times["export"]),
    }
