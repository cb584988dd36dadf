#!/usr/bin/env python3
"""Benchmark harness: runs every column's driver, interleaved, and writes the results.

Started by benches/run.sh after the builds (standard library only). Each measurement is one fresh
process of a driver that prints one JSON line; the harness adds process-level numbers (wall time,
child rusage), computes median/min/max over the repeats, the ratios of ours to the official client
of the same language, and checks the targets of issue #7. Nothing here asserts on timings: missed
targets are reported, and the exit status is 0 unless the harness itself could not run.

Environment: BENCH_N (sequential sends, default 2000), BENCH_N_CONC (concurrent sends, 4000),
BENCH_N_PAGE (250-item page fetches, 200), BENCH_N_JWT (tokens, 20000), BENCH_N_RSS (1000),
BENCH_N_DECODE (page decodes per round, 50),
BENCH_REPEATS (5), BENCH_COLD_RUNS (cold starts per column per repeat, 5), BENCH_QUICK=1 (tiny
numbers, for checking the harness), BENCH_SERVER=static|simulator (default static),
BENCH_COLUMNS (comma-separated subset of column ids), BENCH_SCENARIOS (subset of scenarios),
BENCH_PIN=0 (do not pin the clients to one CPU and the server to another).
"""

import base64
import hashlib
import hmac
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.join(HERE, ".build")
RESULTS = os.path.join(HERE, "results")
PY = os.path.join(HERE, ".venv", "bin", "python")
NODE = "node"
SIMULATOR = os.path.join(ROOT, "target", "release", "govuk-notify-simulator")
BENCH_SERVER = os.path.join(ROOT, "target", "release", "bench-server")
BENCH_CORE = os.path.join(ROOT, "target", "release", "bench-core")
BENCH_C = os.path.join(BUILD, "bench_c")
C_EMPTY = os.path.join(BUILD, "c_empty")
FLOOR = os.path.join(BUILD, "floor")
NODE_ADDON = os.path.join(BUILD, "govuk-notify.linux-x64-gnu.node")

SMOKE_PHONE = "07700900111"  # the simulator answers normally but stores nothing
SEED_PHONE = "07700900123"

QUICK = os.environ.get("BENCH_QUICK") == "1"


def env_int(name, default, quick):
    return int(os.environ.get(name, quick if QUICK else default))


N_SEQ = env_int("BENCH_N", 2000, 200)
N_CONC = env_int("BENCH_N_CONC", 4000, 400)
N_PAGE = env_int("BENCH_N_PAGE", 200, 20)
N_JWT = env_int("BENCH_N_JWT", 20000, 2000)
N_RSS = env_int("BENCH_N_RSS", 1000, 1000)
N_DECODE = env_int("BENCH_N_DECODE", 50, 10)
REPEATS = env_int("BENCH_REPEATS", 5, 2)
COLD_RUNS = env_int("BENCH_COLD_RUNS", 5, 2)
SERVER_MODE = os.environ.get("BENCH_SERVER", "static")
# Pin the clients to CPU 0 and the server to CPU 1, so that every column runs in the same regime
# (unpinned, whether the client and the server happen to share a CPU changes the cost of every
# wake-up, by up to 2x on a VM) and the server never takes the client's CPU.
PIN = os.environ.get("BENCH_PIN", "1") != "0" and len(os.sched_getaffinity(0)) >= 2
CLIENT_CPU, SERVER_CPU = sorted(os.sched_getaffinity(0))[:2] if PIN else (None, None)


def pin_client():
    if PIN:
        os.sched_setaffinity(0, {CLIENT_CPU})


def pin_server():
    if PIN:
        os.sched_setaffinity(0, {SERVER_CPU})


PY_DRIVER = os.path.join(HERE, "python", "bench.py")
NODE_DRIVER = os.path.join(HERE, "node", "bench.js")

