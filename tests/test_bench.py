"""`make bench` pieces that must stay right: seed data, floor URLs, settings."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
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
