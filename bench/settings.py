"""Settings for `make bench`: production-like, plus the floor endpoints.

    DJANGO_SETTINGS_MODULE=bench.settings

Production settings with DEBUG off, persistent connections, plain HTTP on
127.0.0.1 (no SSL redirect, no secure-only cookies: the load tool sends the
session cookie over http), no lockouts, and bench/urls.py as the URLconf so
that the floor endpoints exist here and only here. Without DATABASE_URL the
benchmark uses its own SQLite file, bench/db.sqlite3 (git-ignored); the
development database is never touched.
"""

import os
from pathlib import Path

_BENCH_DIR = Path(__file__).resolve().parent

# config.settings reads these at import time; an explicit environment wins.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-for-real-data")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ.setdefault("AXES_ENABLED", "0")
# wrk sends thousands of API reads a minute with one token: measure, not throttle.
os.environ.setdefault("API_REQUESTS_PER_MINUTE", "100000000")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_BENCH_DIR / 'db.sqlite3'}")

from config.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MIDDLEWARE = [*MIDDLEWARE, "bench.middleware.WorkerHeaders"]  # noqa: F405
