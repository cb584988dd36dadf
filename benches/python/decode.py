"""Page decoding: our decoder against orjson.loads and json.loads on the same bytes (issue #18).

Usage: python decode.py [page.json] [n] [rounds]

Times one JSON body (default: ``benches/.build/page_response.json``, the simulator's real 250-item
notifications page that ``harness.py`` captures) decoded into Python objects by:

- ours: ``govuk_notify._native._decode_json``, the decoder every response goes through;
- ``orjson.loads`` (when orjson is installed; ``benches/run.sh`` installs it);
- ``json.loads``, what the official client's ``response.json()`` runs.

Each round decodes the body ``n`` (50) times with each decoder, in a rotated order, after a
warm-up; the numbers are process CPU µs per decode (``time.process_time``), median and minimum
over the ``rounds`` (15). Every decoder's result is checked to equal ``json.loads``'s first.
Prints a table to stderr and one JSON line to stdout (what ``bench.py decode`` reports).
"""

import gc
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PAGE = os.path.join(os.path.dirname(HERE), ".build", "page_response.json")


def decoders():
    """Name -> function, for the decoders that are installed."""
    from govuk_notify import _native

    out = {"ours": _native._decode_json}
    try:
        import orjson

        out["orjson"] = orjson.loads
    except ImportError:
        pass
    out["json"] = json.loads
    return out


def measure(body, n=50, rounds=15, warmup=10):
    """{decoder: {"median_us", "min_us", "values_us"}} for decoding ``body``."""
    funcs = decoders()
    expected = json.loads(body)
    for name, f in funcs.items():
        if f(body) != expected:
            raise SystemExit(f"{name} decoded the body differently from json.loads")
        for _ in range(warmup):
            f(body)
    names = list(funcs)
    times = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            f = funcs[name]
            gc.collect()
            t0 = time.process_time()
            for _ in range(n):
                f(body)
            times[name].append((time.process_time() - t0) / n * 1e6)
    return {name: {"median_us": statistics.median(v), "min_us": min(v), "values_us": v}
            for name, v in times.items()}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_PAGE
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    with open(path, "rb") as f:
        body = f.read()
    res = measure(body, n, rounds)
    ref = res.get("orjson", res["json"])["median_us"]
    print(f"{len(body):,} bytes; CPU µs per decode over {rounds} rounds of {n}:", file=sys.stderr)
    for name, r in res.items():
        print(f"  {name:7s} median {r['median_us']:8.1f}  min {r['min_us']:8.1f}  "
              f"{r['median_us'] / ref:5.2f}x of {'orjson' if 'orjson' in res else 'json'}", file=sys.stderr)
    print(json.dumps({"ok": True, "bytes": len(body), "n": n, "rounds": rounds,
                      **{f"{name}_us": r["median_us"] for name, r in res.items()},
                      **{f"{name}_min_us": r["min_us"] for name, r in res.items()}}))


if __name__ == "__main__":
    main()
