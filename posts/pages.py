"""Whole pages kept in the cache while nothing they show has changed.

The pages that show a series' state (the series, a part, a draft's editor, its
history and review, the publishing page) are kept per viewer, per address and
per *generation* of their series. A generation is a random token in the cache;
every write to something of a series (a model of this project with a way to
its series: a revision, a comment, a membership, a part…) drops it, right away
and again when the transaction commits, so the next view renders afresh and
keeps its rendering under the new token. A write whose series cannot be found
(a row whose parent is already deleted, an edit of a user's name, an update
in bulk) drops the generation of every page instead. A viewer's access is
still looked up on every request, before anything kept is read: a member
removed from a series gets its 404 at once.

What a page shows besides its series is in its key too: the viewer, their
role, the address with its query, the language, the time zone, the server
kind (WSGI or ASGI: only ASGI has the live room), the code (a deploy renders
afresh) and the current minute, since pages say "edited 3 minutes ago". A
request with messages to show, an htmx request or one without a CSRF token
is rendered afresh and not kept. The CSRF token and the CSP nonce are kept as
placeholders (posts.fragments) and the request's own are put in.

The cache is an optimisation, never the source of truth: with DummyCache
every page renders every time, to the same HTML (tests/test_page_html.py).
"""

from __future__ import annotations

import functools
import re
import secrets
import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.handlers.asgi import ASGIRequest
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.html import conditional_escape

from posts import derived, fragments
from posts.api.prepared import Prepared, fits_key

# Written often and shown on no kept page (heartbeats, search rows, mail).
UNSHOWN = frozenset(
    {
        "posts.autosavestep",
        "posts.presence",
        "posts.notification",
        "posts.calendarfeed",
        "posts.searchentry",
    }
)
# A generation outlives no kept page by long: it is a token, not data.
GENERATION_KEPT = int(derived.KEPT.total_seconds())
# Kept pages carry the minute they were drawn in; two minutes is plenty.
PAGE_KEPT = 120
_EVERYTHING = "page-gen:all"
# Hits and misses of this process (the benchmark shows them).
STATS = {"hits": 0, "misses": 0}


def _series_key(series_id: int) -> str:
    return f"page-gen:series:{series_id}"


# --- the write side -----------------------------------------------------------


def changed(series_ids: Iterable[int | None]) -> None:
    """Something of these series changed: their pages render afresh. None
    (a series that could not be found) means every page."""
    keys = {_EVERYTHING if sid is None else _series_key(sid) for sid in series_ids}
    if not keys:
        return
    cache.delete_many(list(keys))
    # Again once the change is visible to others: a page drawn meanwhile from
    # the rows before it was kept under the token just dropped. One callback
    # per transaction, however many rows it writes.
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    _PENDING.update(keys)
    if not any(func is _drop_pending for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_drop_pending, robust=True)


# Keys to drop when the current transaction commits (a rolled back one's stay
# until the next commit: dropping a generation once more costs one render).
_PENDING: set[str] = set()


def _drop_pending() -> None:
    keys = list(_PENDING)
    _PENDING.clear()
    cache.delete_many(keys)


def changed_everything() -> None:
    changed([None])


def series_of(instance: Model) -> int | None:
    """The id of the series `instance` belongs to, through the relations it
    has loaded when it can, else through the cache or one small query (a part
    never leaves its series, nor a draft its part); None when none is found
    (its parent already deleted)."""
    from posts.models import Draft, Revision
    from series.models import Part, Series

    if isinstance(instance, Series):
        return instance.pk
    if (series_id := getattr(instance, "series_id", None)) is not None:
        return series_id
    if (part_id := getattr(instance, "part_id", None)) is not None:
        part = _loaded(instance, "part")
        if part is not None:
            return getattr(part, "series_id", None)
        return _owner(Part.everything, part_id, "series_id")
    if (draft_id := getattr(instance, "draft_id", None)) is not None:
        draft = _loaded(instance, "draft")
        if draft is not None:
            return series_of(draft)
        return _owner(Draft.everything, draft_id, "part__series_id")
    for name in ("revision_id", "base_id"):
        if (revision_id := getattr(instance, name, None)) is not None:
            return _owner(Revision.objects, revision_id, "draft__part__series_id")
    return None


