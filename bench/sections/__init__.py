"""Importing this package registers every benchmark section."""

from bench.sections import evidence, ingest, match_db, matching, soak, team, text, tui, verify  # noqa: F401
