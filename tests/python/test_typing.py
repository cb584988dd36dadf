"""What type checkers read matches the runtime (mypy.stubtest: the native module's .pyi stub, and
the pure-Python modules, which are typed inline), and typed code using the public API type-checks
with mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import govuk_notify

HERE = Path(__file__).resolve().parent
PACKAGE = Path(govuk_notify.__file__).resolve().parent


def test_py_typed_and_stubs_ship_with_the_package():
    assert (PACKAGE / "py.typed").exists()
    assert (PACKAGE / "_native.pyi").exists()
    # The pure-Python modules are typed inline: a stub beside one would hide its source (and its
    # docstrings) from type checkers and editors, and would have to be kept equal to it by hand.
    for module in ("__init__", "errors", "notifications", "simulator", "utils"):
        assert (PACKAGE / f"{module}.py").exists(), module
        assert not (PACKAGE / f"{module}.pyi").exists(), module


def test_stubtest_runtime_matches_stubs():
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "govuk_notify", "--mypy-config-file", str(HERE / "mypy.ini")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_typed_usage_checks_with_mypy_strict():
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", str(HERE / "mypy.ini"), str(HERE / "programs" / "typed_usage.py")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
