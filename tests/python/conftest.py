"""Shared fixtures: one simulator per test session (reset before every test), clients for it, and
helpers for the simulator's control API (faults, clock, recorded requests)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
SIMULATOR = Path(os.environ.get("GOVUK_NOTIFY_SIMULATOR", REPO / "target" / "debug" / "govuk-notify-simulator"))
GOLDEN = REPO / "core" / "tests" / "data" / "official-python-requests.json"
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

sys.path.insert(0, str(Path(__file__).resolve().parent))


class Simulator:
    """A running `govuk-notify-simulator` and its control API."""

    def __init__(self, *extra_args: str) -> None:
        if not SIMULATOR.exists():
            raise RuntimeError(f"{SIMULATOR} not built: run `cargo build -p govuk-notify-simulator`")
        args = [str(SIMULATOR), "--port", "0", "--json", "--status-delay-ms", "0", "--pdf-delay-ms", "0", *extra_args]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            self.proc.kill()
            raise RuntimeError("the simulator exited before printing its JSON line")
        self.info: Dict[str, Any] = json.loads(line)
        # Keep draining stdout so the simulator never blocks on a full pipe.
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        self.base_url: str = self.info["base_url"]
        self.control_url: str = self.info["control_url"]
        self.keys: Dict[str, str] = self.info["keys"]
        self.templates: Dict[str, str] = self.info["templates"]

    # -- control API -----------------------------------------------------------------------
    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.control_url}/{path}", data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            text = resp.read().decode()
        return json.loads(text) if text else None

    def reset(self) -> None:
        self._call("POST", "reset", {})

    def fault(self, **fault: Any) -> None:
        fault.setdefault("times", 1)
        self._call("POST", "faults", fault)

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    def clock(self, offset_secs: float) -> None:
        self._call("POST", "clock", {"offset_secs": offset_secs})

    def requests(self) -> List[Dict[str, Any]]:
        got = self._call("GET", "requests")
        return got["requests"] if isinstance(got, dict) else got

    def clear_requests(self) -> None:
        self._call("DELETE", "requests")

    def received_texts(self, count: int) -> None:
        self._call("POST", "received-texts", {"count": count})

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def normalise_request(r: Dict[str, Any]) -> Dict[str, Any]:
    """What the compatibility contract compares: method, path, parsed query, JSON body."""
    body = r.get("body") or ""
    return {
        "method": r["method"],
        "path": r["path"],
        "query": urllib.parse.parse_qs(r.get("query") or "", keep_blank_values=True),
        "json": json.loads(body) if body else None,
    }


@pytest.fixture(scope="session")
def sim():
    s = Simulator("--page-size", "3")
    yield s
    s.stop()


@pytest.fixture(autouse=True)
def _reset(request):
    if "sim" in request.fixturenames:
        request.getfixturevalue("sim").reset()
    yield


@pytest.fixture
def client(sim):
    from govuk_notify import NotificationsAPIClient, RetryPolicy

    return NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url, retry_policy=RetryPolicy.none())


@pytest.fixture
def official(sim):
    from notifications_python_client.notifications import NotificationsAPIClient

    return NotificationsAPIClient(sim.keys["test"], base_url=sim.base_url)


def closed_port_url() -> str:
    """A loopback URL nothing listens on (bind, read the port, close)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