# id, label, language, command prefix (the scenario and numbers follow), concurrency, baseline id
COLUMNS = [
    ("py_official", "Python official 13.0.0", "python", [PY, PY_DRIVER, "official"], 16, "py_bare"),
    ("py_ours_sync", "Python ours (sync)", "python", [PY, PY_DRIVER, "ours_sync"], 16, "py_bare"),
    ("py_ours_async", "Python ours (asyncio)", "python", [PY, PY_DRIVER, "ours_async"], 64, "py_bare"),
    ("node_official", "Node official 8.4.0", "node", [NODE, NODE_DRIVER, "official"], 64, "node_bare"),
    ("node_ours", "Node ours", "node", [NODE, NODE_DRIVER, "ours"], 64, "node_bare"),
    ("c_abi", "C ABI", "c", [BENCH_C], 64, "c_bare"),
    ("rust_core", "Rust core", "rust", [BENCH_CORE], 64, "rust_bare"),
]
BASELINES = {
    "py_bare": ("bare Python interpreter", [PY, PY_DRIVER, "bare", "none"]),
    "node_bare": ("bare Node", [NODE, NODE_DRIVER, "bare", "none"]),
    "c_bare": ("empty C program", [C_EMPTY]),
    "rust_bare": ("bench-core, no client", [BENCH_CORE, "none"]),
}
# Measured in the sequential scenario only, as a reference: a raw socket write + read per call.
FLOOR_COLUMN = ("floor", "raw socket floor", "c", [FLOOR], 1, None)
OURS_VS_OFFICIAL = {"py_ours_sync": "py_official", "py_ours_async": "py_official", "node_ours": "node_official"}
SCENARIOS = ["seq", "conc", "page", "jwt", "rss", "decode"]  # plus "cold", run separately
# The decode scenario (issue #18) times decoders, not clients: one column per language runs it.
DECODE_COLUMNS = {"py_ours_sync": "python", "node_ours": "node"}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---- the server -------------------------------------------------------------------------------


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def make_token(api_key):
    header = b64url(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    claims = b64url(json.dumps({"iss": api_key[-73:-37], "iat": int(time.time())}, separators=(",", ":")).encode())
    signing = f"{header}.{claims}".encode()
    sig = hmac.new(api_key[-36:].encode(), signing, hashlib.sha256).digest()
    return f"{header}.{claims}.{b64url(sig)}"


def http(method, url, api_key, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", "Bearer " + make_token(api_key))
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.read()


def start_line_process(cmd, what):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, preexec_fn=pin_server)
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise SystemExit(f"{what} did not start: {' '.join(cmd)}")
    return proc, json.loads(line)


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def proc_cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)
    except (OSError, IndexError, ValueError):
        return None


def start_simulator():
    """Starts the simulator, seeds 260 notifications and captures a real send response and a real
    250-item page. Returns (simulator proc, config, server info)."""
    sim, cfg = start_line_process(
        [SIMULATOR, "--port", "0", "--json", "--rate-limit", "100000000", "--daily-limit", "100000000",
         "--status-delay-ms", "0", "--pdf-delay-ms", "0"],
        "the simulator",
    )
    key = cfg["keys"]["test"]
    template = cfg["templates"]["sms"]
    base = cfg["base_url"]
    log(f"==> simulator at {base}; seeding 260 notifications")
    for _ in range(260):
        http("POST", base + "/v2/notifications/sms", key,
             {"phone_number": SEED_PHONE, "template_id": template, "personalisation": {"name": "Amala"}})
    _, sms_body = http("POST", base + "/v2/notifications/sms", key,
                       {"phone_number": SMOKE_PHONE, "template_id": template, "personalisation": {"name": "Amala"}})
    _, page_body = http("GET", base + "/v2/notifications", key)
    items = len(json.loads(page_body)["notifications"])
    if items != 250:
        raise SystemExit(f"the simulator's first page has {items} notifications, expected 250")
    os.makedirs(BUILD, exist_ok=True)
    with open(os.path.join(BUILD, "sms_response.json"), "wb") as f:
        f.write(sms_body)
    with open(os.path.join(BUILD, "page_response.json"), "wb") as f:
        f.write(page_body)
    info = {"mode": SERVER_MODE, "sms_response_bytes": len(sms_body), "page_response_bytes": len(page_body),
            "page_items": items}
    return sim, cfg, info


def start_static_server(info):
    """The static responder, replaying the responses start_simulator captured."""
    server, line = start_line_process(
        [BENCH_SERVER, os.path.join(BUILD, "sms_response.json"), os.path.join(BUILD, "page_response.json")],
        "bench-server")
    info["description"] = ("bench-server: a static single-threaded HTTP/1.1 responder replaying the simulator's "
                           "real responses (every client was first checked against the simulator itself)")
    return server, line["base_url"]


# ---- running drivers --------------------------------------------------------------------------


