#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL when one is reachable.
# DUBAN_REQUIRE_POSTGRES=1 turns "not reachable" into a failure (CI sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PG_URL=${DUBAN_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}
# Two workers on this 2-core machine; a test module stays on one worker (its module fixtures,
# such as the browser, start once).
WORKERS=${DUBAN_TEST_WORKERS:-2}
PARALLEL=(-n "$WORKERS" --dist loadfile)

echo "== tests on SQLite =="
env -u DUBAN_DATABASE_URL "$VENV/bin/pytest" -q -p no:cacheprovider "${PARALLEL[@]}" "$@"

if "$VENV/bin/python" scripts/pg_reachable.py "$PG_URL"; then
    echo "== tests on PostgreSQL ($PG_URL) =="
    DUBAN_DATABASE_URL="$PG_URL" "$VENV/bin/pytest" -q -p no:cacheprovider "${PARALLEL[@]}" "$@"
elif [ "${DUBAN_REQUIRE_POSTGRES:-0}" = "1" ]; then
    echo "PostgreSQL is required (DUBAN_REQUIRE_POSTGRES=1) but not reachable at $PG_URL" >&2
    exit 1
else
    echo "NOTE: PostgreSQL not reachable at $PG_URL: the PostgreSQL run was SKIPPED." >&2
    echo "      Set DUBAN_TEST_DATABASE_URL, or DUBAN_REQUIRE_POSTGRES=1 to make this an error." >&2
fi
