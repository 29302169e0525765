"""Importing this package registers every benchmark section."""

from bench.sections import evidence, ingest, matching, team, text, tui  # noqa: F401
