"""Exit 0 when the PostgreSQL server at the URL in argv[1] accepts a connection."""

import sys
from urllib.parse import unquote, urlparse

import psycopg

u = urlparse(sys.argv[1])
try:
    psycopg.connect(
        host=u.hostname or "127.0.0.1",
        port=u.port or 5432,
        user=unquote(u.username or "postgres"),
        password=unquote(u.password or "") or None,
        dbname=unquote(u.path.lstrip("/")) or "postgres",
        connect_timeout=3,
    ).close()
except psycopg.Error as exc:
    print(f"PostgreSQL not reachable: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
