"""The concurrent link checker: ordering, progress, concurrency, cancellation, asyncio use."""

from __future__ import annotations

import asyncio
import contextlib
import threading

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
    # Each request is answered only once all 8 are in the server at the same moment: run one at a time,
    # or fewer than 8 at once, and they fail (504) instead of passing.
    patient = FetchPolicy(read_timeout=10.0, deadline=15.0, allow_addresses=("127.0.0.1",))
    urls = [server.url(f"/together?n=8&i={i}") for i in range(8)]
    with FetchPool(patient, concurrency=8) as pool:
        results = pool.run(urls)
    assert [r.status for r in results] == ["ok"] * 8


def test_no_more_than_the_bound_run_at_once(server: LocalServer, policy: FetchPolicy) -> None:
    patient = FetchPolicy(read_timeout=5.0, deadline=10.0, allow_addresses=("127.0.0.1",))
    urls = [server.url(f"/together?n=3&wait=1&i={i}") for i in range(3)]
    with FetchPool(patient, concurrency=2) as pool:
        results = pool.run(urls)
    assert all(r.status == "server_error" for r in results)  # the third never joined the first two


def test_cancel_stops_queued_and_in_flight_fetches(server: LocalServer, policy: FetchPolicy) -> None:
    slow = FetchPolicy(read_timeout=5.0, deadline=10.0, allow_addresses=("127.0.0.1",))
    urls = [server.url("/drip")] * 2 + [server.url("/ok")] * 20
    pool = FetchPool(slow, concurrency=2)
    progress: list[Progress] = []
    threading.Timer(0.3, pool.cancel).start()
    results = pool.run(urls, on_progress=progress.append)
    pool.close()
    # Without the cancel the drips would end as "timeout" (10 s deadline), not "cancelled"; and the
    # server sees both connections hung up on.
    assert server.drips_dropped.acquire(timeout=10) and server.drips_dropped.acquire(timeout=10)
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
    # The fetches wait at the server until a task on the event loop opens the gate: if awaiting the
    # batch blocked the loop, the gate would stay shut and every fetch would fail.
    urls = [server.url(f"/gate?i={i}") for i in range(12)]

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
                if ticks == 10:
                    server.gate.set()

        tick_task = asyncio.create_task(ticker())
        with FetchPool(policy, concurrency=4) as pool:
            results = await pool.run_async(urls, on_progress=on_progress)
        tick_task.cancel()
        return [r.status for r in results], ticks, done

    statuses, ticks, done = asyncio.run(main())
    assert statuses == ["ok"] * 12 and done == list(range(1, 13))
    assert ticks >= 10


def test_cancelling_the_async_task_cancels_the_batch(server: LocalServer) -> None:
    slow = FetchPolicy(read_timeout=5.0, deadline=10.0, allow_addresses=("127.0.0.1",))
    pool = FetchPool(slow, concurrency=2)

    async def main() -> None:
        task = asyncio.create_task(pool.run_async([server.url("/drip")] * 4))
        await asyncio.sleep(0.3)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert pool.cancelled
    assert all(server.drips_dropped.acquire(timeout=10) for _ in range(2))  # the two in flight
    pool.close()
