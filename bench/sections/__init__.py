"""Importing this package registers every benchmark section."""

from bench.sections import (  # noqa: F401
    ann,
    encoder,
    evidence,
    factchecks_import,
    ingest,
    match_db,
    matching,
    rescore_memory,
    soak,
    team,
    text,
    tui,
    vectors_missing,
    vectors_news,
    verify,
)
