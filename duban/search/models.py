"""The search has no tables of its own that Django manages: its indexes (FTS5 tables and triggers on
SQLite, pg_trgm GIN indexes on PostgreSQL) are made by its migration, see `duban.search.index`.

This module is here so that Django counts the app among those with models: only those receive
`post_migrate`, which puts back triggers that a later table rebuild dropped.
"""
