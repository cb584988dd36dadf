#!/usr/bin/env bash
# Documentation hygiene, for every tracked file:
#  1. nothing points at the research folder the project was written from (the "shared" folder next
#     to the repository: its spec and vectors). Users of the project do not have it; the protocol
#     is described in docs/protocol.md and the golden vectors are copied into core/tests/data.
#     Tests' own data (tests/**/data, tests/**/fixtures) is exempt: it is recorded material.
#  2. every relative link in a Markdown file leads to a file or folder that exists.
# Prints file:line for each problem and exits 1 if there was any.
set -euo pipefail
cd "$(dirname "$0")/../.."

python3 - <<'PY'
import re
import subprocess
import sys
from pathlib import Path

files = subprocess.run(["git", "ls-files", "-z"], check=True, capture_output=True).stdout.decode().split("\0")
files = [f for f in files if f]
this = "tests/docs/check-no-shared-refs.sh"
exempt = re.compile(r"(^|/)tests/(.*/)?(data|fixtures)/")
# Spelled in pieces so this script does not match itself.
forbidden = re.compile("shared" + r"/(spec|vectors)\b|\.\./" + "shared" + r"\b")
problems = []

for name in files:
    if name == this or exempt.search(name):
        continue
    try:
        text = Path(name).read_bytes().decode("utf-8")
    except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
        continue  # binary files, and tracked files deleted in the working tree
    for number, line in enumerate(text.splitlines(), 1):
        if forbidden.search(line):
            problems.append(f"{name}:{number}: refers to the shared research folder: {line.strip()}")

inline_link = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
reference_link = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)")
inline_code = re.compile(r"`+[^`]*`+")
for name in files:
    if not name.endswith(".md") or exempt.search(name):
        continue
    base = Path(name).parent
    fenced = False
    for number, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        bare = inline_code.sub("", line)
        targets = [m.group(1) for m in inline_link.finditer(bare)]
        m = reference_link.match(bare)
        if m:
            targets.append(m.group(1))
        for target in targets:
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
                continue  # absolute URLs (https:, mailto:) and anchors in the same page
            path = target.split("#", 1)[0].split("?", 1)[0]
            resolved = Path(path.lstrip("/")) if path.startswith("/") else base / path
            if not resolved.exists():
                problems.append(f"{name}:{number}: broken relative link: {target}")

for p in problems:
    print(p)
if problems:
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    sys.exit(1)
print("docs links: no references to the shared folder, every relative Markdown link resolves")
PY
