"""`Among(F("item_id"), subquery)`: `x IN (SELECT …)` planned as one index lookup a value found.

PostgreSQL turns `x IN (SELECT …)` into a semi-join and, not knowing how few rows the subquery
gives, hashes them against a scan of the whole outer table: every item link of a province (25,000
rows) to find the 150 of one bulletin's entries. `x = ANY(ARRAY(SELECT …))` runs the subquery
first and looks its values up in the index on x. A list of the ids instead costs the client a
conversion a value (150 ids: longer than the query). SQLite plans the plain IN well.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Lookup


class VendorLookup(Lookup):
    """A lookup written per database: `sql(lhs, rhs, vendor)` gives the condition. Used as an
    expression, not registered."""

    prepare_rhs = False

    def sql(self, lhs: str, rhs: str, vendor: str) -> str:
        raise NotImplementedError

    def as_sql(self, compiler: Any, conn: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        return self.sql(lhs, rhs, conn.vendor), (*lhs_params, *rhs_params)


class Among(VendorLookup):
    """The left-hand side is one of the values of a one-column subquery (a `values()` query set)."""

    lookup_name = "among"

    def sql(self, lhs: str, rhs: str, vendor: str) -> str:
        if vendor == "postgresql":
            return f"{lhs} = ANY(ARRAY{rhs})"
        return f"{lhs} IN {rhs}"
