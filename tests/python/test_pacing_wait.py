"""Pacing under the simulator's rate limit (``pace=``) and ``wait_for_status``, sync and async.

The pacing tests run their own simulator with a 1-second window (100 sends a second) and pace
the client with the same limit and window, so sending past the limit takes seconds. The achieved
rate is (sends - 1) / (time from the start of the burst to the last completed send): the first
send goes at once, the last one (sends - 1) intervals later."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import List

import pytest
from conftest import Simulator

from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy
from govuk_notify.errors import ArgumentError, NotFoundError, RateLimitError, RequestTimeoutError

LIMIT = 100
PACE = (LIMIT, 1.0)


@pytest.fixture(scope="module")
def limited():
    s = Simulator("--rate-limit", str(LIMIT), "--rate-limit-window-secs", "1", "--status-delay-ms", "1000")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def slow():
    """Notifications are created, then sending after 100 ms, then final after 200 ms."""
    s = Simulator("--status-delay-ms", "100")
    yield s
    s.stop()


def achieved(started: float, done: List[float]) -> float:
    return (len(done) - 1) / (max(done) - started)


def check_rate(what: str, rate: float) -> None:
    print(f"{what}: achieved {rate:.1f}/s, limit {LIMIT}/s")
    assert abs(rate - LIMIT) <= LIMIT * 0.05, f"{what}: {rate:.1f}/s is not within 5% of {LIMIT}/s"


def test_pace_argument_reaches_the_core(limited):
    key, url = limited.keys["test"], limited.base_url
    assert NotificationsAPIClient(key, base_url=url).pace is None
    assert NotificationsAPIClient(key, base_url=url, pace=False).pace is None
    assert NotificationsAPIClient(key, base_url=url, pace=True).pace == (3000, 60.0)
    assert NotificationsAPIClient(key, base_url=url, pace=1200).pace == (1200, 60.0)
    assert AsyncNotificationsAPIClient(key, base_url=url, pace=(10, 0.5)).pace == (10, 0.5)
    for bad in (0, "fast", (10,), (10, -1.0)):
        with pytest.raises(ArgumentError):
            NotificationsAPIClient(key, base_url=url, pace=bad)


def test_sixteen_threads_stay_under_the_limit(limited):
    limited.reset()
    client = NotificationsAPIClient(
        limited.keys["test"], base_url=limited.base_url, retry_policy=RetryPolicy.none(), pace=PACE
    )
    done: List[float] = []
    errors: List[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(25):
            try:
                client.send_sms_notification("07700900123", limited.templates["sms"], {"name": "Amala"})
            except BaseException as e:  # noqa: BLE001 - collected and asserted below
                errors.append(e)
                return
            with lock:
                done.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(16)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(done) == 400
    check_rate("python, 16 threads", achieved(started, done))


def test_five_hundred_asyncio_tasks_stay_under_the_limit(limited):
    limited.reset()

    async def main() -> None:
        paced = AsyncNotificationsAPIClient(
            limited.keys["test"], base_url=limited.base_url, retry_policy=RetryPolicy.none(), pace=PACE
        )

        async def one() -> float:
            await paced.send_sms_notification("07700900123", limited.templates["sms"], {"name": "Amala"})
            return time.monotonic()

        started = time.monotonic()
        done = await asyncio.gather(*(one() for _ in range(500)))
        check_rate("python, 500 asyncio tasks", achieved(started, list(done)))

        # The same burst unpaced is refused in part: the test does go past the limit.
        limited.reset()
        unpaced = AsyncNotificationsAPIClient(
            limited.keys["test"], base_url=limited.base_url, retry_policy=RetryPolicy.none()
        )
        results = await asyncio.gather(
            *(
                unpaced.send_sms_notification("07700900123", limited.templates["sms"], {"name": "Amala"})
                for _ in range(300)
            ),
            return_exceptions=True,
        )
        assert any(isinstance(r, RateLimitError) for r in results)

    asyncio.run(main())


def test_a_cancelled_paced_send_takes_no_slot(limited):
    limited.reset()

    async def main() -> None:
        paced = AsyncNotificationsAPIClient(limited.keys["test"], base_url=limited.base_url, pace=(2, 1.0))
        await paced.send_sms_notification("07700900123", limited.templates["sms"], {"name": "Amala"})
        # The next slot is 500 ms away: this send is cancelled while queued, before it is sent.
        task = asyncio.create_task(
            paced.send_sms_notification("07700900123", limited.templates["sms"], {"name": "Amala"})
        )
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        started = time.monotonic()
        await paced.send_sms_notification("07700900123", limited.templates["sms"], {"name": "Amala"})
        # It got the cancelled send's slot (about 400 ms away), not the one after (900 ms).
        assert time.monotonic() - started < 0.8

    asyncio.run(main())
    sent = [r for r in limited.requests() if r.get("path", "").endswith("/sms")]
    assert len(sent) == 2


def _send(client: NotificationsAPIClient, sim: Simulator, number: str) -> str:
    return client.send_sms_notification(number, sim.templates["sms"], {"name": "Amala"})["id"]


def test_wait_for_status_sync(slow):
    client = NotificationsAPIClient(slow.keys["test"], base_url=slow.base_url)
    nid = _send(client, slow, "07700900003")
    assert client.get_notification_by_id(nid)["status"] == "created"
    n = client.wait_for_status(nid, poll_interval=0.02, timeout=10)
    assert n["id"] == nid and n["status"] == "temporary-failure"
    assert client.wait_for_status(nid, until="temporary-failure", timeout=10)["status"] == "temporary-failure"

    nid = _send(client, slow, "07700900002")
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError) as info:
        client.wait_for_status(nid, until=["delivered"], timeout=0.6, poll_interval=0.02)
    assert time.monotonic() - started < 5
    assert f"notification {nid} did not reach delivered within 600 ms" in str(info.value)
    assert "last status: permanent-failure" in str(info.value)

    with pytest.raises(ArgumentError):
        client.wait_for_status(nid, until=["deliverd"])
    with pytest.raises(ArgumentError):
        client.wait_for_status("not-a-uuid")
    with pytest.raises(NotFoundError):
        client.wait_for_status("c9e2d8d8-6a53-4f7e-a2a6-0d3c5b5f3b1e", timeout=5)


def test_wait_for_status_async_and_cancellation(slow):
    async def main() -> None:
        client = AsyncNotificationsAPIClient(slow.keys["test"], base_url=slow.base_url)
        r = await client.send_sms_notification("07700900123", slow.templates["sms"], {"name": "Amala"})
        n = await client.wait_for_status(r["id"], poll_interval=0.02, timeout=10)
        assert n["status"] == "delivered"

        r = await client.send_sms_notification("07700900002", slow.templates["sms"], {"name": "Amala"})
        with pytest.raises(RequestTimeoutError):
            await client.wait_for_status(r["id"], until={"delivered"}, timeout=0.5, poll_interval=0.02)

        # asyncio cancellation: wait_for gives up after 0.3 s of a 60 s wait.
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.wait_for_status(r["id"], until="delivered", timeout=60), 0.3)
        assert time.monotonic() - started < 5

    asyncio.run(main())
