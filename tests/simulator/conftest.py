"""Fixtures that run the govuk-notify-simulator binary for the Python tests.

The binary is taken from $GOVUK_NOTIFY_SIMULATOR, defaulting to
<repo>/target/debug/govuk-notify-simulator. It is started with
``--port 0 --json`` plus any extra arguments; the first stdout line is the
JSON description of the running server (base_url, keys, template ids...).
"""

import json
import os
import pathlib
import select
import subprocess
import urllib.request

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("GOVUK_NOTIFY_SIMULATOR", str(REPO / "target" / "debug" / "govuk-notify-simulator"))
STARTUP_TIMEOUT_SECONDS = 20


class RunningSimulator(dict):
    """The simulator's --json line (a dict) plus a handle on the process."""

    def __init__(self, info, process):
        super().__init__(info)
        self.process = process

    def control(self, method, path, body=None):
        """Calls the control API (``/_simulator/<path>``) and returns the decoded JSON."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self['control_url']}/{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def requests(self):
        """Requests the simulator recorded (method, path, query, headers, body, status)."""
        return self.control("GET", "requests")


def _start(args):
    if not os.path.exists(BINARY):
        pytest.fail(f"simulator binary not found at {BINARY}; build it or set GOVUK_NOTIFY_SIMULATOR")
    process = subprocess.Popen(
        [BINARY, "--port", "0", "--json", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready, _, _ = select.select([process.stdout], [], [], STARTUP_TIMEOUT_SECONDS)
    line = process.stdout.readline() if ready else ""
    if not line:
        process.kill()
        _, stderr = process.communicate(timeout=10)
        pytest.fail(f"simulator did not start: {stderr}")
    return RunningSimulator(json.loads(line), process)


def _stop(sim):
    sim.process.terminate()
    try:
        sim.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        sim.process.kill()
        sim.process.wait(timeout=10)
    assert sim.process.returncode == 0, f"simulator exited with {sim.process.returncode}"


@pytest.fixture
def start_simulator():
    """Factory: ``start_simulator("--rate-limit", "2")`` starts one more simulator."""
    started = []

    def start(*args):
        sim = _start(list(args))
        started.append(sim)
        return sim

    yield start
    for sim in started:
        _stop(sim)


@pytest.fixture
def simulator(start_simulator):
    """A simulator with small pages, immediate statuses and ready PDFs."""
    return start_simulator("--page-size", "3", "--status-delay-ms", "0", "--pdf-delay-ms", "0")
