"""Postwright settings, driven by the environment.

Development needs nothing set. Production: DEBUG=0, SECRET_KEY, ALLOWED_HOSTS,
and DATABASE_URL for PostgreSQL (see README).
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "django-insecure-development-only-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First: its runserver serves HTTP and the live rooms' WebSockets (ASGI) on one port.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Full-text search fields and lookups; inert on SQLite (posts.search uses FTS5 there).
    "django.contrib.postgres",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_tasks_db",  # the task queue's table and its db_worker command
    "ninja",  # the API docs' templates and static files
    "series",
    "posts",
    "posts.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF: it reads an oversized POST first and names the limit.
    "config.errors.ErrorAnswersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # LoginRequiredMiddleware, answering htmx and fetch calls with a 401.
    "config.errors.PartialLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # After csp: a page being kept gets placeholders (posts.pages).
                "posts.pages.placeholders",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several tabs autosaving at once: wait for the write lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # Tests use a file too: an in-memory database would make the browser tests'
    # live server share one connection across its request threads.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
LOGIN_REDIRECT_URL = "posts:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Failed logins (series/throttling.py explains the pools): an account takes at most
# LOGIN_FAILURES_PER_ACCOUNT misses per cool-off from browsers it does not know,
# whatever their addresses; a browser that logged in to it before has its own
# LOGIN_FAILURES_PER_DEVICE. Misses during a lockout neither count nor extend it.
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "20"))
LOGIN_FAILURES_PER_DEVICE = int(os.environ.get("LOGIN_FAILURES_PER_DEVICE", "5"))
AXES_LOCKOUT_PARAMETERS = "series.throttling.login_lockout_parameters"
AXES_FAILURE_LIMIT = "series.throttling.login_failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# The client's address, for axes and the rate limits, read by django-ipware.
# Behind PROXY_COUNT reverse proxies (BEHIND_PROXY=1) that each append to
# X-Forwarded-For, it is the PROXY_COUNT-th entry from the right (the address the
# first proxy saw), so what a client writes into that header itself is ignored.
# Without a proxy: REMOTE_ADDR.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
AXES_IPWARE_PROXY_COUNT: int | None = None
if BEHIND_PROXY:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    # ipware counts the proxies listed in the header, after the client; the last
    # proxy is the connection itself (REMOTE_ADDR) and is not listed.
    AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1")) - 1
    # Not strict: a client that sends its own X-Forwarded-For lengthens the chain;
    # the position counted from the right stays the true one.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_IPWARE_PROXY_ORDER = "left-most"

# Sign-ups and guest comments/suggestions: at most (count, per seconds) per address.
RATE_LIMITS = {"signup": (10, 3600), "guest-post": (30, 600)}
# API calls: at most (count, per seconds) per personal access token (or session).
RATE_LIMITS["api"] = (
    int(os.environ.get("API_REQUESTS_PER_MINUTE", "600")),
    60,
)

# The cache holds the rate-limit counters. Per process by default (local memory); a
# deployment with several server processes or machines sets REDIS_URL so that they all
# count in one place.
if os.environ.get("REDIS_URL"):
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "postwright"),
        }
    }
else:
    # Django's default keeps 300 entries and drops a third when full: fewer than
    # one series' derived data, fragments and kept pages, so it forgot what it
    # had just computed. Bounded by count (a kept page is ~10-60 KB).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 3000, "CULL_FREQUENCY": 10},
        }
    }

# The live rooms' messages between server processes: Redis when REDIS_URL is set (several
# processes or machines serve one room), else in this process's memory (one process).
if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # Longer than the layer's 5 s blocking reads: redis-py's default
                # socket timeout is also 5 s, and the race drops the consumer.
                "hosts": [{"address": os.environ["REDIS_URL"], "socket_timeout": 30}],
                "prefix": "postwright",
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from its npm package (make installs it), never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: drafts are small text files; refuse anything big before reading it.
MAX_UPLOAD_BYTES = 1_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 50

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The nonce: for the styles CodeMirror injects (EditorView.cspNonce); no inline style else.
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "https:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Development needs no mail server: e-mail prints to the console. EMAIL_BACKEND
# names another one; the file backend writes into EMAIL_FILE_PATH.
_MAILER: dict = {
    "BACKEND": os.environ.get(
        "EMAIL_BACKEND",
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
}
if os.environ.get("EMAIL_FILE_PATH"):
    _MAILER["OPTIONS"] = {"file_path": os.environ["EMAIL_FILE_PATH"]}
MAILERS = {"default": _MAILER}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "postwright@localhost")
# Links in e-mail sent from a worker, which has no request to read the host from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Tasks (e-mail, reminders) go into a table that `manage.py db_worker` works off,
# outside the web process; TASKS_BACKEND=immediate runs them in the caller instead.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