def run_process(cmd, env, timeout=900):
    """Runs cmd; returns (returncode, stdout, stderr tail, wall seconds, child rusage)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env, cwd=HERE, preexec_fn=pin_client)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            out = proc.stdout.read()
            proc.stdout.close()
            # Reap it ourselves to get its rusage (peak RSS, CPU of the whole process).
            _, status, ru = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode(errors="replace").strip().splitlines()[-3:]
    return proc.returncode, out.decode(errors="replace"), " | ".join(tail), wall, ru


def driver_env(base_url, cfg):
    env = dict(os.environ)
    env.update({
        "BENCH_BASE_URL": base_url,
        "BENCH_API_KEY": cfg["keys"]["test"],
        "BENCH_TEMPLATE_ID": cfg["templates"]["sms"],
        "BENCH_PHONE": SMOKE_PHONE,
        "NAPI_RS_NATIVE_LIBRARY_PATH": NODE_ADDON,
        "BENCH_PAGE_FILE": os.path.join(BUILD, "page_response.json"),
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    })
    for k in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env.pop(k, None)
    return env


def scenario_args(scenario, conc):
    return {
        "seq": (N_SEQ, 200, 1),
        "conc": (N_CONC, 200, conc),
        "page": (N_PAGE, 10, 1),
        "jwt": (N_JWT, 1000, 1),
        "rss": (N_RSS, 0, 1),
        "decode": (N_DECODE, 10, 1),
    }[scenario]


def measure(col, scenario, env, server_pid):
    cid, _, _, prefix, conc, _ = col
    n, warmup, c = scenario_args(scenario, conc)
    cmd = prefix + [scenario, str(n), str(warmup), str(c)]
    ticks0 = proc_cpu_ticks(server_pid)
    rc, out, err, wall, _ = run_process(cmd, env)
    ticks1 = proc_cpu_ticks(server_pid)
    lines = [l for l in out.strip().splitlines() if l.startswith("{")]
    try:
        res = json.loads(lines[-1]) if lines else {"ok": False, "error": f"no output (exit {rc}): {err}"}
    except json.JSONDecodeError:
        res = {"ok": False, "error": f"bad output: {lines[-1][:200]}"}
    if rc != 0 and res.get("ok"):
        res = {"ok": False, "error": f"exit {rc}: {err}"}
    if not res.get("ok"):
        if not res.get("unavailable"):
            res["error"] = (res.get("error") or "") + (f" [{err}]" if err else "")
        return res
    if scenario == "decode":
        return res
    calls = res["n"]
    res["cpu_us_per_call"] = res["cpu_s"] / calls * 1e6
    res["calls_per_s"] = calls / res["wall_s"]
    res["wall_us_per_call"] = res["wall_s"] / calls * 1e6
    res["concurrency"] = c
    if ticks0 is not None and ticks1 is not None and scenario != "jwt":
        # Server CPU during the whole process (warm-up included), per request made.
        res["server_cpu_us_per_req"] = (ticks1 - ticks0) / os.sysconf("SC_CLK_TCK") * 1e6 / (calls + warmup)
    return res


def measure_cold(cmd, env):
    rc, out, err, wall, ru = run_process(cmd, env, timeout=120)
    if rc != 0:
        return {"ok": False, "error": f"exit {rc}: {err or out.strip()[:200]}"}
    lines = [l for l in out.strip().splitlines() if l.startswith("{")]
    try:
        hwm = json.loads(lines[-1]).get("maxrss_kb") if lines else None
    except json.JSONDecodeError:
        hwm = None
    # The process's own VmHWM (the rusage ru_maxrss of a child includes the harness's RSS at fork).
    return {"ok": True, "wall_ms": wall * 1000, "cpu_ms": (ru.ru_utime + ru.ru_stime) * 1000, "maxrss_kb": hwm}


# ---- statistics and output --------------------------------------------------------------------


def med_rss(runs):
    vals = [r["maxrss_kb"] for r in runs if r.get("maxrss_kb")]
    return statistics.median(vals) / 1024 if vals else None


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "values": values}


METRICS = [
    # key, scenario, field, label, unit, better ("low"/"high")
    ("seq_calls_per_s", "seq", "calls_per_s", "send_sms sequential: calls/s", "", "high"),
    ("seq_lat_mean_us", "seq", "lat_mean_us", "send_sms sequential: mean latency µs", "", "low"),
    ("seq_lat_p50_us", "seq", "lat_p50_us", "send_sms sequential: p50 latency µs", "", "low"),
    ("seq_lat_p99_us", "seq", "lat_p99_us", "send_sms sequential: p99 latency µs", "", "low"),
    ("seq_cpu_us", "seq", "cpu_us_per_call", "send_sms sequential: client CPU µs/call", "", "low"),
    ("conc_calls_per_s", "conc", "calls_per_s", "send_sms concurrent: calls/s", "", "high"),
    ("conc_cpu_us", "conc", "cpu_us_per_call", "send_sms concurrent: client CPU µs/call", "", "low"),
    ("page_cpu_us", "page", "cpu_us_per_call", "get_all_notifications, 250 items: client CPU µs/call", "", "low"),
    ("page_wall_us", "page", "wall_us_per_call", "get_all_notifications, 250 items: wall µs/call", "", "low"),
    ("jwt_cpu_us", "jwt", "cpu_us_per_call", "JWT creation: CPU µs/token", "", "low"),
    ("cold_ms", "cold", "wall_ms", "cold start (import + construct): process wall ms", "", "low"),
    ("cold_above_ms", "cold", "above_ms", "cold start above the bare runtime: ms", "", "low"),
    ("rss_mib", "rss", "maxrss_mib", f"peak RSS after {N_RSS} sends: MiB", "", "low"),
]


def fmt(v):
    if v is None:
        return "–"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def cell(s):
    if s is None:
        return "–"
    if len(s["values"]) == 1:
        return fmt(s["median"])
    return f"{fmt(s['median'])} ({fmt(s['min'])}–{fmt(s['max'])})"


def main():
    t_start = time.time()
    os.makedirs(RESULTS, exist_ok=True)
    wanted_cols = [c for c in os.environ.get("BENCH_COLUMNS", "").split(",") if c]
    wanted_scen = [s for s in os.environ.get("BENCH_SCENARIOS", "").split(",") if s]
    columns = [c for c in COLUMNS if not wanted_cols or c[0] in wanted_cols]
    scenarios = [s for s in SCENARIOS + ["cold"] if not wanted_scen or s in wanted_scen]

    load_before = os.getloadavg()
    sim, cfg, server_info = start_simulator()
    sim_env = driver_env(cfg["base_url"], cfg)

    # Which columns can run at all: the build status written by run.sh, then a few real sends and
    # a page against the simulator (which checks the token and the request), and a cold start.
    availability = {}
    for col in columns:
        cid = col[0]
        status_file = os.path.join(BUILD, "status", cid)
        reason = None
        if os.path.exists(status_file):
            with open(status_file) as f:
                reason = f.read().strip() or None
        if reason is None:
            probe = measure_cold(col[3] + ["cold"], sim_env)
            if not probe["ok"]:
                reason = "cannot start: " + probe["error"]
        for scenario, args in (("seq", ["3", "0", "1"]), ("page", ["1", "1", "1"])):
            if reason is None:
                rc, out, err, _, _ = run_process(col[3] + [scenario] + args, sim_env, timeout=120)
                if rc != 0 or '"ok": true' not in out.replace('"ok":true', '"ok": true'):
                    reason = f"{scenario} against the simulator failed: {(out.strip() + ' ' + err)[:300]}"
        availability[cid] = {"label": col[1], "available": reason is None, "reason": reason}
        log(f"    {cid:15s} {'ok' if reason is None else 'UNAVAILABLE: ' + reason}")
    active = [c for c in columns if availability[c[0]]["available"]]

    if SERVER_MODE == "simulator":
        server, base_url = sim, cfg["base_url"]
        server_info["description"] = "govuk-notify-simulator (release build), rate and daily limits raised"
    else:
        stop(sim)
        server, base_url = start_static_server(server_info)
    env = driver_env(base_url, cfg)
    log(f"==> server: {server_info['mode']} at {base_url}")

    raw = []  # every measurement
    for rep in range(REPEATS):
        log(f"==> repeat {rep + 1}/{REPEATS} (load {os.getloadavg()[0]:.2f})")
        for scenario in scenarios:
            # Round-robin, rotated each repeat so no column always runs first.
            order = active[rep % len(active):] + active[:rep % len(active)] if active else []
            if scenario == "cold":
                needed_bases = sorted({c[5] for c in active})
                for i in range(COLD_RUNS):
                    for col in order:
                        r = measure_cold(col[3] + ["cold"], env)
                        raw.append({"repeat": rep, "run": i, "column": col[0], "scenario": "cold", **r})
                    for b in needed_bases:
                        r = measure_cold(BASELINES[b][1], env)
                        raw.append({"repeat": rep, "run": i, "column": b, "scenario": "cold", **r})
                continue
            if scenario == "seq" and os.path.exists(FLOOR):
                order = order + [FLOOR_COLUMN]
            if scenario == "decode":
                order = [c for c in order if c[0] in DECODE_COLUMNS]
            for col in order:
                r = measure(col, scenario, env, server.pid)
                raw.append({"repeat": rep, "column": col[0], "scenario": scenario, **r})
                if r.get("ok") and scenario == "decode":
                    log(f"    {scenario:6s} {col[0]:15s} " + "  ".join(
                        f"{k[:-3]} {v:.0f} µs" for k, v in r.items() if k.endswith("_us")))
                elif r.get("ok"):
                    log(f"    {scenario:5s} {col[0]:15s} cpu {r['cpu_us_per_call']:9.1f} µs/call"
                        f"  {r['calls_per_s']:9.0f} calls/s")
                elif not r.get("unavailable"):
                    log(f"    {scenario:5s} {col[0]:15s} FAILED: {r.get('error')}")
    load_after = os.getloadavg()
    stop(server)

    # Per repeat values (cold: the median of its runs, minus the baseline's median).
    per = {}  # (column, metric key) -> list of per-repeat values
    notes = {}  # (column, scenario) -> note
    for rep in range(REPEATS):
        cold = {}
        for r in raw:
            if r["repeat"] == rep and r["scenario"] == "cold" and r.get("ok"):
                cold.setdefault(r["column"], []).append(r)
        cold_med = {c: statistics.median(x["wall_ms"] for x in rs) for c, rs in cold.items()}
        for col in active:
            cid = col[0]
            for key, scen, field, *_ in METRICS:
                v = None
                if scen == "cold":
                    if cid in cold_med:
                        v = cold_med[cid] if field == "wall_ms" else cold_med[cid] - cold_med.get(col[5], 0.0)
                else:
                    for r in raw:
                        if r["repeat"] == rep and r["column"] == cid and r["scenario"] == scen:
                            if r.get("ok"):
                                v = r["maxrss_kb"] / 1024 if field == "maxrss_mib" else r.get(field)
                            else:
                                notes[(cid, scen)] = ("n/a: " if r.get("unavailable") else "failed: ") + r.get("error", "")
                per.setdefault((cid, key), []).append(v)
        for b, rs in ((b, cold.get(b)) for b in BASELINES):
            if rs:
                per.setdefault((b, "cold_ms"), []).append(cold_med[b])
                per.setdefault((b, "cold_rss_mib"), []).append(med_rss(rs))
        for col in active:
            rs = cold.get(col[0])
            if rs:
                per.setdefault((col[0], "cold_rss_mib"), []).append(med_rss(rs))

    for rep in range(REPEATS):
        for r in raw:
            if r["repeat"] == rep and r["column"] == "floor" and r.get("ok"):
                per.setdefault(("floor", "seq_cpu_us"), []).append(r["cpu_us_per_call"])
                per.setdefault(("floor", "seq_calls_per_s"), []).append(r["calls_per_s"])

    summary = {}
    for (cid, key), vals in per.items():
        summary.setdefault(cid, {})[key] = stats(vals)

    # Page decoding: per decoder, the median over the repeats of each repeat's median.
    decode = {}
    for cid, lang in DECODE_COLUMNS.items():
        runs = [r for r in raw if r["column"] == cid and r["scenario"] == "decode" and r.get("ok")]
        fields = sorted({k for r in runs for k in r if k.endswith("_us")})
        if runs:
            decode[lang] = {k[:-3]: stats([r.get(k) for r in runs]) for k in fields}
    summary["decode"] = decode

    def dec(lang, name):
        s = decode.get(lang, {}).get(name)
        return s["median"] if s else None

    def med(cid, key):
        s = summary.get(cid, {}).get(key)
        return s["median"] if s else None

    def ratio(a, b):
        return a / b if a is not None and b not in (None, 0) else None

    # Ratios of ours to the official client of the same language (and of the C ABI to the core).
    ratios = {}
    for ours, official in list(OURS_VS_OFFICIAL.items()) + [("c_abi", "rust_core")]:
        if ours not in summary or official not in summary:
            continue
        r = {}
        for key, scen, field, label, unit, better in METRICS:
            a, b = med(ours, key), med(official, key)
            if key == "cold_above_ms" or key == "cold_ms":
                r[key] = {"difference_ms": None if a is None or b is None else a - b}
                continue
            if better == "low":
                r[key] = {"times_less": ratio(b, a), "ours_over_official": ratio(a, b)}
            else:
                r[key] = {"times_more": ratio(a, b)}
        ratios[f"{ours}/{official}"] = r
    ratios["decode"] = {
        "python_ours/orjson": ratio(dec("python", "ours"), dec("python", "orjson")),
        "python_ours/json": ratio(dec("python", "ours"), dec("python", "json")),
        "python_orjson/json": ratio(dec("python", "orjson"), dec("python", "json")),
        "node_ours/json_parse": ratio(dec("node", "ours"), dec("node", "json_parse")),
    }

    conc_vs = ratio(med("py_ours_async", "conc_calls_per_s"), med("py_official", "conc_calls_per_s"))
    # op "report": measured and shown, not a target. The send-CPU 10× targets of issue #7 are
    # reported only since issue #18: what is left of a send's CPU is inside reqwest (README.md).
    targets = [
        ("Python: client CPU per send (sequential), × less than the official client",
         ratio(med("py_official", "seq_cpu_us"), med("py_ours_sync", "seq_cpu_us")), None, "×", "report"),
        ("Python: ≥5× the official client's sequential calls/s",
         ratio(med("py_ours_sync", "seq_calls_per_s"), med("py_official", "seq_calls_per_s")), 5, "×", ">="),
        ("Python: asyncio at 64 in flight ≥10× the official client's calls/s (16 threads)",
         conc_vs, 10, "×", ">="),
        ("Python: asyncio at 64 in flight ≥10× the official client's sequential calls/s",
         ratio(med("py_ours_async", "conc_calls_per_s"), med("py_official", "seq_calls_per_s")), 10, "×", ">="),
        ("Python: 250-item page ≥5× less client CPU",
         ratio(med("py_official", "page_cpu_us"), med("py_ours_sync", "page_cpu_us")), 5, "×", ">="),
        ("Python: cold start (import + construct) < 30 ms above the bare interpreter",
         med("py_ours_sync", "cold_above_ms"), 30, "ms", "<"),
        ("Python: peak RSS after 1000 sends no higher than the official client's",
         ratio(med("py_ours_sync", "rss_mib"), med("py_official", "rss_mib")), 1, "× of official", "<="),
        ("Node: client CPU per send (sequential), × less than the official client",
         ratio(med("node_official", "seq_cpu_us"), med("node_ours", "seq_cpu_us")), None, "×", "report"),
        ("Node: client CPU per send (64 in flight), × less than the official client",
         ratio(med("node_official", "conc_cpu_us"), med("node_ours", "conc_cpu_us")), None, "×", "report"),
        ("Node: ≥5× the official client's concurrent calls/s (64 in flight)",
         ratio(med("node_ours", "conc_calls_per_s"), med("node_official", "conc_calls_per_s")), 5, "×", ">="),
        ("C ABI: CPU per send within 2× of the Rust core's (sequential)",
         ratio(med("c_abi", "seq_cpu_us"), med("rust_core", "seq_cpu_us")), 2, "× of core", "<="),
        ("C ABI: CPU per send within 2× of the Rust core's (64 threads vs 64 tasks)",
         ratio(med("c_abi", "conc_cpu_us"), med("rust_core", "conc_cpu_us")), 2, "× of core", "<="),
        ("Python: 250-item page decode within 1.2× of orjson.loads (same bytes)",
         ratio(dec("python", "ours"), dec("python", "orjson")), 1.2, "× of orjson", "<="),
        ("Node: 250-item page decode within 1.2× of JSON.parse (same string)",
         ratio(dec("node", "ours"), dec("node", "json_parse")), 1.2, "× of JSON.parse", "<="),
    ]
    target_rows = []
    for label, value, goal, unit, op in targets:
        met = None if value is None or op == "report" else {
            ">=": value >= goal, "<": value < goal, "<=": value <= goal}[op]
        target_rows.append({"target": label, "value": value, "goal": goal, "unit": unit, "op": op, "met": met})

    server_cpu = stats([r["server_cpu_us_per_req"] for r in raw if r.get("ok") and "server_cpu_us_per_req" in r])
    meta = {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t_start)),
        "duration_s": round(time.time() - t_start, 1),
        "quick": QUICK,
        "load_before": load_before,
        "load_after": load_after,
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "kernel": platform.release(),
        "python": subprocess.run([PY, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True,
                                 text=True).stdout.strip(),
        "node": subprocess.run([NODE, "--version"], capture_output=True, text=True).stdout.strip(),
        "versions": versions(),
        "server": server_info,
        "server_cpu_us_per_req": server_cpu,
        "n": {"seq": N_SEQ, "conc": N_CONC, "page": N_PAGE, "jwt": N_JWT, "rss": N_RSS, "decode": N_DECODE},
        "repeats": REPEATS,
        "cold_runs_per_repeat": COLD_RUNS,
        "pinned": f"each client process pinned to CPU {CLIENT_CPU}, the server to CPU {SERVER_CPU}" if PIN else "not pinned",
        "concurrency": {c[0]: c[4] for c in COLUMNS},
    }
    result = {"meta": meta, "columns": availability, "summary": summary, "ratios": ratios,
              "targets": target_rows, "notes": {f"{c}/{s}": n for (c, s), n in notes.items()}, "runs": raw}
    with open(os.path.join(RESULTS, "latest.json"), "w") as f:
        json.dump(result, f, indent=1)
    md = markdown(meta, columns, availability, summary, notes, target_rows, ratios.get("decode", {}))
    with open(os.path.join(RESULTS, "latest.md"), "w") as f:
        f.write(md)
    print(md)


def versions():
    """The versions actually installed, as the packages report them."""
    out = {}
    r = subprocess.run([PY, "-c", "import importlib.metadata as m\nfor p in ('notifications-python-client', "
                        "'govuk-notify', 'requests', 'PyJWT'):\n    try: print(p, m.version(p))\n"
                        "    except Exception: pass"], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        name, _, v = line.partition(" ")
        out["python:" + name] = v
    for pkg in ("notifications-node-client", "axios", "jsonwebtoken"):
        try:
            with open(os.path.join(HERE, "node", "node_modules", pkg, "package.json")) as f:
                out["npm:" + pkg] = json.load(f)["version"]
        except (OSError, ValueError, KeyError):
            pass
    return out


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def markdown(meta, columns, availability, summary, notes, targets, decode_ratios):
    out = []
    out.append(f"# govuk-notify benchmarks ({meta['date_utc']})\n")
    sc = meta["server_cpu_us_per_req"]
    out.append(
        f"{meta['cpus']} CPUs ({meta['cpu_model']}), Linux {meta['kernel']}, Python {meta['python']}, "
        f"Node {meta['node']}; " + ", ".join(f"{k.split(':', 1)[1]} {v}" for k, v in meta["versions"].items())
        + ". Load average (1/5/15 min) before: "
        f"{' / '.join(f'{x:.2f}' for x in meta['load_before'])}, after: "
        f"{' / '.join(f'{x:.2f}' for x in meta['load_after'])}. Server: {meta['server']['description']}"
        + (f"; server CPU {fmt(sc['median'])} µs/request (median)" if sc else "") + ". "
        f"{meta['repeats']} repeats, interleaved round-robin; cells are median (min–max) over the repeats. "
        f"Sequential: {meta['n']['seq']} sends after 200 warm-up; concurrent: {meta['n']['conc']} sends, "
        f"16 threads for the sync Python clients, 64 in flight for asyncio, Node, C (threads) and Rust "
        f"(tasks); page: {meta['n']['page']} fetches of a 250-item page; JWT: {meta['n']['jwt']} tokens; "
        f"cold start: {meta['cold_runs_per_repeat']} process runs per repeat. CPUs: {meta['pinned']}. Client CPU is "
        f"getrusage(RUSAGE_SELF) / process.cpuUsage() of the client process (all its threads) around the timed "
        f"loop. Total time {meta['duration_s']:.0f} s." + (" QUICK MODE: not for quoting." if meta["quick"] else "")
        + "\n"
    )
    ids = [c[0] for c in columns]
    out.append("| | " + " | ".join(availability[i]["label"] for i in ids) + " |")
    out.append("|---" * (len(ids) + 1) + "|")
    for key, scen, field, label, unit, better in METRICS:
        row = []
        for i in ids:
            if not availability[i]["available"]:
                row.append("unavailable")
            elif (i, scen) in notes and summary.get(i, {}).get(key) is None:
                row.append("n/a" if notes[(i, scen)].startswith("n/a") else "failed")
            else:
                row.append(cell(summary.get(i, {}).get(key)))
        if all(c in ("–", "unavailable") for c in row):
            continue  # scenario not run
        out.append(f"| {label} | " + " | ".join(row) + " |")
    out.append("")
    bases = [b for b in BASELINES if b in summary]
    if bases:
        out.append("Cold-start baselines (process wall ms; peak RSS MiB): " + "; ".join(
            f"{BASELINES[b][0]} {cell(summary[b].get('cold_ms'))} ms, {cell(summary[b].get('cold_rss_mib'))} MiB"
            for b in bases) + ".\n")
    if "floor" in summary:
        out.append(
            "Floor (`c/floor.c`: one request written and its response read on a blocking socket, no HTTP "
            f"client, JSON or token): {cell(summary['floor'].get('seq_cpu_us'))} µs CPU/call, "
            f"{cell(summary['floor'].get('seq_calls_per_s'))} calls/s.\n")
    out.append("## Ratios: ours vs the official client of the same language (medians)\n")
    out.append("| | Python ours (sync) | Python ours (asyncio) | Node ours | C ABI vs Rust core |")
    out.append("|---|---|---|---|---|")
    pairs = [("py_ours_sync", "py_official"), ("py_ours_async", "py_official"), ("node_ours", "node_official"),
             ("c_abi", "rust_core")]

    def med(cid, key):
        s = summary.get(cid, {}).get(key)
        return s["median"] if s else None

    rows = [
        ("client CPU per send, sequential (× less)", "seq_cpu_us", "less"),
        ("client CPU per send, concurrent (× less)", "conc_cpu_us", "less"),
        ("calls/s sequential (×)", "seq_calls_per_s", "more"),
        ("calls/s concurrent (×; Python official at 16 threads)", "conc_calls_per_s", "more"),
        ("p50 latency (× lower)", "seq_lat_p50_us", "less"),
        ("250-item page CPU (× less)", "page_cpu_us", "less"),
        ("cold start (ms difference)", "cold_ms", "diff"),
        (f"peak RSS after {N_RSS} sends (ours / official)", "rss_mib", "frac"),
    ]
    for label, key, kind in rows:
        vals = []
        for a, b in pairs:
            x, y = med(a, key), med(b, key)
            if x is None or y is None or x == 0 or y == 0:
                vals.append("–")
            elif kind == "less":
                vals.append(f"{y / x:.2f}×" if a != "c_abi" else f"{x / y:.2f}× of core")
            elif kind == "more":
                vals.append(f"{x / y:.2f}×")
            elif kind == "diff":
                vals.append(f"{x - y:+.1f} ms")
            else:
                vals.append(f"{x / y:.2f}")
        if all(v == "–" for v in vals):
            continue
        out.append(f"| {label} | " + " | ".join(vals) + " |")
    out.append("")
    decode = summary.get("decode", {})
    if decode:
        out.append("## Page decoding: the 250-item page body, the same bytes (issue #18)\n")
        out.append(f"CPU µs per decode of the {meta['server'].get('page_response_bytes', '?')}-byte page; median "
                   f"(min–max) over the repeats of each process's median over 5 rounds of {meta['n']['decode']} "
                   "decodes. Python ours is the decoder every response goes through "
                   "(`govuk_notify._native._decode_json`); Node ours is the addon's text for the body (as for "
                   "every response) and `JSON.parse`.\n")
        out.append("| | ours | orjson.loads / JSON.parse | json.loads | ours ÷ orjson.loads / JSON.parse | ours ÷ json.loads |")
        out.append("|---|---|---|---|---|---|")
        py, nd = decode.get("python"), decode.get("node")
        r = decode_ratios

        def rx(v):
            return "–" if v is None else f"{v:.2f}×"

        if py:
            out.append(f"| Python | {cell(py.get('ours'))} | {cell(py.get('orjson'))} | {cell(py.get('json'))} | "
                       f"{rx(r.get('python_ours/orjson'))} | {rx(r.get('python_ours/json'))} |")
        if nd:
            out.append(f"| Node | {cell(nd.get('ours'))} (of which the text: {cell(nd.get('text'))}) | "
                       f"{cell(nd.get('json_parse'))} | – | {rx(r.get('node_ours/json_parse'))} | – |")
        out.append("")
    out.append("## Targets (issues #7 and #18)\n")
    out.append("| target | result | met |")
    out.append("|---|---|---|")
    for t in targets:
        v = "–" if t["value"] is None else f"{t['value']:.2f} {t['unit']}"
        if t["op"] == "report":
            met = "reported, not a target"
        else:
            met = "not measured" if t["met"] is None else ("yes" if t["met"] else "**no**")
        out.append(f"| {t['target']} | {v} | {met} |")
    out.append("")
    missing = [f"{availability[c]['label']}: {availability[c]['reason']}" for c in ids if not availability[c]["available"]]
    failed = [f"{c}/{s}: {n}" for (c, s), n in notes.items() if not n.startswith("n/a")]
    if missing or failed:
        out.append("Unavailable or failed: " + "; ".join(missing + failed) + "\n")
    na = sorted({n[5:] for n in notes.values() if n.startswith("n/a")})
    if na:
        out.append("n/a: " + "; ".join(na) + "\n")
    return "\n".join(out)


if __name__ == "__main__":
    main()
