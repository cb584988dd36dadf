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
    "validation": E.ValidationError,
    "http": E.HTTPError,
    "argument": E.ArgumentError,
}


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class SilentTlsPort:
    """A 127.0.0.1 port that accepts TCP connections (the kernel completes them from the backlog)
    and never answers, so a TLS handshake to it never completes."""

    def __enter__(self) -> str:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        return f"https://127.0.0.1:{self.sock.getsockname()[1]}"

    def __exit__(self, *exc: Any) -> None:
        self.sock.close()


def record(result: Dict[str, Any]) -> None:
    path = os.environ.get("FAULTS_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(result) + "\n")


async def call_async(client: AsyncNotificationsAPIClient, cell: Dict[str, Any], template_id: str) -> None:
    if cell["op"] == "send":
        await client.send_sms_notification(SPEC["phone_number"], template_id)
    elif cell["op"] == "list":
        await client.get_all_notifications(reference="r" * cell["reference_chars"])
    else:
        await client.get_template(template_id)


def call_sync(client: NotificationsAPIClient, cell: Dict[str, Any], template_id: str) -> None:
    if cell["op"] == "send":
        client.send_sms_notification(SPEC["phone_number"], template_id)
    elif cell["op"] == "list":
        # The iterator applies the same rule before its first request.
        with pytest.raises(E.ArgumentError):
            next(iter(client.get_all_notifications_iterator(reference="r" * cell["reference_chars"])))
        client.get_all_notifications(reference="r" * cell["reference_chars"])
    else:
        client.get_template(template_id)


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
    silent = SilentTlsPort()
    base_url = sim.base_url
    if cell.get("closed_port"):
        base_url = closed_port_url()
    elif cell.get("silent_tls_port"):
        base_url = silent.__enter__()
    client = cls(
        sim.keys["test"],
        base_url=base_url,
        timeout=timeout,
        retry_policy=RetryPolicy(retry_sends=True) if cell.get("retry_sends") else None,
    )
    template_id = sim.templates["sms"]
    raised: Optional[BaseException] = None
    started = time.monotonic()
    try:
        if isinstance(client, AsyncNotificationsAPIClient):
            asyncio.run(call_async(client, cell, template_id))
        else:
            call_sync(client, cell, template_id)
    except Exception as e:  # noqa: BLE001 - checked below
        raised = e
    finally:
        if cell.get("silent_tls_port"):
            silent.__exit__()
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
    if cell["kind"] == "http":
        assert type(raised) is E.HTTPError, repr(raised)  # not a RateLimitError
    assert isinstance(raised, E.NotifyError)
    assert kind == cell["kind"], getattr(raised, "detail", raised)
    # Every error prints (a deeply nested body used to make str(e) raise RecursionError).
    printed = str(raised)
    assert printed
    if isinstance(raised, E.APIError):
        raised.message  # noqa: B018 - must not raise (it may be None, as in the official client)
    if cell["kind"] in ("transport", "timeout"):
        # Issue #14 item 9: the cause is in str(e), not only in .detail.
        assert raised.detail and raised.detail in printed, printed
    if "reached" in cell:
        assert raised.may_have_reached_server is cell["reached"]
    if cell["kind"] == "argument":
        assert raised.field is not None and not raised.retryable
        assert seen == cell["requests"], f"the simulator saw {seen} requests"
        return
    assert isinstance(raised, E.APIError)
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