def _owner(manager, pk: int, column: str) -> int | None:
    """The series id of a row that never moves to another series."""
    key = f"page-owner:{manager.model._meta.label_lower}:{pk}"
    series_id = cache.get(key)
    if series_id is None:
        series_id = (
            manager.filter(pk=pk).order_by().values_list(column, flat=True).first()
        )
        if series_id is not None:
            cache.set(key, series_id, timeout=GENERATION_KEPT)
    return series_id


def _loaded(instance: Model, name: str) -> Model | None:
    field = instance._meta.get_field(name)
    return field.get_cached_value(instance, None)  # type: ignore[union-attr]


def _on_write(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: nothing is kept for rows being loaded
        return
    changed([series_of(instance)])


def _on_user(sender, instance, update_fields=None, **kwargs) -> None:
    # A login writes last_login only; a name is shown on others' pages.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    if kwargs.get("created") or kwargs.get("raw"):
        return
    changed_everything()


def connect() -> None:
    """Called once from PostsConfig.ready()."""
    for label in ("posts", "series"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in UNSHOWN:
                continue
            uid = f"pages-{model._meta.label_lower}"
            post_save.connect(_on_write, sender=model, dispatch_uid=uid)
            post_delete.connect(_on_write, sender=model, dispatch_uid=uid)
    user = get_user_model()
    post_save.connect(_on_user, sender=user, dispatch_uid="pages-user")
    post_delete.connect(_on_user, sender=user, dispatch_uid="pages-user")
    m2m_changed.connect(
        lambda **kwargs: changed_everything(), dispatch_uid="pages-m2m", weak=False
    )


# --- the read side ------------------------------------------------------------


def generations(series_id: int) -> tuple[str, str]:
    """The current tokens of every page and of this series' pages."""
    keys = (_EVERYTHING, _series_key(series_id))
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = secrets.token_hex(8)
            if not cache.add(key, token, timeout=GENERATION_KEPT):
                token = cache.get(key) or token
        tokens.append(token)
    return tokens[0], tokens[1]


def series_key(kind: str, series_id: int) -> str:
    """A cache key for `kind` of data about a series, valid until something
    of the series changes (its generation is dropped)."""
    everything, series = generations(series_id)
    return f"{kind}:{fragments.code_version()}:{everything}:{series}:{series_id}"


def may_keep() -> bool:
    """Not inside a transaction of our own: what it reads may yet be rolled
    back, after its writes dropped the generation it would be kept under (a
    test case's own transaction is not one: its writes are the test's data)."""
    connection = transaction.get_connection()
    return not any(
        not getattr(block, "_from_testcase", False)
        for block in connection.atomic_blocks
    )


def keepable(request: HttpRequest) -> bool:
    """A plain GET of a signed-in page with nothing one-off to show."""
    return (
        request.method == "GET"
        and not request.headers.get("HX-Request")
        and request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def page_key(request: HttpRequest, name: str, series_id: int, role: str) -> str:
    everything, series = generations(series_id)
    named = derived.fingerprint(
        name,
        request.get_full_path(),
        request.user.pk,
        role,
        everything,
        series,
        isinstance(request, ASGIRequest),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        int(time.time() // 60),
    )
    return f"page:{fragments.code_version()}:{named}"


def keeping(request: HttpRequest) -> bool:
    """True while a page that will be kept is drawn (the context processor's cue)."""
    return getattr(request, "_page_keeping", False)


def placeholders(request: HttpRequest) -> dict[str, str]:
    """Context processor, listed after csp: while a page to be kept is drawn,
    the CSRF token and the nonce are placeholders (put in per request)."""
    if not keeping(request):
        return {}
    return {name: fragments.placeholder(name) for name in fragments.PER_REQUEST}


def _values(request: HttpRequest) -> dict[str, str]:
    """What each placeholder stands for in this request, escaped for HTML."""
    nonce = getattr(request, "_csp_nonce", None)  # a LazyNonce: made when read
    values = {
        "csrf_token": get_token(request),
        "csp_nonce": "" if nonce is None else str(nonce),
    }
    return {name: str(conditional_escape(values[name])) for name in values}


@functools.cache
def _placeholders() -> tuple[re.Pattern[str], dict[str, str]]:
    names = {fragments.placeholder(name): name for name in fragments.PER_REQUEST}
    return re.compile("(" + "|".join(map(re.escape, names)) + ")"), names


def _cut(html: str, charset: str) -> tuple[tuple[bytes, ...], tuple[str, ...]]:
    """A page as it is kept: its bytes between the placeholders, and their
    names, so that a hit joins bytes instead of scanning and encoding it."""
    pattern, names = _placeholders()
    pieces = pattern.split(html)
    return (
        tuple(piece.encode(charset) for piece in pieces[::2]),
        tuple(names[found] for found in pieces[1::2]),
    )


def _joined(
    cut: tuple[tuple[bytes, ...], tuple[str, ...]], charset: str, request
) -> bytes:
    chunks, names = cut
    values = {k: v.encode(charset) for k, v in _values(request).items()}
    joined = [chunks[0]]
    for name, chunk in zip(names, chunks[1:], strict=True):
        joined += (values[name], chunk)
    return b"".join(joined)


def kept(scope: Callable[..., tuple[int, str]]):
    """Keep the decorated page view's rendering, see the module docstring.

    `scope(request, *args, **kwargs)` looks the page's object up with the
    viewer's access, as the view does (404, 403), and gives its series id and
    the viewer's role: it runs on every request, kept or not."""

    def decorate(view):
        name = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not keepable(request):
                return view(request, *args, **kwargs)
            series_id, role = scope(request, *args, **kwargs)
            key = page_key(request, name, series_id, role)
            found = cache.get(key)
            if found is not None:
                STATS["hits"] += 1
                content_type, charset, cut = found
                return HttpResponse(
                    _joined(cut, charset, request), content_type=content_type
                )
            STATS["misses"] += 1
            request._page_keeping = True  # type: ignore[attr-defined]
            try:
                response = view(request, *args, **kwargs)
            finally:
                request._page_keeping = False  # type: ignore[attr-defined]
            if not _plain_page(response) or not may_keep():
                return _filled(response, request)
            charset = response.charset
            cut = _cut(response.content.decode(charset), charset)
            kept = (response["Content-Type"], charset, cut)
            cache.set(key, kept, timeout=PAGE_KEPT)
            response.content = _joined(cut, charset, request)
            return response

        return wrapped

    return decorate


def _plain_page(response: HttpResponse) -> bool:
    """A 200 with a body and no header or cookie of its own: safe to keep."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and set(response.headers) <= {"Content-Type"}
    )


def _filled(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    if response.streaming or not hasattr(response, "content"):
        return response
    charset = response.charset
    cut = _cut(response.content.decode(charset), charset)
    response.content = _joined(cut, charset, request)
    return response


# --- scopes: the view's own access lookup, giving (series id, role) ----------
#
# The same rows and rules as series.access.get_series / get_part and
# posts.access.get_draft (404 when the viewer is on no such series, 403 when
# their role does not allow viewing), read with SQL built once (Prepared): on
# a kept page this lookup is most of what is left to do.


def _judged(rows: list[tuple], user) -> tuple[int, str]:
    from series.access import Access, judged

    if len(rows) != 1:
        raise Http404("Not found.")
    series_id, owner_id, role = rows[0]
    access = judged(Access.from_row(owner_id, user, role), "view")
    return series_id, str(access.role)


@functools.cache
def _lookup(kind: str) -> Prepared:
    """The (series id, owner id, role) of one series, part or draft, by its
    slug or key and the viewer's id."""
    from posts.access import DRAFT_SERIES_ID, VISIBLE_DRAFTS
    from series.access import column, viewer, with_role
    from series.models import Part, Series

    rows, series_id, path, where, value_kind = {
        "series": (Series.objects.order_by(), column(Series, "id"), "", "slug", str),
        "part": (
            Part.objects.filter(series__deleted_at__isnull=True).order_by(),
            column(Part, "series"),
            "series__",
            "pk",
            int,
        ),
        "draft": (VISIBLE_DRAFTS, DRAFT_SERIES_ID, "part__series__", "pk", int),
    }[kind]
    return Prepared(
        lambda value, user: (
            with_role(rows, viewer(user), series_id)
            .filter(**{where: value})
            .values_list(f"{path}id", f"{path}owner_id", "member_role")
        ),
        kinds=(value_kind, int),
    )


def _scoped(kind: str, request, value: str | int) -> tuple[int, str]:
    if isinstance(value, int) and not fits_key(value):
        raise Http404("Not found.")
    return _judged(_lookup(kind).rows(value, request.user.pk), request.user)


def of_series(request, slug: str, **kwargs) -> tuple[int, str]:
    return _scoped("series", request, slug)


def of_part(request, pk: int, **kwargs) -> tuple[int, str]:
    return _scoped("part", request, pk)


def of_draft(request, pk: int, **kwargs) -> tuple[int, str]:
    return _scoped("draft", request, pk)
