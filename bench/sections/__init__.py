"""Importing this package registers every benchmark section."""

from bench.sections import ingest, text, tui  # noqa: F401
