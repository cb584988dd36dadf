"""Concurrency and fork soak for the Python binding.

    soak.py threads   ONE NotificationsAPIClient shared by SOAK_THREADS threads (default 16), each
                      making SOAK_CALLS calls (default 2000), all started together.
    soak.py fork      ONE client created (and used) in the parent, then os.fork() SOAK_CHILDREN
                      times (default 4) at once; every child makes SOAK_FORK_CALLS calls (default
                      2000) with the inherited client; then the parent uses it again.

Even calls send a text message, odd calls read back the notification just sent. Prints one line
``SOAK_RESULT {json}`` with calls, errors, wall time and peak RSS (getrusage ru_maxrss, KiB; for
``fork`` also the largest child's) and exits 0 only when every call succeeded, nothing deadlocked
and the peak RSS stays under SOAK_RSS_LIMIT_MIB (default 300). SOAK_WATCHDOG_S (default 300)
bounds the run: on expiry the stacks are dumped, children are killed, and the exit status is 3.
Environment from tests/soak/run.sh: GN_BASE_URL, GN_KEY_TEST, GN_TPL_SMS.
"""

from __future__ import annotations

import faulthandler
import json
import os
import resource
import signal
import sys
import threading
import time
from typing import Any, Dict, List, Tuple

from govuk_notify import NotificationsAPIClient

WATCHDOG_S = int(os.environ.get("SOAK_WATCHDOG_S", "300"))
RSS_LIMIT_KIB = int(os.environ.get("SOAK_RSS_LIMIT_MIB", "300")) * 1024
BASE_URL = os.environ["GN_BASE_URL"]
KEY = os.environ["GN_KEY_TEST"]
TEMPLATE = os.environ["GN_TPL_SMS"]


def calls(client: NotificationsAPIClient, n: int, reference: str) -> Tuple[int, List[str]]:
    """Makes n calls (send, read back, send, ...); returns (calls made, error descriptions)."""
    errors: List[str] = []
    last_id = None
    made = 0
    for i in range(n):
        try:
            if i % 2 == 0 or last_id is None:
                sent = client.send_sms_notification(
                    "07700900123", TEMPLATE, personalisation={"name": "Soak"}, reference=reference
                )
                last_id = sent["id"]
            else:
                got = client.get_notification_by_id(last_id)
                if got["id"] != last_id:
                    errors.append(f"read back {got['id']} for {last_id}")
        except Exception as e:  # noqa: BLE001 - counted and reported
            errors.append(f"{type(e).__name__}: {e}")
        made += 1
    return made, errors


def emit(result: Dict[str, Any], ok: bool) -> int:
    print("SOAK_RESULT " + json.dumps(result), flush=True)
    if not ok:
        print(f"soak failed: {result}", file=sys.stderr)
    return 0 if ok else 1


def run_threads() -> int:
    threads = int(os.environ.get("SOAK_THREADS", "16"))
    per_thread = int(os.environ.get("SOAK_CALLS", "2000"))
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True)  # exits 1 after dumping stacks
    client = NotificationsAPIClient(KEY, base_url=BASE_URL)
    barrier = threading.Barrier(threads + 1)
    made: List[int] = []
    errors: List[str] = []
    lock = threading.Lock()

    def worker(t: int) -> None:
        barrier.wait()
        n, errs = calls(client, per_thread, f"soak-py-{t}")
        with lock:
            made.append(n)
            errors.extend(errs)

    pool = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(threads)]
    for th in pool:
        th.start()
    started = time.monotonic()
    barrier.wait()
    for th in pool:
        th.join()
    wall = time.monotonic() - started
    faulthandler.cancel_dump_traceback_later()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for e in errors[:5]:
        print(e, file=sys.stderr)
    total = sum(made)
    result = {
        "lang": "python",
        "test": "threads",
        "threads": threads,
        "calls_per_thread": per_thread,
        "calls": total,
        "errors": len(errors),
        "wall_s": round(wall, 2),
        "peak_rss_kib": rss,
    }
    return emit(result, total == threads * per_thread and not errors and rss < RSS_LIMIT_KIB)


def run_fork() -> int:
    children = int(os.environ.get("SOAK_CHILDREN", "4"))
    per_child = int(os.environ.get("SOAK_FORK_CALLS", "2000"))
    client = NotificationsAPIClient(KEY, base_url=BASE_URL)
    # Use the client first, so the parent has a live runtime and pooled connections at fork time
    # (the case gunicorn --preload and Celery prefork create).
    before_made, before_errors = calls(client, 10, "soak-fork-parent")
    started = time.monotonic()
    pids: Dict[int, int] = {}  # pid -> read end of its result pipe
    for c in range(children):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            status = 1
            try:
                os.close(r)
                signal.alarm(WATCHDOG_S)  # a deadlocked child dies on its own too
                n, errs = calls(client, per_child, f"soak-fork-child-{c}")
                payload = {
                    "calls": n,
                    "errors": errs[:5],
                    "error_count": len(errs),
                    "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                }
                os.write(w, json.dumps(payload).encode())
                status = 0
            finally:
                os._exit(status)
        os.close(w)
        pids[pid] = r

    # Wait for every child, with a deadline; a child still running then is a deadlock.
    deadline = time.monotonic() + WATCHDOG_S
    statuses: Dict[int, int] = {}
    while len(statuses) < len(pids) and time.monotonic() < deadline:
        for pid in pids:
            if pid in statuses:
                continue
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                statuses[pid] = status
        time.sleep(0.05)
    hung = [pid for pid in pids if pid not in statuses]
    for pid in hung:
        print(f"soak watchdog: child {pid} did not finish within {WATCHDOG_S} s (deadlock?): killing it", file=sys.stderr)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    wall = time.monotonic() - started

    made = 0
    error_count = 0
    child_rss = 0
    for pid, r in pids.items():
        data = b""
        while True:
            chunk = os.read(r, 65536)
            if not chunk:
                break
            data += chunk
        os.close(r)
        if pid in statuses and os.waitstatus_to_exitcode(statuses[pid]) == 0 and data:
            payload = json.loads(data)
            made += payload["calls"]
            error_count += payload["error_count"]
            child_rss = max(child_rss, payload["rss"])
            for e in payload["errors"]:
                print(f"child {pid}: {e}", file=sys.stderr)
        else:
            error_count += 1
            print(f"child {pid} failed (status {statuses.get(pid)})", file=sys.stderr)

    # The parent's client still works after the children used it.
    after_made, after_errors = calls(client, 10, "soak-fork-parent")
    for e in before_errors + after_errors:
        print(f"parent: {e}", file=sys.stderr)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_rss = max(child_rss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    result = {
        "lang": "python",
        "test": "fork",
        "children": children,
        "calls_per_child": per_child,
        "calls": made + before_made + after_made,
        "errors": error_count + len(before_errors) + len(after_errors),
        "hung_children": len(hung),
        "wall_s": round(wall, 2),
        "peak_rss_kib": rss,
        "peak_child_rss_kib": children_rss,
    }
    ok = (
        not hung
        and made == children * per_child
        and result["errors"] == 0
        and rss < RSS_LIMIT_KIB
        and children_rss < RSS_LIMIT_KIB
    )
    status = emit(result, ok)
    return 3 if hung else status


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "threads":
        return run_threads()
    if mode == "fork":
        return run_fork()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
