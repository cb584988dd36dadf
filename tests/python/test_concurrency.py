"""Threads, fork and interpreter exit: one client shared by 16 threads; a client created before
os.fork() used in the child (directly and through a multiprocessing 'fork' context); the GIL is
released while a request waits; nothing hangs when the interpreter exits mid-request."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import threading

import pytest

from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient

THREADS = 16
PER_THREAD = 10


def test_sixteen_threads_share_one_client(sim, client):
    results, errors = [], []
    barrier = threading.Barrier(THREADS)

    def work(n):
        barrier.wait()
        try:
            for i in range(PER_THREAD):
                r = client.send_sms_notification("07700900123", sim.templates["sms"], {"name": f"{n}-{i}"}, reference=f"t{n}")
                results.append(r["id"])
                client.get_notification_by_id(r["id"])
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == len(set(results)) == THREADS * PER_THREAD
    sent = [r for r in sim.requests() if r["method"] == "POST"]
    assert len(sent) == THREADS * PER_THREAD
    # Every thread's iterator sees the whole list too.
    assert len(list(client.get_all_notifications_iterator(reference="t3"))) == PER_THREAD


def test_gil_is_released_while_waiting(sim, client):
    sim.fault(method="GET", action="delay", delay_ms=400)
    done = threading.Event()
    result = {}

    def call():
        result["template"] = client.get_template(sim.templates["sms"])
        done.set()

    t = threading.Thread(target=call)
    t.start()
    spins = 0
    while not done.is_set():
        spins += 1
    t.join()
    assert result["template"]["id"] == sim.templates["sms"]
    # With the GIL held for 400 ms this loop could not have run until the call returned.
    assert spins > 10_000


def _child_send(base_url, key, template, queue):
    # Uses the client inherited through the fork (a module global in the parent test).
    try:
        r = _INHERITED[0].send_sms_notification("07700900123", template, {"name": "mp-child"})
        queue.put(("ok", r["id"]))
    except BaseException as e:  # noqa: BLE001
        queue.put(("error", repr(e)))


_INHERITED: list = []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_client_created_before_fork_works_in_the_child(sim, client):
    # Warm up: the parent's runtime, connection pool and worker threads exist before the fork.
    before = client.send_sms_notification("07700900123", sim.templates["sms"], {"name": "parent"})
    pid = os.fork()
    if pid == 0:  # child: must not return into pytest
        code = 1
        try:
            r = client.send_sms_notification("07700900123", sim.templates["sms"], {"name": "child"})
            got = client.get_notification_by_id(r["id"])
            assert got["id"] == r["id"]
            assert len(list(client.get_all_notifications_iterator())) >= 2
            code = 0
        except BaseException:  # noqa: BLE001
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # The parent still works after the fork.
    assert client.get_notification_by_id(before["id"])["id"] == before["id"]
    bodies = [r["body"] for r in sim.requests() if r["method"] == "POST"]
    assert any('"child"' in b for b in bodies)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_busy_client_forked_and_busy_in_the_child(sim, client):
    # Enough calls that this thread drives requests itself (see core/src/blocking/mod.rs),
    # before and after the fork, so both the shared runtime and the per-thread one are rebuilt.
    for _ in range(12):
        client.get_template(sim.templates["sms"])
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for i in range(12):
                client.send_sms_notification("07700900123", sim.templates["sms"], {"name": f"busy-child-{i}"})
            code = 0
        except BaseException:  # noqa: BLE001
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    for _ in range(3):
        assert client.get_template(sim.templates["sms"])["id"] == sim.templates["sms"]
    bodies = [r["body"] for r in sim.requests() if r["method"] == "POST"]
    assert sum('"busy-child-' in b for b in bodies) == 12


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_multiprocessing_fork_context(sim, client):
    client.get_template(sim.templates["sms"])  # warm up in the parent
    _INHERITED[:] = [client]
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_child_send, args=(sim.base_url, sim.keys["test"], sim.templates["sms"], queue)) for _ in range(4)]
    for p in procs:
        p.start()
    outcomes = [queue.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    assert len({value for _, value in outcomes}) == 4
    assert client.get_template(sim.templates["sms"])["id"] == sim.templates["sms"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_async_client_in_forked_child(sim):
    import asyncio

    aclient = AsyncNotificationsAPIClient(sim.keys["test"], base_url=sim.base_url)
    asyncio.run(aclient.get_template(sim.templates["sms"]))
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            r = asyncio.run(aclient.send_sms_notification("07700900123", sim.templates["sms"], {"name": "async-child"}))
            code = 0 if r["id"] else 1
        except BaseException:  # noqa: BLE001
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def _run_script(body: str, sim) -> subprocess.CompletedProcess:
    script = textwrap.dedent(body).format(key=sim.keys["test"], base_url=sim.base_url, template=sim.templates["sms"])
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)


def test_interpreter_exits_with_a_sync_request_in_flight(sim):
    sim.fault(method="GET", action="hang", delay_ms=600_000, times=None)
    try:
        proc = _run_script(
            """
            import threading, time
            from govuk_notify import NotificationsAPIClient
            c = NotificationsAPIClient("{key}", base_url="{base_url}")
            c.send_sms_notification("07700900123", "{template}", {{"name": "x"}})
            t = threading.Thread(target=c.get_template, args=("{template}",), daemon=True)
            t.start()
            time.sleep(0.2)
            print("exiting")
            """,
            sim,
        )
    finally:
        sim.clear_faults()
    assert proc.returncode == 0, proc.stderr
    assert "exiting" in proc.stdout


def test_interpreter_exits_with_an_async_request_in_flight(sim):
    sim.fault(method="GET", action="hang", delay_ms=600_000, times=None)
    try:
        proc = _run_script(
            """
            import asyncio
            from govuk_notify import AsyncNotificationsAPIClient
            c = AsyncNotificationsAPIClient("{key}", base_url="{base_url}")
            async def main():
                await c.send_sms_notification("07700900123", "{template}", {{"name": "x"}})
                task = asyncio.ensure_future(c.get_template("{template}"))
                await asyncio.sleep(0.2)
                # Leave without awaiting: asyncio.run cancels the task.
            asyncio.run(main())
            print("exiting")
            """,
            sim,
        )
    finally:
        sim.clear_faults()
    assert proc.returncode == 0, proc.stderr
    assert "exiting" in proc.stdout


def test_interpreter_exits_while_responses_arrive(sim):
    # Results are delivered (call_soon_threadsafe) while the loop and the interpreter shut down.
    sim.fault(method="GET", action="delay", delay_ms=150, times=None)
    try:
        proc = _run_script(
            """
            import asyncio, sys
            from govuk_notify import AsyncNotificationsAPIClient
            c = AsyncNotificationsAPIClient("{key}", base_url="{base_url}")
            async def main():
                for _ in range(50):
                    asyncio.ensure_future(c.get_template("{template}"))
                await asyncio.sleep(0.1)
            loop = asyncio.new_event_loop()
            loop.run_until_complete(main())
            loop.close()
            print("exiting")
            sys.exit(0)
            """,
            sim,
        )
    finally:
        sim.clear_faults()
    assert proc.returncode == 0, proc.stderr
    assert "exiting" in proc.stdout


def test_interpreter_exits_cleanly_right_after_a_gather(sim):
    # Regression: a runtime thread delivering the last result could still be inside
    # call_soon_threadsafe (which drops the GIL to write the loop's wake-up pipe) when the
    # interpreter began finalizing, and CPython aborted the process. The atexit hook now waits for
    # deliveries in progress. The race is narrow, so exercise it a number of times.
    for attempt in range(15):
        proc = _run_script(
            """
            import asyncio
            from govuk_notify import AsyncNotificationsAPIClient
            async def main():
                c = AsyncNotificationsAPIClient("{key}", base_url="{base_url}")
                await asyncio.gather(*(c.get_template("{template}") for _ in range(10)))
            asyncio.run(main())
            print("exiting")
            """,
            sim,
        )
        assert proc.returncode == 0, f"attempt {attempt}: {proc.stderr}"
        assert "exiting" in proc.stdout
