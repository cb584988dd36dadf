"""Benchmark driver for the Python clients.

Usage: python bench.py <column> <scenario> <n> <warmup> <concurrency>

Columns: official (notifications-python-client 13.0.0), ours_sync (govuk_notify.NotificationsAPIClient),
ours_async (govuk_notify.AsyncNotificationsAPIClient), bare (nothing imported: baselines).
Scenarios: seq, conc, page, jwt, rss, decode, cold, none. `decode` (column ours_sync only) times our
page decoder, orjson.loads and json.loads on the page body in $BENCH_PAGE_FILE (decode.py). The server and key come from the environment
(BENCH_BASE_URL, BENCH_API_KEY, BENCH_TEMPLATE_ID, BENCH_PHONE). Prints one JSON line (for cold/none
only the peak RSS: the harness measures their process wall time). Client CPU is getrusage(RUSAGE_SELF) over
every thread of the process, around the timed part only.
"""

import os
import sys

BASE_URL = os.environ.get("BENCH_BASE_URL", "")
API_KEY = os.environ.get("BENCH_API_KEY", "")
TEMPLATE_ID = os.environ.get("BENCH_TEMPLATE_ID", "")
PHONE = os.environ.get("BENCH_PHONE", "07700900111")
PERSONALISATION = {"name": "Amala"}


