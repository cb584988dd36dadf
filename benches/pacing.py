"""The pacing scenario (issue #18): how close a paced client gets to the rate limit without
going over it.

Starts the simulator with a rate limit of BENCH_PACE_LIMIT sends per BENCH_PACE_WINDOW seconds
(default 300 per 3 s: Notify's 3,000 a minute shrunk tenfold in time, so a run takes seconds),
then, for each column, resets the simulator's buckets and sends BENCH_PACE_SENDS (default three
windows' worth) as fast as the column can, with `pace` set to the same limit and window:

  py_threads  the sync Python client, 16 threads sharing it
  py_asyncio  the asyncio Python client, every send a task at once
  node        the Node client, every send a promise at once
  unpaced     the asyncio Python client without `pace`: the 429s it gets show the limit bites

Prints (and writes to results/pacing.md) sends, 429 RateLimitErrors, the achieved rate,
(sends - 1) / (time from the start to the last completed send), and its ratio to the limit.
Nothing asserts; the tests (tests/python/test_pacing_wait.py and friends) do that.

Run alone: `benches/.venv/bin/python benches/pacing.py` after benches/run.sh built the release
simulator, wheel and addon; or with any interpreter that imports govuk_notify and
BENCH_PACE_SIMULATOR / BENCH_PACE_NODE_ADDON pointing at other builds. benches/run.sh runs it
after the main table (BENCH_PACE=0 skips it).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import threading
import time
import urllib.request
from typing import Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.join(HERE, ".build")
RESULTS = os.path.join(HERE, "results")
SIMULATOR = os.environ.get("BENCH_PACE_SIMULATOR", os.path.join(ROOT, "target", "release", "govuk-notify-simulator"))
NODE_ADDON = os.environ.get("BENCH_PACE_NODE_ADDON", os.path.join(BUILD, "govuk-notify.linux-x64-gnu.node"))
QUICK = os.environ.get("BENCH_QUICK") == "1"

LIMIT = int(os.environ.get("BENCH_PACE_LIMIT", "100" if QUICK else "300"))
WINDOW = int(os.environ.get("BENCH_PACE_WINDOW", "1" if QUICK else "3"))
SENDS = int(os.environ.get("BENCH_PACE_SENDS", str(3 * LIMIT)))
PHONE = "07700900111"  # answered normally, stored nowhere

NODE_DRIVER = r"""
const { NotifyClient } = require(process.argv[1]);
const [baseUrl, key, template, limit, windowMs, sends] = process.argv.slice(2);
const client = new NotifyClient(baseUrl, key, { retry: false, pace: { limit: Number(limit), windowMs: Number(windowMs) } });
(async () => {
  const started = performance.now();
  let last = started;
  let limited = 0;
  await Promise.all(Array.from({ length: Number(sends) }, () =>
    client.sendSms(template, '07700900111', { personalisation: { name: 'Amala' } }).then(
      () => { last = Math.max(last, performance.now()); },
      (e) => { if (e.code === 'rate_limited') limited += 1; else throw e; })));
  console.log(JSON.stringify({ elapsed: (last - started) / 1000, limited }));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def control(url: str, path: str) -> None:
    req = urllib.request.Request(url + path, data=b"{}", method="POST", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=30).read()


def py_threads(cfg: Dict, pace: bool) -> Dict:
    from govuk_notify import NotificationsAPIClient, RetryPolicy
    from govuk_notify.errors import RateLimitError

    client = NotificationsAPIClient(cfg["keys"]["test"], base_url=cfg["base_url"], retry_policy=RetryPolicy.none(),
                                    pace=(LIMIT, float(WINDOW)) if pace else None)
    done: List[float] = []
    limited = [0]
    lock = threading.Lock()
    per_thread = SENDS // 16

    def worker() -> None:
        for _ in range(per_thread):
            try:
                client.send_sms_notification(PHONE, cfg["templates"]["sms"], {"name": "Amala"})
            except RateLimitError:
                with lock:
                    limited[0] += 1
                continue
            with lock:
                done.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(16)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"sends": per_thread * 16, "limited": limited[0], "elapsed": max(done) - started}


def py_asyncio(cfg: Dict, pace: bool) -> Dict:
    from govuk_notify import AsyncNotificationsAPIClient, RetryPolicy
    from govuk_notify.errors import RateLimitError

    async def main() -> Dict:
        client = AsyncNotificationsAPIClient(cfg["keys"]["test"], base_url=cfg["base_url"],
                                             retry_policy=RetryPolicy.none(),
                                             pace=(LIMIT, float(WINDOW)) if pace else None)
        limited = 0
        last = 0.0

        async def one() -> None:
            nonlocal limited, last
            try:
                await client.send_sms_notification(PHONE, cfg["templates"]["sms"], {"name": "Amala"})
                last = max(last, time.monotonic())
            except RateLimitError:
                limited += 1

        started = time.monotonic()
        await asyncio.gather(*(one() for _ in range(SENDS)))
        return {"sends": SENDS, "limited": limited, "elapsed": last - started}

    return asyncio.run(main())


def node(cfg: Dict) -> Optional[Dict]:
    env = dict(os.environ)
    if os.path.exists(NODE_ADDON):
        env["NAPI_RS_NATIVE_LIBRARY_PATH"] = NODE_ADDON
    out = subprocess.run(
        ["node", "-e", NODE_DRIVER, os.path.join(ROOT, "bindings-node"), cfg["base_url"], cfg["keys"]["test"],
         cfg["templates"]["sms"], str(LIMIT), str(WINDOW * 1000), str(SENDS)],
        env=env, capture_output=True, text=True, timeout=600,
    )
    if out.returncode != 0:
        print(f"node column failed: {out.stderr.strip()[:300]}", file=sys.stderr)
        return None
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["sends"] = SENDS
    return r


def main() -> None:
    # The unpaced column's 429s are the point, not warnings to print one by one.
    logging.getLogger("govuk_notify").setLevel(logging.ERROR)
    proc = subprocess.Popen(
        [SIMULATOR, "--port", "0", "--json", "--status-delay-ms", "0", "--rate-limit", str(LIMIT),
         "--rate-limit-window-secs", str(WINDOW), "--daily-limit", "100000000"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert proc.stdout is not None
        cfg = json.loads(proc.stdout.readline())
        threading.Thread(target=proc.stdout.read, daemon=True).start()
        rows = []
        limit_per_s = LIMIT / WINDOW
        columns = [
            ("py_threads", "Python sync, 16 threads", lambda: py_threads(cfg, True)),
            ("py_asyncio", f"Python asyncio, {SENDS} tasks", lambda: py_asyncio(cfg, True)),
            ("node", f"Node, {SENDS} promises", lambda: node(cfg)),
            ("unpaced", f"Python asyncio, {SENDS} tasks, no pace", lambda: py_asyncio(cfg, False)),
        ]
        for cid, label, run in columns:
            control(cfg["control_url"], "/reset")
            r = run()
            if r is None:
                rows.append((cid, label, None))
                continue
            ok = r["sends"] - r["limited"]
            r["rate"] = (ok - 1) / r["elapsed"] if r["elapsed"] > 0 else float("nan")
            rows.append((cid, label, r))
            print(f"{label}: {ok} sent, {r['limited']} x 429, {r['rate']:.1f}/s (limit {limit_per_s:.1f}/s)", flush=True)
        lines = [
            f"## Pacing: limit {LIMIT} sends per {WINDOW} s ({limit_per_s:.1f}/s), {SENDS} sends per column",
            "",
            "| column | sent | 429 RateLimitError | achieved /s | achieved / limit |",
            "|---|---|---|---|---|",
        ]
        for cid, label, r in rows:
            if r is None:
                lines.append(f"| {label} | unavailable | | | |")
                continue
            note = " (burst: the server's bucket, then 429s)" if cid == "unpaced" else ""
            lines.append(f"| {label} | {r['sends'] - r['limited']} | {r['limited']} | {r['rate']:.1f} | "
                         f"{r['rate'] / limit_per_s:.3f}{note} |")
        text = "\n".join(lines) + "\n"
        print(text)
        os.makedirs(RESULTS, exist_ok=True)
        with open(os.path.join(RESULTS, "pacing.md"), "w") as f:
            f.write(text)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
