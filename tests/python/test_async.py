"""AsyncNotificationsAPIClient: the same methods as coroutines, on the core's runtime (no thread
per call), async iterators, errors, cancellation."""

from __future__ import annotations

import asyncio
import inspect
import io
import threading

import pytest

from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy
from govuk_notify import errors as E

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ADDRESS = {"address_line_1": "Amala Example", "address_line_2": "1 Example Street", "postcode": "SW1A 1AA"}


@pytest.fixture
def aclient(sim):
    return AsyncNotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, retry_policy=RetryPolicy.none())


def run(coro):
    return asyncio.run(coro)


def os_threads() -> int:
    import os

    return len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else threading.active_count()


def test_same_methods_as_the_sync_client():
    sync_methods = {n for n in dir(NotificationsAPIClient) if not n.startswith("_")}
    async_methods = {n for n in dir(AsyncNotificationsAPIClient) if not n.startswith("_")}
    assert sync_methods == async_methods
    for name in sync_methods:
        attr = getattr(AsyncNotificationsAPIClient, name)
        if isinstance(attr, property):
            continue
        if name.endswith("_iterator"):
            assert not inspect.iscoroutinefunction(attr)
        else:
            assert inspect.iscoroutinefunction(attr), name
        ours = [(p.name, p.default) for p in inspect.signature(attr).parameters.values()][1:]
        sync = [(p.name, p.default) for p in inspect.signature(getattr(NotificationsAPIClient, name)).parameters.values()][1:]
        assert ours == sync, name


def test_every_method(sim, aclient):
    t = sim.templates

    async def main():
        sms = await aclient.send_sms_notification("07700900123", t["sms"], {"name": "A"}, reference="a1")
        email = await aclient.send_email_notification("a@example.com", t["email"], {"name": "A"}, sanitise_content_for=["name"])
        letter = await aclient.send_letter_notification(t["letter"], dict(ADDRESS, name="A"))
        pre = await aclient.send_precompiled_letter_notification("pre", io.BytesIO(PDF), postage="second")
        got = await aclient.get_notification_by_id(sms["id"])
        pdf = await aclient.get_pdf_for_letter(letter["id"])
        page = await aclient.get_all_notifications(template_type="sms", include_jobs=True)
        tpl = await aclient.get_template(t["sms"])
        ver = await aclient.get_template_version(t["sms_versioned"], 2)
        alltpl = await aclient.get_all_templates("sms")
        preview = await aclient.post_template_preview(t["sms"], {"name": "Zoë"})
        texts = await aclient.get_received_texts()
        return sms, email, letter, pre, got, pdf, page, tpl, ver, alltpl, preview, texts

    sim.received_texts(2)
    sms, email, letter, pre, got, pdf, page, tpl, ver, alltpl, preview, texts = run(main())
    assert got["id"] == sms["id"] and sms["reference"] == "a1"
    assert "id" in email and "id" in letter and pre["reference"] == "pre"
    assert isinstance(pdf, io.BytesIO) and pdf.getvalue().startswith(b"%PDF")
    assert [n["id"] for n in page["notifications"]] == [sms["id"]]
    assert tpl["id"] == sim.templates["sms"] and ver["version"] == 2
    assert all(x["type"] == "sms" for x in alltpl["templates"])
    assert "Zoë" in preview["body"]
    assert len(texts["received_text_messages"]) == 2


def test_gather_many_sends_without_a_thread_per_call(sim, aclient):
    async def warm():
        await aclient.get_template(sim.templates["sms"])

    run(warm())
    before = os_threads()

    async def main():
        coros = [aclient.send_sms_notification("07700900123", sim.templates["sms"], {"name": str(i)}) for i in range(200)]
        return await asyncio.gather(*coros), os_threads()

    results, during = run(main())
    assert len({r["id"] for r in results}) == 200
    assert during <= before + 2  # the runtime's fixed pool, not 200 threads
    assert len([r for r in sim.requests() if r["method"] == "POST"]) == 200


def test_async_iterators_walk_every_page(sim, aclient):
    sync = NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url)
    ids = {sync.send_sms_notification("07700900123", sim.templates["sms"], {"name": str(i)})["id"] for i in range(8)}
    sim.received_texts(7)

    async def main():
        notes = [n["id"] async for n in aclient.get_all_notifications_iterator()]
        texts = [x async for x in aclient.get_received_texts_iterator()]
        none = [x async for x in aclient.get_all_notifications_iterator(template_type="letter")]
        return notes, texts, none

    sim.clear_requests()
    notes, texts, none = run(main())
    assert set(notes) == ids and len(notes) == 8
    assert len(texts) == 7
    assert none == []


