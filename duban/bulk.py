"""Bulk inserts without the ORM's per-value work: for writes of thousands of rows at a time.

`QuerySet.bulk_create` prepares every value through its field (`get_db_prep_save`, `pre_save`,
compiling a placeholder for each): about three microseconds a value, which for an import
batch's events, people, tenures and audit rows (tens of thousands of rows, ten to fifteen
columns) is most of the batch's time. Here each column's conversion is chosen once per model —
none for text, numbers, booleans and keys, the backend's own adapter for dates, timestamps and
JSON, the field's preparation for anything else — and the rows go in multi-row INSERTs with the
keys returned, as `bulk_create` does on SQLite and PostgreSQL. Only for models without signals
or save() logic; the objects get their keys, as with `bulk_create`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router

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


def insert(objs: Sequence[models.Model]) -> None:
    """INSERT the unsaved objects of one model; each gets its primary key."""
    if not objs:
        return
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    convert = [_converter(f, connection) for f in fields]
    auto = [f for f in fields if _auto(f)]
    keyed: list[Any] = [f for f in fields if f.is_relation and f.many_to_one]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    pk = connection.ops.quote_name(str(meta.pk.column))
    read = operator.attrgetter(*(f.attname for f in fields))
    converted = [(k, conv) for k, conv in enumerate(convert) if conv is not None]
    rows = []
    for obj in objs:
        _link(obj, keyed)
        for f in auto:
            f.pre_save(obj, True)  # sets the timestamp on the object
        row = list(read(obj)) if len(fields) > 1 else [read(obj)]
        for k, conv in converted:
            if row[k] is not None:
                row[k] = conv(row[k])
        rows.append(row)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            keys = _insert_postgresql(cursor, meta, table, columns, pk, rows)
        else:
            keys = _insert_returning(
                cursor, _rows_per_statement(connection, len(fields)), table, columns, pk, rows
            )
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = alias


def _rows_per_statement(connection: Any, width: int) -> int:
    """As many rows as the SQLite library takes parameters (Django assumes the old default, 999),
    up to 500: far fewer statements, each still small to parse."""
    import sqlite3

    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(500, limit // width))


def _link(obj: models.Model, keyed: list[Any]) -> None:
    """Set each key to the object it was given, saved since (a person made in the same batch);
    through the relation, as `bulk_create` does: setting the key alone drops the cached object."""
    for f in keyed:
        if getattr(obj, f.attname) is None and f.is_cached(obj):
            related = f.get_cached_value(obj)
            if related is not None:
                setattr(obj, f.name, related)


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
    cursor: Any, meta: Any, table: str, columns: str, pk: str, rows: list[list[Any]]
) -> list[int]:
    """Keys drawn from the table's sequence in one query, then the rows sent by COPY.

    A multi-row INSERT is slow here: Django's cursor binds on the client, so the driver scans so
    long a statement for its placeholders, and row by row the server parses and plans every
    statement anew. COPY (through the driver's own cursor: Django has no API for it) is one
    statement for any number of rows.
    """
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [meta.db_table, meta.pk.column, len(rows)],
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
