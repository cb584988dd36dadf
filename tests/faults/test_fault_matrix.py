"""The fault matrix for the Python binding: every cell of tests/faults/cells.json (one injected
fault, one call) against the simulator. Checks the exception class and `kind`, `status_code`,
`retryable`, `clock_skew`, the number of requests the simulator saw, and (for the hang cells) that
the call returned within timeout * 1.1 + 0.25 s.

Every cell runs with the blocking NotificationsAPIClient and with the AsyncNotificationsAPIClient
(in asyncio.run). Run by tests/faults/run.sh with the repository's .venv. With FAULTS_RESULTS set, one JSON line per
cell is appended to that file (for the README table)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
from pathlib import Path
from typing import Any, Dict, Optional, Type

import pytest

from govuk_notify import AsyncNotificationsAPIClient, NotificationsAPIClient, RetryPolicy
from govuk_notify import errors as E

SPEC = json.loads((Path(__file__).resolve().parent / "cells.json").read_text())
CELLS = [c for c in SPEC["cells"] if "python" in c.get("only", ["python"])]

# The class each (kind, status) must raise: the most specific one of govuk_notify.errors.
EXPECTED_CLASS: Dict[str, Type[BaseException]] = {
    "server": E.ServerError,
    "rate_limited": E.RateLimitError,
    "daily_limit": E.DailyLimitError,
    "transport": E.TransportError,
    "timeout": E.RequestTimeoutError,
    "invalid_response": E.InvalidResponse,
    "auth": E.AuthError,
}


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def record(result: Dict[str, Any]) -> None:
    path = os.environ.get("FAULTS_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(result) + "\n")


async def call_async(client: AsyncNotificationsAPIClient, op: str, template_id: str) -> None:
    if op == "send":
        await client.send_sms_notification(SPEC["phone_number"], template_id)
    else:
        await client.get_template(template_id)


@pytest.mark.parametrize("flavour", ["sync", "asyncio"])
@pytest.mark.parametrize("cell", CELLS, ids=[f"{c['fault']} / {c['op']}" for c in CELLS])
def test_fault_cell(sim, cell: Dict[str, Any], flavour: str) -> None:
    sim.call("POST", "reset", {})
    if "inject" in cell:
        sim.call("POST", "faults", {**cell["inject"], "times": None})  # every retry meets it too
    if cell.get("clock_offset_s"):
        sim.call("POST", "clock", {"offset_secs": cell["clock_offset_s"]})
    timeout = float(cell.get("timeout_s", SPEC["timeout_s"]))
    cls = NotificationsAPIClient if flavour == "sync" else AsyncNotificationsAPIClient
    client = cls(
        sim.keys["test"],
        base_url=closed_port_url() if cell.get("closed_port") else sim.base_url,
        timeout=timeout,
        retry_policy=RetryPolicy(retry_sends=True) if cell.get("retry_sends") else None,
    )
    template_id = sim.templates["sms"]
    raised: Optional[BaseException] = None
    started = time.monotonic()
    try:
        if isinstance(client, AsyncNotificationsAPIClient):
            asyncio.run(call_async(client, cell["op"], template_id))
        elif cell["op"] == "send":
            client.send_sms_notification(SPEC["phone_number"], template_id)
        else:
            client.get_template(template_id)
    except Exception as e:  # noqa: BLE001 - checked below
        raised = e
    elapsed = time.monotonic() - started
    seen = len(sim.requests())

    kind = getattr(raised, "kind", None)
    response = getattr(raised, "response", None)
    status = response.status_code if response is not None else None
    record(
        {
            "lang": "python" if flavour == "sync" else "python-asyncio",
            "fault": cell["fault"],
            "op": cell["op"],
            "kind": kind,
            "class": type(raised).__name__ if raised else None,
            "status": status,
            "elapsed_ms": round(elapsed * 1000, 1),
            "requests": seen,
            "timeout_s": timeout,
        }
    )

    assert raised is not None, "the call succeeded"
    assert isinstance(raised, EXPECTED_CLASS[cell["kind"]]), repr(raised)
    assert isinstance(raised, E.NotifyError) and isinstance(raised, E.APIError)
    assert kind == cell["kind"], getattr(raised, "detail", raised)
    assert status == cell["status"]
    if cell["status"] is None:
        # No response: the official client's compatibility values.
        assert raised.status_code == 503 and isinstance(raised, E.HTTP503Error)
    elif cell["status"] == 503:
        assert isinstance(raised, E.ServiceUnavailableError) and isinstance(raised, E.HTTP503Error)
    assert raised.retryable is cell["retryable"]
    assert seen == cell["requests"], f"the simulator saw {seen} requests"
    if "clock_skew_s" in cell:
        assert raised.clock_skew is not None and abs(raised.clock_skew - cell["clock_skew_s"]) <= 3
    if cell.get("timed"):
        assert elapsed <= timeout * 1.1 + 0.25, f"took {elapsed:.3f} s"