def peak_rss_kb():
    """VmHWM of this process. Not ru_maxrss: on Linux that includes the parent's RSS at fork."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def make_client(column):
    if column == "official":
        from notifications_python_client.notifications import NotificationsAPIClient

        return NotificationsAPIClient(API_KEY, base_url=BASE_URL)
    if column == "ours_sync":
        from govuk_notify import NotificationsAPIClient

        return NotificationsAPIClient(API_KEY, base_url=BASE_URL)
    if column == "ours_async":
        from govuk_notify import AsyncNotificationsAPIClient

        return AsyncNotificationsAPIClient(API_KEY, base_url=BASE_URL)
    if column == "bare":
        return None
    raise SystemExit(f"unknown column {column}")


def main():
    column, scenario = sys.argv[1], sys.argv[2]
    n, warmup, conc = (int(a) for a in (sys.argv[3:6] + ["1000", "100", "1"][len(sys.argv[3:6]):]))
    if scenario in ("none", "cold"):
        if scenario == "cold":
            make_client(column)
        print('{"ok": true, "maxrss_kb": %d}' % peak_rss_kb())
        return

    import json
    import resource
    import time

    def cpu():
        ru = resource.getrusage(resource.RUSAGE_SELF)
        return ru.ru_utime + ru.ru_stime

    out = {}
    if scenario == "decode":
        if column != "ours_sync":
            print(json.dumps({"ok": False, "unavailable": True,
                              "error": "page decoding is measured in the ours (sync) column"}))
            return
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from decode import measure

        with open(os.environ["BENCH_PAGE_FILE"], "rb") as f:
            body = f.read()
        res = measure(body, n=n, rounds=5, warmup=max(warmup, 1))
        out = {f"{name}_us": r["median_us"] for name, r in res.items()}
        out.update({"ok": True, "n": n, "maxrss_kb": peak_rss_kb()})
        print(json.dumps(out))
        return
    if scenario == "jwt":
        if column == "official":
            from notifications_python_client.authentication import create_jwt_token

            secret, service_id = API_KEY[-36:], API_KEY[-73:-37]
            make = lambda: create_jwt_token(secret, service_id)  # noqa: E731
        else:
            print(json.dumps({"ok": False, "unavailable": True,
                              "error": "the binding does not expose token creation (it uses the core's; see the core column)"}))
            return
        for _ in range(warmup):
            make()
        c0, t0 = cpu(), time.perf_counter()
        for _ in range(n):
            make()
        wall, cpu_s = time.perf_counter() - t0, cpu() - c0
        out = {"wall_s": wall, "cpu_s": cpu_s}
    elif column == "ours_async":
        import asyncio

        client = make_client(column)

        async def send():
            return await client.send_sms_notification(PHONE, TEMPLATE_ID, personalisation=PERSONALISATION)

        async def run():
            if scenario == "page":
                page = None
                for _ in range(max(warmup, 1)):
                    page = await client.get_all_notifications()
                c0, t0 = cpu(), time.perf_counter()
                for _ in range(n):
                    await client.get_all_notifications()
                return {"wall_s": time.perf_counter() - t0, "cpu_s": cpu() - c0,
                        "items": len(page["notifications"])}
            for _ in range(warmup):
                await send()
            if scenario in ("seq", "rss"):
                lat = []
                c0, t0 = cpu(), time.perf_counter()
                for _ in range(n):
                    t = time.perf_counter_ns()
                    await send()
                    lat.append(time.perf_counter_ns() - t)
                return {"wall_s": time.perf_counter() - t0, "cpu_s": cpu() - c0, "lat_ns": lat}
            if scenario == "conc":
                async def worker(share):
                    for _ in range(share):
                        await send()

                shares = [n // conc + (1 if w < n % conc else 0) for w in range(conc)]
                c0, t0 = cpu(), time.perf_counter()
                await asyncio.gather(*(worker(s) for s in shares))
                return {"wall_s": time.perf_counter() - t0, "cpu_s": cpu() - c0}
            raise SystemExit(f"unknown scenario {scenario}")

        out = asyncio.run(run())
    else:
        if column == "bare":
            raise SystemExit("bare only supports cold/none/rss-less scenarios")

        if scenario == "page":
            client = make_client(column)
            page = None
            for _ in range(max(warmup, 1)):
                page = client.get_all_notifications()
            c0, t0 = cpu(), time.perf_counter()
            for _ in range(n):
                client.get_all_notifications()
            out = {"wall_s": time.perf_counter() - t0, "cpu_s": cpu() - c0, "items": len(page["notifications"])}
        elif scenario in ("seq", "rss"):
            client = make_client(column)
            send = client.send_sms_notification
            for _ in range(warmup):
                send(PHONE, TEMPLATE_ID, personalisation=PERSONALISATION)
            lat = []
            c0, t0 = cpu(), time.perf_counter()
            for _ in range(n):
                t = time.perf_counter_ns()
                send(PHONE, TEMPLATE_ID, personalisation=PERSONALISATION)
                lat.append(time.perf_counter_ns() - t)
            out = {"wall_s": time.perf_counter() - t0, "cpu_s": cpu() - c0, "lat_ns": lat}
        elif scenario == "conc":
            import threading

            # The official client is not documented as thread-safe (one requests.Session per
            # client), so each thread gets its own; ours is thread-safe and shared, as documented.
            shared = make_client(column) if column == "ours_sync" else None
            clients = [shared or make_client(column) for _ in range(conc)]
            for c in clients:
                for _ in range(max(1, warmup // conc)):
                    c.send_sms_notification(PHONE, TEMPLATE_ID, personalisation=PERSONALISATION)
            shares = [n // conc + (1 if w < n % conc else 0) for w in range(conc)]
            barrier = threading.Barrier(conc + 1)
            errors = []

            def worker(c, share):
                barrier.wait()
                try:
                    for _ in range(share):
                        c.send_sms_notification(PHONE, TEMPLATE_ID, personalisation=PERSONALISATION)
                except Exception as e:  # reported, not swallowed
                    errors.append(repr(e))

            threads = [threading.Thread(target=worker, args=(clients[w], shares[w])) for w in range(conc)]
            for t in threads:
                t.start()
            c0, t0 = cpu(), time.perf_counter()
            barrier.wait()
            for t in threads:
                t.join()
            out = {"wall_s": time.perf_counter() - t0, "cpu_s": cpu() - c0}
            if errors:
                print(json.dumps({"ok": False, "error": errors[0]}))
                sys.exit(1)
        else:
            raise SystemExit(f"unknown scenario {scenario}")

    lat = out.pop("lat_ns", None)
    if lat is not None and scenario == "seq":
        lat.sort()
        out["lat_mean_us"] = sum(lat) / len(lat) / 1000
        out["lat_p50_us"] = lat[round((len(lat) - 1) * 0.50)] / 1000
        out["lat_p99_us"] = lat[round((len(lat) - 1) * 0.99)] / 1000
    out.update({"ok": True, "n": n, "maxrss_kb": peak_rss_kb()})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