def test_create_task_and_wait_for_accept_the_coroutines(sim, aclient):
    async def main():
        task = asyncio.create_task(aclient.get_template(sim.templates["sms"]))
        other = await asyncio.wait_for(aclient.get_all_templates(), timeout=30)
        return await task, other

    tpl, alltpl = run(main())
    assert tpl["id"] == sim.templates["sms"] and alltpl["templates"]


def test_errors_are_raised_by_await(sim, aclient):
    async def main():
        with pytest.raises(E.NotFoundError) as nf:
            await aclient.get_notification_by_id("8fef167e-9229-481d-97bb-59e41a2dbc60")
        with pytest.raises(E.ValidationError):
            await aclient.send_sms_notification("07700900123", sim.templates["sms"])
        with pytest.raises(E.ArgumentError):
            await aclient.get_template("not-a-uuid")
        coro = aclient.get_template("not-a-uuid")  # nothing raised until awaited
        with pytest.raises(ValueError):
            await coro
        sim.fault(method="GET", status=500)
        with pytest.raises(E.ServerError):
            await aclient.get_template(sim.templates["sms"])
        return nf.value

    e = run(main())
    assert str(e).startswith("404 - [")


def test_transport_error_async():
    from conftest import closed_port_url

    c = AsyncNotificationsAPIClient("n-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0", base_url=closed_port_url(), retry_policy=RetryPolicy.none())

    async def main():
        with pytest.raises(E.TransportError) as info:
            await c.get_template("8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        return info.value

    e = run(main())
    assert e.status_code == 503 and str(e) == f"503 - Request failed: {e.detail}"


def test_cancellation_does_not_crash(sim, aclient):
    sim.fault(method="GET", action="hang", delay_ms=60_000, times=None)

    async def main():
        task = asyncio.create_task(aclient.get_template(sim.templates["sms"]))
        tasks = [asyncio.create_task(aclient.get_all_templates()) for _ in range(20)]
        await asyncio.sleep(0.2)
        task.cancel()
        for t in tasks:
            t.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert all(isinstance(r, asyncio.CancelledError) for r in results)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(aclient.get_template(sim.templates["sms"]), timeout=0.2)
        sim.clear_faults()
        # The client still works afterwards, on the same loop.
        return await aclient.get_template(sim.templates["sms"])

    assert run(main())["id"] == sim.templates["sms"]


def test_results_arriving_after_cancellation_are_ignored(sim, aclient):
    sim.fault(method="GET", action="delay", delay_ms=200, times=None)

    async def main():
        tasks = [asyncio.create_task(aclient.get_template(sim.templates["sms"])) for _ in range(10)]
        await asyncio.sleep(0.05)
        for t in tasks[:5]:
            t.cancel()
        return await asyncio.gather(*tasks, return_exceptions=True)

    results = run(main())
    sim.clear_faults()
    assert all(isinstance(r, asyncio.CancelledError) for r in results[:5])
    assert all(r["id"] == sim.templates["sms"] for r in results[5:])


def test_several_event_loops_in_threads(sim, aclient):
    out, errors = [], []

    def worker(n):
        try:
            out.append(asyncio.run(aclient.send_sms_notification("07700900123", sim.templates["sms"], {"name": str(n)})))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(out) == 8


def test_a_new_event_loop_each_time_and_a_burst_per_loop(sim, aclient):
    # Each asyncio.run() makes a new loop: each gets its own completion queue; a burst of
    # completions wakes a loop once per batch, and every future still gets its own result.
    async def burst(n):
        return await asyncio.gather(
            *(aclient.send_sms_notification("07700900111", sim.templates["sms"], {"name": str(i)}) for i in range(n))
        )

    for _ in range(3):
        results = run(burst(200))
        assert len(results) == 200 and len({r["id"] for r in results}) == 200


def test_results_reach_a_loop_that_is_busy_in_python(sim, aclient):
    # The runtime thread never takes the GIL, so a loop thread that keeps the GIL (busy Python
    # code between awaits) still gets every result, and nothing deadlocks.
    async def main():
        tasks = [asyncio.create_task(aclient.get_template(sim.templates["sms"])) for _ in range(50)]
        spin = 0
        while not all(t.done() for t in tasks):
            for _ in range(10_000):
                spin += 1
            await asyncio.sleep(0)
        return [t.result()["id"] for t in tasks]

    assert run(main()) == [sim.templates["sms"]] * 50


def test_async_client_in_a_forked_child(sim, aclient):
    import os

    assert run(aclient.get_template(sim.templates["sms"]))["id"] == sim.templates["sms"]
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        code = 1
        try:
            got = asyncio.run(asyncio.wait_for(aclient.get_template(sim.templates["sms"]), timeout=20))
            code = 0 if got["id"] == sim.templates["sms"] else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # And the parent still works.
    assert run(aclient.get_template(sim.templates["sms"]))["id"] == sim.templates["sms"]
