"""Bulk inserts without the ORM's per-value work: for writes of thousands of rows at a time.

`QuerySet.bulk_create` prepares every value through its field (`get_db_prep_save`, `pre_save`,
compiling a placeholder for each): about three microseconds a value, which for an import
batch's events, people, tenures and audit rows (tens of thousands of rows, ten to fifteen
columns) is most of the batch's time. Here each column's conversion is chosen once per model —
none for text, numbers, booleans and keys, the backend's own adapter for dates, timestamps and
JSON, the field's preparation for anything else — and the rows go in by COPY (PostgreSQL), or on
SQLite by one prepared INSERT stepped for every row, or multi-row INSERTs returning the keys for
a table with a full-text index. Only for models without signals
or save() logic; the objects get their keys, as with `bulk_create`.

The rows are made while they are sent (on PostgreSQL inside the COPY, which holds the
connection): whatever makes them must not read the database, or it waits on that connection for
ever. Hence unsaved objects with every field set (a deferred field would be loaded by a query)
and, for `insert_rows`, rows whose values are all at hand (`audit._sealed_rows` describes its
objects before it makes the first row).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import connections, models, router, transaction
from django.db.models.base import ModelState

from duban.search.index import INDEXED

Convert = Callable[[Any], Any] | None

_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
}
_TEXT = {"CharField", "TextField"}


_M = TypeVar("_M", bound=models.Model)
# Per model: the fields' fixed defaults, the callable ones, and its foreign keys (name → attname).
_DEFAULTS: dict[
    type[models.Model], tuple[dict[str, Any], list[tuple[str, Callable[[], Any]]], dict[str, str]]
] = {}


def build(model: type[_M], **values: Any) -> _M:
    """An unsaved instance, as `model(**values)` makes it, at a fifth of the cost: the fields'
    defaults are found once per model, and the values go straight into the instance's dict.

    For the models an import makes by the ten thousand (events, people, tenures), which have no
    `pre_init`/`post_init` receivers and no `__init__` of their own. Values are by attname
    (`person_id`), or a related object by field name (`person`), which is cached on the
    instance as `__init__` caches it (its key taken now when it has one, else on insert).
    Unlike `__init__`, a name that is no field is not refused: the callers are few and tested."""
    if model not in _DEFAULTS:
        fixed: dict[str, Any] = {}
        made: list[tuple[str, Callable[[], Any]]] = []
        related: dict[str, str] = {}
        for f in model._meta.concrete_fields:
            if f.has_default() and callable(f.default):
                made.append((f.attname, f.default))
            else:
                fixed[f.attname] = f.get_default()
            if f.is_relation and f.many_to_one:
                related[f.name] = f.attname
        _DEFAULTS[model] = fixed, made, related
    fixed, made, related = _DEFAULTS[model]
    obj = model.__new__(model)
    obj._state = ModelState()
    data = obj.__dict__
    data.update(fixed)
    for name, default in made:
        data[name] = default()
    data.update(values)
    for name, attname in related.items():
        if name in data:
            value = data.pop(name)
            data[attname] = None if value is None else value.pk
            obj._state.fields_cache[name] = value
    return obj


def loaded(queryset: models.QuerySet[_M]) -> list[_M]:
    """The queryset's rows as the instances iterating it gives, at half the cost: the
    values come through `values_list` (the fields' converters applied, as for instances) and go
    straight into each instance's dict, marked as loaded from the queryset's database.

    For the rows a batch reads by the thousand (the people of its names, their tenures), of
    models without `pre_init`/`post_init` receivers and no `__init__` of their own (as `build`);
    every concrete field is loaded, none deferred."""
    model = queryset.model
    names = [f.attname for f in model._meta.concrete_fields]
    alias = queryset.db
    new = model.__new__
    out = []
    for row in queryset.values_list(*names):
        obj = new(model)
        state = obj._state = ModelState()
        state.adding, state.db = False, alias
        obj.__dict__.update(zip(names, row, strict=True))
        out.append(obj)
    return out


def insert(objs: Sequence[models.Model]) -> None:
    """INSERT the unsaved objects of one model; each gets its primary key."""
    if not objs:
        return
    model = type(objs[0])
    alias = router.db_for_write(model)
    fields = _fields(model)
    auto = [f for f in fields if _auto(f)]
    keyed: list[Any] = [f for f in fields if f.is_relation and f.many_to_one]
    read = operator.attrgetter(*(f.attname for f in fields))

    def rows() -> Iterator[list[Any]]:
        for obj in objs:
            _link(obj, keyed)
            for f in auto:
                f.pre_save(obj, True)  # sets the timestamp on the object
            yield list(read(obj)) if len(fields) > 1 else [read(obj)]

    keys = _write(model, alias, fields, rows(), len(objs))
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = alias


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[list[Any]],
    count: int,
    encoded: Collection[str] = (),
) -> list[int]:
    """INSERT `count` rows given as plain values of the named fields (attnames, all but the key,
    each row in that order): no model object is built, which for a batch's tens of thousands of
    audit rows is most of the cost. The rows' keys, in order. The lists are converted in place.

    The rows may be a generator, read once as they are sent: on PostgreSQL the server stores
    the first rows while the caller makes the next (`_insert_postgresql`).

    The JSON columns named in `encoded` hold their values' JSON text already (the caller had
    encoded them for a hash): it goes in as it is, as both backends take JSON text."""
    if not count:
        return []
    by_name = {f.attname: f for f in _fields(model)}
    fields = [by_name[name] for name in columns]
    for name in encoded:
        if by_name[name].get_internal_type() != "JSONField":
            raise ValueError(f"{model.__name__}.{name} is not a JSON column")
    return _write(model, router.db_for_write(model), fields, rows, count, set(encoded))


def _fields(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _write(
    model: type[models.Model],
    alias: str,
    fields: list[Any],
    made: Iterable[list[Any]],
    count: int,
    encoded: Collection[str] = (),
) -> list[int]:
    """Convert the `count` rows' values as the database takes them (in place, each row as it
    comes) and insert them; their keys."""
    connection = connections[alias]
    meta = model._meta
    converted = [
        (k, conv)
        for k, f in enumerate(fields)
        if f.attname not in encoded and (conv := _converter(f, connection)) is not None
    ]

    sent = 0

    def convert() -> Iterator[list[Any]]:
        nonlocal sent
        for row in made:
            for k, conv in converted:
                if row[k] is not None:
                    row[k] = conv(row[k])
            sent += 1
            yield row

    with transaction.atomic(using=alias, savepoint=False):
        keys = _send(connection, meta, fields, convert(), count)
        if sent != count:
            # SQLite's keys are counted back from the last one: a wrong count gives wrong keys.
            # Raised in the transaction, which takes the rows back out.
            raise ValueError(f"{meta.db_table}: {sent} rows made for {count} announced")
    return keys


def _send(connection: Any, meta: Any, fields: list[Any], rows: Iterator[list[Any]], count: int) -> list[int]:
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    pk = connection.ops.quote_name(str(meta.pk.column))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _insert_postgresql(cursor, meta, table, columns, pk, rows, count)
        # SQLite, the only other backend.
        if meta.db_table in _SEARCHED:
            size = _rows_per_statement(connection, len(fields))
            return _insert_returning(cursor, size, table, columns, pk, list(rows))
        return _insert_sqlite(cursor, table, columns, len(fields), rows, count)


# The tables with a full-text index kept by triggers (SQLite): FTS5 pays a cost at the end of
# every statement that writes it, so a row at a time took 2.5 times as long as rows in hundreds.
_SEARCHED = frozenset(index.table for index in INDEXED)


def _rows_per_statement(connection: Any, width: int) -> int:
    """As many rows as the SQLite library takes parameters (Django assumes the old default, 999),
    up to 500: far fewer statements, each still small to parse."""
    import sqlite3

    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(500, limit // width))


def _insert_sqlite(
    cursor: Any, table: str, columns: str, width: int, rows: Iterator[list[Any]], count: int
) -> list[int]:
    """One single-row INSERT prepared once and stepped for every row (`executemany`), then the
    last key: the keys are the consecutive run ending there.

    A third faster than multi-row INSERTs … RETURNING, which SQLite parses anew for each
    statement of hundreds of rows, and whose placeholders Django rewrites one by one. The keys
    run on because the rows go in within one transaction (the caller's, else `_write`'s), which
    holds SQLite's only write lock from the first row on: no other writer can insert between two
    of them, and each new row's key is one past the largest (a trigger writes other tables, and
    last_insert_rowid() is restored after it)."""
    values = "(" + ", ".join(["%s"] * width) + ")"
    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {values}", rows)  # noqa: S608 - names from the model's metadata
    cursor.execute("SELECT last_insert_rowid()")
    (last,) = cursor.fetchone()
    return list(range(last - count + 1, last + 1))


def _link(obj: models.Model, keyed: list[Any]) -> None:
    """Set each key to the object it was given, saved since (a person made in the same batch);
    through the relation, as `bulk_create` does: setting the key alone drops the cached object."""
    values = obj.__dict__
    for f in keyed:
        if values.get(f.attname) is None:
            related = obj._state.fields_cache.get(f.name)
            if related is not None and related.pk is not None:
                # The key alone, in the instance's dict: the cached object stays (it is the one
                # the key is of), and the descriptor's checks cost more than the insert itself.
                values[f.attname] = getattr(related, f.target_field.attname)


def _insert_returning(
    cursor: Any, size: int, table: str, columns: str, pk: str, rows: list[list[Any]]
) -> list[int]:
    """Multi-row INSERTs returning the keys (as `bulk_create` does on SQLite)."""
    width = len(rows[0])
    one = "(" + ", ".join(["%s"] * width) + ")"
    keys: list[int] = []
    for start in range(0, len(rows), max(1, size)):
        chunk = rows[start : start + max(1, size)]
        # Names from the model's metadata, quoted; the values are parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))} RETURNING {pk}"  # noqa: S608
        cursor.execute(sql, [v for row in chunk for v in row])
        keys += [key for (key,) in cursor.fetchall()]
    return keys


def _insert_postgresql(
    cursor: Any, meta: Any, table: str, columns: str, pk: str, rows: Iterator[list[Any]], count: int
) -> list[int]:
    """Keys drawn from the table's sequence in one query, then the rows sent by COPY.

    A multi-row INSERT is slow here: Django's cursor binds on the client, so the driver scans so
    long a statement for its placeholders, and row by row the server parses and plans every
    statement anew. COPY (through the driver's own cursor: Django has no API for it) is one
    statement for any number of rows. The rows are made as they are sent: the driver passes
    them on every few tens of kilobytes, and the server stores (indexes, queues the key checks
    of) the first while the next are made; made first and sent after, the server sat idle while
    the rows were made, and the client while they were stored.
    """
    # The sequence looked up once, in a subquery that OFFSET 0 keeps from being merged into the
    # outer query: called inside nextval, pg_get_serial_sequence parsed the table's name and read
    # the catalogue for every row drawn, eight times the cost of nextval itself (7 µs a row).
    cursor.execute(
        "SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq OFFSET 0) s,"
        " generate_series(1, %s)",
        [meta.db_table, meta.pk.column, count],
    )
    keys = [key for (key,) in cursor.fetchall()]
    with cursor.cursor.copy(f"COPY {table} ({pk}, {columns}) FROM STDIN") as copy:
        for key, row in zip(keys, rows, strict=True):
            copy.write_row([key, *row])
    return keys


def _auto(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _converter(field: models.Field[Any, Any], connection: Any) -> Convert:
    kind = field.get_internal_type()
    if kind in _AS_IS:
        return None
    if kind in _TEXT:
        return _text if field.choices else None  # a choices enum member goes in as its plain value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "JSONField":
        encoder = getattr(field, "encoder", None)
        return lambda value: connection.ops.adapt_json_value(value, encoder)
    return lambda value: field.get_db_prep_save(value, connection)


def _text(value: Any) -> Any:
    return value if type(value) is str else str(value)
