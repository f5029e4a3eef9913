import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.factories import PartFactory, SeriesFactory, UserFactory, make_draft

# Property tests check behaviour, never time: a deadline or a slow-generation health check only
# measures how loaded the machine is (2 shared cores in CI). Speed is `make bench`'s job.
settings.register_profile(
    "postwright",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("postwright")


def pytest_configure(config):
    """Tests create many users; a fast hasher keeps each from costing ~0.5 s of
    PBKDF2. (Production keeps Django's default hashers.)"""
    from django.conf import settings
    from django.core.signals import setting_changed

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run where they are enqueued, so a test sees their effect at once
    # (tests/posts/schedule/test_reminder_worker.py runs the real worker).
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    # The backends were already read when the apps' @task functions were defined.
    setting_changed.send(
        sender=type(settings), setting="TASKS", value=settings.TASKS, enter=True
    )
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("RedisCache"):
        # Each xdist worker its own Redis database: a test's cache.clear() (FLUSHDB)
        # must not empty the counters of a test running in the other worker.
        worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
        cache["LOCATION"] = re.sub(
            r"(/\d*)?$", f"/{1 + worker}", cache["LOCATION"], count=1
        )


EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
NO_EXAMPLES = (
    "../shared/examples is not beside this checkout (CI has it; a fresh clone does not)"
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache, and textkit remembers its last few
    readings: each test starts with neither, so none depends on the tests before it."""
    from django.core.cache import cache

    from posts.textkit.document import forget_reading

    cache.clear()
    forget_reading()


@pytest.fixture
def examples() -> Path:
    if not EXAMPLES.is_dir():
        pytest.skip(NO_EXAMPLES)
    return EXAMPLES


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def stranger(db):
    return UserFactory()


@pytest.fixture
def series(user):
    return SeriesFactory(owner=user, title="Neural Networks")


@pytest.fixture
def part(series):
    return PartFactory(series=series, number=1, title="How networks learn")


@pytest.fixture
def draft(part):
    return make_draft(part, strategy="balanced")


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client
