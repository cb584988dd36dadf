"""Checks the built Python distributions as a user's installer would see them.

    python tests/python/check_dist.py WHEEL_DIR SDIST_DIR

- the wheel is tagged manylinux_2_17_x86_64 (manylinux2014) and `auditwheel show` agrees: every
  glibc symbol it uses exists in glibc 2.17 and it links no library outside the manylinux policy;
- the wheel and the sdist both carry the LICENSE, and the wheel its typing files.
Prints one line per check and "N passed, N failed"; exits non-zero on any failure.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path


def main(wheel_dir: str, sdist_dir: str) -> int:
    results: list[tuple[str, bool, str]] = []

    def check(name: str, ok: bool, detail: str = "") -> None:
        results.append((name, ok, detail))

    wheels = sorted(Path(wheel_dir).glob("govuk_notify-*.whl"))
    sdists = sorted(Path(sdist_dir).glob("govuk_notify-*.tar.gz"))
    check("one wheel was built", len(wheels) == 1, str(wheels))
    check("one sdist was built", len(sdists) == 1, str(sdists))
    if wheels:
        wheel = wheels[0]
        check("the wheel is tagged manylinux_2_17_x86_64", "manylinux_2_17_x86_64" in wheel.name, wheel.name)
        shown = subprocess.run([sys.executable, "-m", "auditwheel", "show", str(wheel)],
                               capture_output=True, text=True)
        text = " ".join((shown.stdout + shown.stderr).split())
        check("auditwheel show: consistent with manylinux_2_17_x86_64",
              shown.returncode == 0 and '"manylinux_2_17_x86_64"' in text, text[:600])
        names = zipfile.ZipFile(wheel).namelist()
        check("the wheel carries LICENSE", any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith("/LICENSE")
                                               for n in names), str([n for n in names if "dist-info" in n]))
        check("the wheel carries py.typed and the stubs",
              "govuk_notify/py.typed" in names and "govuk_notify/_native.pyi" in names, "")
    if sdists:
        members = tarfile.open(sdists[0]).getnames()
        check("the sdist carries LICENSE", any(m.endswith("/LICENSE") for m in members),
              str([m for m in members if m.count("/") <= 2][:40]))

    for name, ok, detail in results:
        print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else f": {detail}"))
    failed = sum(1 for _, ok, _ in results if not ok)
    print(f"dist: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
