"""The TUI's handle on the review database: one connection, used from worker threads under a lock.

Screens ``await data.call(fn, ...)``: the function runs in a thread with the database as its first
argument, so a slow write waiting on another reviewer's lock never freezes the screen, and calls made
by one screen stay in order. Screens pass ``workbench.queries`` and ``workbench.actions`` functions;
the TUI never speaks SQL.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from workbench.store.database import ReviewDatabase, open_database

P = ParamSpec("P")
R = TypeVar("R")


class TuiData:
    def __init__(self, path: Path, *, allow_network_fs: bool = False) -> None:
        self.path = path
        self.database = open_database(path, allow_network_fs=allow_network_fs, shared_between_threads=True)
        self._lock = threading.Lock()
        # A second connection for slow background reads (counts over a million claims), so they never
        # hold up a keystroke's write on the main one.
        self.reader = open_database(path, allow_network_fs=allow_network_fs, shared_between_threads=True)
        self._read_lock = threading.Lock()
        self._text_cache: dict[int, str] = {}

    def sync(self, fn: Callable[Concatenate[ReviewDatabase, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run ``fn(database, ...)`` now, on this thread (for quick reads at start-up)."""
        with self._lock:
            return fn(self.database, *args, **kwargs)

    async def call(
        self, fn: Callable[Concatenate[ReviewDatabase, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run ``fn(database, ...)`` in a worker thread and wait for it without blocking the screen."""
        return await asyncio.to_thread(functools.partial(self.sync, fn, *args, **kwargs))

    async def read(
        self, fn: Callable[Concatenate[ReviewDatabase, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Like :meth:`call`, on the background-read connection."""

        def run() -> R:
            with self._read_lock:
                return fn(self.reader, *args, **kwargs)

        return await asyncio.to_thread(run)

    def document_text(self, document_id: int) -> str:
        """Document texts never change once stored, so they are cached."""
        cached = self._text_cache.get(document_id)
        if cached is None:
            from workbench import queries

            cached = self.sync(queries.document_text, document_id)
            if len(self._text_cache) > 256:
                self._text_cache.clear()
            self._text_cache[document_id] = cached
        return cached

    def close(self) -> None:
        with self._lock:
            self.database.close()
        with self._read_lock:
            self.reader.close()
