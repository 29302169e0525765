"""Importing this package registers every benchmark section."""

from bench.sections import ingest, text  # noqa: F401
