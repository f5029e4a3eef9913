"""A query the API runs on every request, its SQL built once per process.

Building a query's SQL (filters, joins, the select list, quoting) costs the
ORM several times what the database then spends running it: for the token
lookup that opens every API request, ~300 µs of Python against ~60 µs. A
`Prepared` query is written with the ORM as usual, with a placeholder value
where each request's value goes; the first use compiles it for the database,
and every later use runs that SQL with the request's value. The ORM's own
converters still turn the columns into Python values (aware datetimes,
booleans, JSON), so a row reads exactly as `values_list()` would give it.

Only for a fixed query with a few varying values (each used once): anything
else is built with the ORM per request as usual.

`models()` reads a queryset of models (select_related and annotations
included) the way the ORM's own ModelIterable does, with the plan it makes
(which columns build which model, how related objects are attached) also
worked out once: for get_draft's six models in one row, half of the lookup's
time was building its SQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

PLACEHOLDER = "\x00postwright-prepared-value\x00"
# Where an integer goes: a valid 64-bit value that no row's key ever takes.
INT_PLACEHOLDER = -(2**62) + 7


# A key past any 64-bit column is no row's; sent raw, it would be an overflow
# error, not an empty answer.
_BIGGEST = 2**63


def fits_key(value: int) -> bool:
    """Whether `value` can be a 64-bit key: check before sending it raw."""
    return abs(value) < _BIGGEST


def _placeholder(kind: type, at: int) -> object:
    if kind is int:
        return INT_PLACEHOLDER - at
    return PLACEHOLDER if at == 0 else f"{PLACEHOLDER}{at}"


class Prepared:
    """`build(*placeholders)` -> a values_list() queryset; rows(*values) runs
    it with each value in its placeholder's place. `kinds` names each value's
    type (str or int: a placeholder must pass the field's own checks). At
    most `limit` rows."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        limit: int = 2,
        kinds: tuple[type, ...] = (str,),
    ) -> None:
        self._build = build
        self._limit = limit
        self._placeholders = tuple(_placeholder(k, i) for i, k in enumerate(kinds))
        # Per thread, as Django's connections are: the compiler reads its
        # connection's converters, so it runs only where it was built.
        self._local = threading.local()

    def _compile(self, using: str) -> tuple[Any, str, list, list[int]]:
        built: dict[str, tuple[Any, str, list, list[int]]] = self._local.__dict__
        compiled = built.get(using)
        if compiled is None:
            queryset = self._build(*self._placeholders)[: self._limit]
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            params = list(params)
            if any(params.count(p) != 1 for p in self._placeholders):
                raise ValueError("a prepared query takes each value exactly once")
            at = [params.index(p) for p in self._placeholders]
            compiler.prepared_fetch_mode = queryset._fetch_mode  # type: ignore[attr-defined]
            compiler.prepared_models = queryset._iterable_class is ModelIterable
            compiled = built[using] = (compiler, sql, params, at)
        return compiled

    def _fetch(self, values: tuple, using: str) -> tuple[Any, list]:
        if len(values) != len(self._placeholders):
            raise TypeError(f"{len(self._placeholders)} values wanted")
        compiler, sql, params, at = self._compile(using)
        params = params.copy()
        for index, value in zip(at, values, strict=True):
            params[index] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return compiler, cursor.fetchall()

    def rows(self, *values: object, using: str = "default") -> list[tuple]:
        compiler, fetched = self._fetch(values, using)
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))

    def models(self, *values: object, using: str = "default") -> list[Model]:
        """For a queryset of models: the instances the ORM would give, each
        with its select_related objects attached and its annotations set."""
        compiler, fetched = self._fetch(values, using)
        build, fields, populators, annotations = _plan(compiler, using)
        found = []
        for row in compiler.results_iter(results=[fetched]):
            instance = build(using, fields, row[: len(fields)])
            for populator in populators:
                populator.populate(row, instance)
            for name, index in annotations:
                setattr(instance, name, row[index])
            found.append(instance)
        return found


def _plan(compiler, using: str) -> tuple[Callable, list[str], list, list]:
    """How a row of this compiled query becomes models, as ModelIterable
    works it out for every query (kept on the compiler: one per thread)."""
    plan = getattr(compiler, "prepared_plan", None)
    if plan is None:
        fetch_mode = compiler.prepared_fetch_mode
        if fetch_mode.track_peers:  # its populators would keep every instance
            raise ValueError("a prepared query reads models in the default mode")
        info, select = compiler.klass_info, compiler.select
        if not compiler.prepared_models:  # values(): rows() reads those
            raise ValueError("models() reads a queryset of models")
        columns = info["select_fields"]
        if columns[0] != 0 or columns != list(range(len(columns))):
            raise ValueError("a prepared query's model comes first in its row")
        fields = [column[0].target.attname for column in select[: len(columns)]]
        build = partial(info["model"].from_db, fetch_mode=fetch_mode)
        populators = get_related_populators(info, select, using, fetch_mode)
        annotations = list(compiler.annotation_col_map.items())
        plan = compiler.prepared_plan = (build, fields, populators, annotations)
    return plan


def in_model_order(model: type[Model], names: set[str]) -> tuple[str, ...]:
    """`names` (column attnames) in the model's field order: the order
    Model.from_db expects the values of a partly loaded row in."""
    ordered = tuple(
        f.attname for f in model._meta.concrete_fields if f.attname in names
    )
    if len(ordered) != len(names):
        raise ValueError(f"not columns of {model.__name__}: {names - set(ordered)}")
    return ordered
