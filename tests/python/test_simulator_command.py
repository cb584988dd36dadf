"""The ``govuk-notify-simulator`` command installed with the wheel: a Python team runs the local
Notify server without a Rust toolchain (``govuk-notify-simulator`` or ``python -m
govuk_notify.simulator``), and the client sends to it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import List

from govuk_notify import NotificationsAPIClient

SCRIPT = Path(sys.prefix) / "bin" / "govuk-notify-simulator"


def run_and_send(command: List[str]) -> None:
    proc = subprocess.Popen([*command, "--port", "0", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "no output"
        info = json.loads(line)
        client = NotificationsAPIClient(info["keys"]["test"], base_url=info["base_url"])
        sent = client.send_sms_notification("07700900123", info["templates"]["sms"], personalisation={"name": "Py"})
        assert client.get_notification_by_id(sent["id"])["phone_number"] == "07700900123"
    finally:
        proc.send_signal(signal.SIGTERM)
        status = proc.wait(timeout=30)
    assert status == 0, f"the simulator exited with {status} after SIGTERM"


def test_console_script_is_installed_and_serves() -> None:
    assert SCRIPT.exists(), f"{SCRIPT} was not installed by the wheel ([project.scripts])"
    run_and_send([str(SCRIPT)])


def test_python_dash_m_serves() -> None:
    run_and_send([sys.executable, "-m", "govuk_notify.simulator"])


def test_help_and_bad_flags() -> None:
    shown = subprocess.run([sys.executable, "-m", "govuk_notify.simulator", "--help"], capture_output=True, text=True)
    assert shown.returncode == 0 and "--port PORT" in shown.stdout
    bad = subprocess.run([sys.executable, "-m", "govuk_notify.simulator", "--no-such-flag"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--no-such-flag" in bad.stderr


def test_ctrl_c_stops_it_cleanly() -> None:
    proc = subprocess.Popen([str(SCRIPT), "--port", "0", "--json"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
