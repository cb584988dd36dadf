"""Runs every quick start in README.md as written, against a simulator it starts itself.

A quick start is a fenced code block whose info string has the word ``quickstart`` (```` ```python
quickstart ````, ```` ```rust,no_run,quickstart ````). Each one is written to a scratch directory,
built if the language needs it, and run with NOTIFY_API_KEY and NOTIFY_BASE_URL set to the
simulator's test key and address. It passes when it exits 0 and printed a notification id (so it
really sent something). The builds it needs (the simulator, libgovuk_notify, the Python extension
in .venv, the Node addon) are made by tests/readme/run.sh before this runs.

Usage: python3 tests/readme/run_quickstarts.py [README.md ...]
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```\s*$", re.M | re.S)
# Every language the README must have a runnable quick start for; others run when present.
REQUIRED = {"rust", "python", "js", "c", "ruby", "csharp"}


def quickstarts(markdown: str) -> list[tuple[str, str, int]]:
    """(language, code, line) of each fenced block whose info string has the word quickstart."""
    found = []
    for m in FENCE.finditer(markdown):
        words = [w for w in re.split(r"[,\s]+", m.group(1).strip()) if w]
        if "quickstart" in words:
            found.append((words[0], m.group(2), markdown.count("\n", 0, m.start()) + 1))
    return found


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def build_and_run(lang: str, code: str, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    if lang == "python":
        (work / "quickstart.py").write_text(code)
        python = os.environ.get("QUICKSTART_PYTHON", str(ROOT / ".venv/bin/python"))
        return run([python, "quickstart.py"], work, env)
    if lang in ("js", "javascript"):
        # The package name resolves as it would after `npm install govuk-notify`.
        modules = work / "node_modules"
        modules.mkdir()
        (modules / "govuk-notify").symlink_to(ROOT / "bindings-node")
        (work / "quickstart.js").write_text(code)
        return run(["node", "quickstart.js"], work, env)
    if lang == "c":
        (work / "quickstart.c").write_text(code)
        lib = TARGET / "debug"
        built = run(["cc", "-std=c11", "-Wall", "-Werror", "-I", str(ROOT / "include"), "quickstart.c",
                     "-L", str(lib), "-lgovuk_notify", "-o", "quickstart"], work, env)
        if built.returncode != 0:
            return built
        return run(["./quickstart"], work, {**env, "LD_LIBRARY_PATH": str(lib)})
    if lang == "rust":
        # A project of its own, as a user would have, that depends on the core by path. The
        # workspace's lock file and target directory keep it to compiling the one file.
        (work / "src").mkdir()
        (work / "src/main.rs").write_text(code)
        (work / "Cargo.toml").write_text(
            '[package]\nname = "readme-quickstart"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
            "[dependencies]\n"
            f'govuk-notify = {{ path = "{ROOT / "core"}" }}\n'
            'tokio = { version = "1", features = ["macros", "rt-multi-thread"] }\n\n[workspace]\n'
        )
        shutil.copy(ROOT / "Cargo.lock", work / "Cargo.lock")
        return run(["cargo", "run", "--quiet", "--offline"], work, {**env, "CARGO_TARGET_DIR": str(TARGET)}, 1200)
    if lang == "ruby":
        (work / "quickstart.rb").write_text(code)
        return run(["ruby", "-I", str(ROOT / "bindings-ruby/lib"), "quickstart.rb"], work,
                   {**env, "GOVUK_NOTIFY_LIB": str(TARGET / "debug/libgovuk_notify.so")})
    if lang in ("csharp", "cs"):
        dll = Path(os.environ.get("GOVUK_NOTIFY_DOTNET_DLL", TARGET / "dotnet" / "Notify.Client.dll"))
        (work / "Quickstart.cs").write_text(code)
        built = run(["mcs", "-out:Quickstart.exe", f"-r:{dll}", "Quickstart.cs"], work, env)
        if built.returncode != 0:
            return built
        shutil.copy(dll, work / dll.name)
        return run(["mono", "Quickstart.exe"], work,
                   {**env, "GOVUK_NOTIFY_LIB": str(TARGET / "debug/libgovuk_notify.so")})
    raise ValueError(f"no runner for quick starts in {lang!r}")


def start_simulator(work: Path) -> tuple[subprocess.Popen, dict]:
    binary = os.environ.get("GOVUK_NOTIFY_SIMULATOR", str(TARGET / "debug/govuk-notify-simulator"))
    proc = subprocess.Popen([binary, "--port", "0", "--json"], stdout=subprocess.PIPE,
                            stderr=open(work / "simulator.err", "w"), text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    if not line:
        proc.kill()
        raise SystemExit(f"the simulator ({binary}) did not start: {(work / 'simulator.err').read_text()}")
    return proc, json.loads(line)


def main(paths: list[str]) -> int:
    blocks = []
    for path in paths or [str(ROOT / "README.md")]:
        text = Path(path).read_text()
        blocks += [(Path(path).name, *b) for b in quickstarts(text)]
    missing = REQUIRED - {lang if lang != "javascript" else "js" for _, lang, _, _ in blocks}
    passed = failed = 0
    if missing:
        print(f"FAIL: README.md has no quick start for {sorted(missing)}")
        failed += len(missing)
    scratch = Path(tempfile.mkdtemp(prefix="quickstarts-"))
    sim, info = start_simulator(scratch)
    try:
        env = {**os.environ, "NOTIFY_API_KEY": info["keys"]["test"], "NOTIFY_BASE_URL": info["base_url"]}
        for i, (name, lang, code, line) in enumerate(blocks):
            work = scratch / f"{i}-{lang}"
            work.mkdir()
            label = f"{name}:{line} ({lang})"
            try:
                result = build_and_run(lang, code, work, env)
            except Exception as exc:  # a runner that cannot start is a failure of that block
                print(f"FAIL {label}: {exc}")
                failed += 1
                continue
            if result.returncode == 0 and UUID.search(result.stdout):
                print(f"ok   {label}: {result.stdout.strip().splitlines()[0][:100]}")
                passed += 1
            else:
                print(f"FAIL {label}: exit {result.returncode}")
                print("  stdout:", result.stdout.strip()[-2000:])
                print("  stderr:", result.stderr.strip()[-4000:])
                failed += 1
    finally:
        sim.terminate()
        sim.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"quickstarts: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
