"""Check many evidence links concurrently, off the caller's thread, with progress and cancellation.

The work runs in a small thread pool sharing one guarded httpx client. Use it from a Textual
thread worker (``pool.run(urls, on_progress=...)`` and ``app.call_from_thread`` in the callback) or
from asyncio (``await pool.run_async(urls, on_progress=...)``, callbacks arrive on the event loop;
or ``async for progress in pool.stream(urls)``). Either way the UI thread never blocks on the network.
``cancel()`` stops queued links at once and in-flight ones within a fraction of a second.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from types import TracebackType

import httpx

from workbench.evidence.fetch import FetchPolicy, FetchResult, fetch, make_client, utc_now
from workbench.evidence.transport import Resolver


@dataclass(frozen=True, slots=True)
class Progress:
    """One finished link: its index in the input, the result, and how far the batch has got."""

    index: int
    result: FetchResult
    done: int
    total: int


ProgressCallback = Callable[[Progress], None]


def _cancelled(url: str) -> FetchResult:
    return FetchResult(
        url=url, final_url=url, status="cancelled", fetched_at=utc_now(), error="the check was cancelled"
    )


class FetchPool:
    """A reusable, cancellable concurrent link checker (at most ``concurrency`` fetches at once)."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        concurrency: int = 16,
        client: httpx.Client | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.concurrency = max(1, concurrency)
        self._own_client = client is None
        self.client = client or make_client(self.policy, resolver=resolver)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop checking: queued links come back ``cancelled``, in-flight ones abort. This is final."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def as_completed(self, urls: Sequence[str]) -> Iterator[Progress]:
        """Yield each link's result as it finishes (blocking; call from a worker thread).

        Every URL yields exactly once, even after :meth:`cancel`. Leaving the loop early cancels the
        pool (a cancelled pool stays cancelled: make a new one for the next batch).
        """
        total = len(urls)
        finished = False
        executor = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="evidence-fetch")
        futures: dict[Future[FetchResult], int] = {}
        try:
            for index, url in enumerate(urls):
                futures[executor.submit(self._check, url)] = index
            for done, future in enumerate(as_completed(futures), start=1):
                index = futures[future]
                try:
                    result = future.result()
                except CancelledError:
                    result = _cancelled(urls[index])
                yield Progress(index=index, result=result, done=done, total=total)
            finished = True
        finally:
            if not finished:
                self._cancel.set()
            executor.shutdown(wait=False, cancel_futures=True)

    def run(self, urls: Sequence[str], on_progress: ProgressCallback | None = None) -> list[FetchResult]:
        """Check all ``urls``; results in input order. ``on_progress`` is called in this thread."""
        results: list[FetchResult | None] = [None] * len(urls)
        for progress in self.as_completed(urls):
            results[progress.index] = progress.result
            if on_progress is not None:
                on_progress(progress)
        return [r if r is not None else _cancelled(urls[i]) for i, r in enumerate(results)]

    async def run_async(
        self, urls: Sequence[str], on_progress: ProgressCallback | None = None
    ) -> list[FetchResult]:
        """Await all results without blocking the event loop; ``on_progress`` runs on the loop."""
        results: list[FetchResult | None] = [None] * len(urls)
        async for progress in self.stream(urls):
            results[progress.index] = progress.result
            if on_progress is not None:
                on_progress(progress)
        return [r if r is not None else _cancelled(urls[i]) for i, r in enumerate(results)]

    async def stream(self, urls: Sequence[str]) -> AsyncIterator[Progress]:
        """Async iterator over results as they finish; cancelling the consuming task cancels the batch."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Progress | None] = asyncio.Queue()

        def post(item: Progress | None) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the loop has closed under us: nobody is listening any more
                self.cancel()

        def produce() -> None:
            try:
                for progress in self.as_completed(urls):
                    post(progress)
            finally:
                post(None)

        thread = threading.Thread(target=produce, name="evidence-pool", daemon=True)
        thread.start()
        finished = False
        try:
            while (item := await queue.get()) is not None:
                yield item
            finished = True
        finally:
            if not finished:
                self.cancel()

    def _check(self, url: str) -> FetchResult:
        if self._cancel.is_set():
            return _cancelled(url)
        return fetch(url, self.policy, client=self.client, cancel=self._cancel)

    def close(self) -> None:
        """Cancel anything running and close the client if the pool made it."""
        self.cancel()
        if self._own_client:
            self.client.close()

    def __enter__(self) -> FetchPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
