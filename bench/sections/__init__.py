"""Importing this package registers every benchmark section."""

from bench.sections import ingest  # noqa: F401
