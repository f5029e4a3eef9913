"""A query the API runs on every request, its SQL built once per process.

Building a query's SQL (filters, joins, the select list, quoting) costs the
ORM several times what the database then spends running it: for the token
lookup that opens every API request, ~300 µs of Python against ~60 µs. A
`Prepared` query is written with the ORM as usual, with a placeholder value
where each request's value goes; the first use compiles it for the database,
and every later use runs that SQL with the request's value. The ORM's own
converters still turn the columns into Python values (aware datetimes,
booleans, JSON), so a row reads exactly as `values_list()` would give it.

Only for a fixed query with one varying value: anything else is built with
the ORM per request as usual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet

PLACEHOLDER = "\x00postwright-prepared-value\x00"


class Prepared:
    """`build(PLACEHOLDER)` -> a values_list() queryset; rows(value) runs it
    with `value` in the placeholder's place. At most `limit` rows."""

    def __init__(self, build: Callable[[str], QuerySet], limit: int = 2) -> None:
        self._build = build
        self._limit = limit
        # Per thread, as Django's connections are: the compiler reads its
        # connection's converters, so it runs only where it was built.
        self._local = threading.local()

    def _compile(self, using: str) -> tuple[Any, str, list, int]:
        built: dict[str, tuple[Any, str, list, int]] = self._local.__dict__
        compiled = built.get(using)
        if compiled is None:
            query = self._build(PLACEHOLDER)[: self._limit].query
            compiler = query.get_compiler(using)
            sql, params = compiler.as_sql()
            params = list(params)
            if params.count(PLACEHOLDER) != 1:
                raise ValueError("a prepared query takes exactly one value")
            compiled = built[using] = (compiler, sql, params, params.index(PLACEHOLDER))
        return compiled

    def rows(self, value: str, using: str = "default") -> list[tuple]:
        compiler, sql, params, at = self._compile(using)
        params = params.copy()
        params[at] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))


def in_model_order(model: type[Model], names: set[str]) -> tuple[str, ...]:
    """`names` (column attnames) in the model's field order: the order
    Model.from_db expects the values of a partly loaded row in."""
    ordered = tuple(
        f.attname for f in model._meta.concrete_fields if f.attname in names
    )
    if len(ordered) != len(names):
        raise ValueError(f"not columns of {model.__name__}: {names - set(ordered)}")
    return ordered
