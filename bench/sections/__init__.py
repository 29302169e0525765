"""Importing this package registers every benchmark section."""

from bench.sections import ingest, team, text, tui  # noqa: F401
