"""Migration: a program written for notifications_python_client runs unchanged except for its
imports (notifications_python_client → govuk_notify), against the simulator, with the same output
as the official client produces."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

PROGRAM = Path(__file__).resolve().parent / "programs" / "legacy_app.py"


def migrated_source() -> str:
    source = PROGRAM.read_text()
    out = re.sub(r"^(from|import) notifications_python_client", r"\1 govuk_notify", source, flags=re.M)
    # Only import lines changed.
    changed = [(a, b) for a, b in zip(source.splitlines(), out.splitlines()) if a != b]
    assert len(changed) == 3 and all(a.startswith("from notifications_python_client") for a, _ in changed)
    return out


def run_program(source: str, sim, tmp_path: Path, name: str, python: str = sys.executable) -> subprocess.CompletedProcess:
    path = tmp_path / name
    path.write_text(source)
    env = dict(
        os.environ,
        NOTIFY_API_KEY=sim.keys["test"],
        NOTIFY_API_URL=sim.base_url,
        SMS_TEMPLATE_ID=sim.templates["sms"],
        EMAIL_TEMPLATE_ID=sim.templates["email"],
        EMAIL_FILE_TEMPLATE_ID=sim.templates["email_file"],
        LETTER_TEMPLATE_ID=sim.templates["letter"],
    )
    return subprocess.run([python, str(path)], env=env, capture_output=True, text=True, timeout=300)


def test_legacy_program_runs_on_govuk_notify(sim, tmp_path):
    sim.received_texts(4)
    sim.fault(method="POST", path_prefix="/v2/notifications/sms", status=503, body="", times=1)
    # MIGRATION_PYTHON (set by run.sh) is a clean venv holding only the built wheel.
    ours = run_program(
        migrated_source(), sim, tmp_path, "migrated.py", os.environ.get("MIGRATION_PYTHON", sys.executable)
    )
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.rstrip().endswith("DONE")
    assert "govuk_notify" in ours.stderr  # its logging went to our logger

    sim.reset()
    sim.received_texts(4)
    sim.fault(method="POST", path_prefix="/v2/notifications/sms", status=503, body="", times=1)
    official = run_program(PROGRAM.read_text(), sim, tmp_path, "original.py")
    assert official.returncode == 0, official.stderr
    assert ours.stdout == official.stdout
