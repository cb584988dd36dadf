"""Fixtures for the Python fault matrix: one simulator for the session, an overall watchdog."""

from __future__ import annotations

import faulthandler
import json
import os
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

import pytest

REPO = Path(__file__).resolve().parents[2]
SIMULATOR = Path(os.environ.get("GOVUK_NOTIFY_SIMULATOR", REPO / "target" / "debug" / "govuk-notify-simulator"))

# The whole session is bounded: on expiry every thread's stack is dumped and the process exits,
# so a deadlock or a hang fails the run instead of blocking it.
faulthandler.dump_traceback_later(int(os.environ.get("FAULTS_WATCHDOG_S", "300")), exit=True)


class Simulator:
    """A `govuk-notify-simulator` on a free 127.0.0.1 port, and its control API."""

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
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        self.base_url: str = self.info["base_url"]
        self.control_url: str = self.info["control_url"]
        self.keys: Dict[str, str] = self.info["keys"]
        self.templates: Dict[str, str] = self.info["templates"]

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.control_url}/{path}", data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            text = resp.read().decode()
        return json.loads(text) if text else None

    def requests(self) -> List[Dict[str, Any]]:
        got = self.call("GET", "requests")
        return got["requests"] if isinstance(got, dict) else got

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="session")
def sim():
    s = Simulator()
    yield s
    s.stop()


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001
    faulthandler.cancel_dump_traceback_later()
    sys.stdout.flush()
