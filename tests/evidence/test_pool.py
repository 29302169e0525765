"""The concurrent link checker: ordering, progress, concurrency, cancellation, asyncio use."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time

from tests.evidence.localserver import LocalServer
from workbench.evidence.fetch import FetchPolicy
from workbench.evidence.pool import FetchPool, Progress


def test_run_returns_results_in_input_order_with_progress(server: LocalServer, policy: FetchPolicy) -> None:
    urls = [*(server.url(p) for p in ("/ok", "/404", "/redirect?n=2", "/500")), "file:///etc/passwd"]
    seen: list[Progress] = []
    with FetchPool(policy, concurrency=4) as pool:
        results = pool.run(urls, on_progress=seen.append)
    assert [r.status for r in results] == ["ok", "gone", "redirected", "server_error", "unsupported"]
    assert [r.url for r in results] == urls
    assert sorted(p.done for p in seen) == [1, 2, 3, 4, 5] and {p.total for p in seen} == {5}
    assert sorted(p.index for p in seen) == [0, 1, 2, 3, 4]


def test_fetches_overlap_up_to_the_concurrency_bound(server: LocalServer, policy: FetchPolicy) -> None:
    urls = [server.url(f"/delayed?ms=200&i={i}") for i in range(8)]
    started = time.monotonic()
    with FetchPool(policy, concurrency=8) as pool:
        results = pool.run(urls)
    elapsed = time.monotonic() - started
    assert all(r.status == "ok" for r in results)
    assert elapsed < 1.0  # serially this is 8 x 0.2 s = 1.6 s


def test_cancel_stops_queued_and_in_flight_fetches(server: LocalServer, policy: FetchPolicy) -> None:
    slow = FetchPolicy(read_timeout=5.0, deadline=10.0, allow_addresses=("127.0.0.1",))
    urls = [server.url("/drip")] * 2 + [server.url("/ok")] * 20
    pool = FetchPool(slow, concurrency=2)
    progress: list[Progress] = []
    threading.Timer(0.3, pool.cancel).start()
    started = time.monotonic()
    results = pool.run(urls, on_progress=progress.append)
    elapsed = time.monotonic() - started
    pool.close()
    assert elapsed < 1.5  # the drips would run for 10 s without the cancel
    assert len(results) == len(urls) == len(progress)
    assert results[0].status == results[1].status == "cancelled"
    assert all(r.status == "cancelled" for r in results[2:])


def test_leaving_the_iterator_early_cancels_the_rest(server: LocalServer, policy: FetchPolicy) -> None:
    pool = FetchPool(policy, concurrency=2)
    first = next(iter(pool.as_completed([server.url("/ok")] + [server.url("/delayed?ms=300")] * 10)))
    assert first.result.status == "ok"
    assert pool.cancelled
    pool.close()


def test_run_async_keeps_the_event_loop_free(server: LocalServer, policy: FetchPolicy) -> None:
    urls = [server.url(f"/delayed?ms=100&i={i}") for i in range(12)]

    async def main() -> tuple[list[str], int, list[int]]:
        ticks = 0
        done: list[int] = []
        loop_thread = threading.get_ident()

        def on_progress(p: Progress) -> None:
            assert threading.get_ident() == loop_thread  # callbacks arrive on the loop's thread
            done.append(p.done)

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        tick_task = asyncio.create_task(ticker())
        with FetchPool(policy, concurrency=4) as pool:
            results = await pool.run_async(urls, on_progress=on_progress)
        tick_task.cancel()
        return [r.status for r in results], ticks, done

    statuses, ticks, done = asyncio.run(main())
    assert statuses == ["ok"] * 12 and done == list(range(1, 13))
    assert ticks >= 10  # the loop kept running while ~0.3 s of fetching happened in threads


def test_cancelling_the_async_task_cancels_the_batch(server: LocalServer) -> None:
    slow = FetchPolicy(read_timeout=5.0, deadline=10.0, allow_addresses=("127.0.0.1",))
    pool = FetchPool(slow, concurrency=2)

    async def main() -> None:
        task = asyncio.create_task(pool.run_async([server.url("/drip")] * 4))
        await asyncio.sleep(0.3)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    started = time.monotonic()
    asyncio.run(main())
    assert pool.cancelled and time.monotonic() - started < 1.5
    pool.close()
