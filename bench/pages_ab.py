"""Two checkouts' pages side by side under the same load: each page kind asked in short turns of
the same drawn URLs from gunicorn serving checkout A, then B (then B, then A, ...), nothing cached.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pages_1m \
        .venv/bin/python bench/pages_ab.py /path/to/checkout-a /path/to/checkout-b [--requests 60] [--seed 1]

On a machine loaded by other work, one run of pages_bench.py after another measures the load
as much as the code; here both servers run at once (2 sync workers each, bench.settings, only
one of them answering at any moment) and every turn of 10 requests alternates between them, so
both see the same load. URLs are drawn by pages_bench.draw_varied (varied, no repeats within
a checkout). Prints p50/p95 per kind and client count for A and B, and B's p95 over A's.
"""

import argparse
import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages_bench import draw_varied, percentile, postgres_settings, run_list, setup_django  # noqa: E402

TURN = 10


def serve(checkout: Path, port: int):
    env = {
        **os.environ,
        "PAGE_CACHE_SECONDS": "0",
        "DATA_CACHE_SECONDS": "0",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    server = subprocess.Popen(
        [str(checkout / ".venv/bin/gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "300",
         "--log-level", "warning", "portal.wsgi:application"],
        cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/bench/bare/")
            return server
        except OSError:
            time.sleep(0.2)
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", nargs="*")
    args = parser.parse_args()
    setup_django()
    urls = draw_varied(args.seed, args.requests + 5)
    urls.pop("search classes")
    print("PostgreSQL: " + ", ".join(f"{k} {v}" for k, v in postgres_settings().items()))
    print(f"A: {args.a} ({git_head(args.a)})\nB: {args.b} ({git_head(args.b)})")
    servers = {"A": serve(args.a, 8541), "B": serve(args.b, 8542)}
    ports = {"A": 8541, "B": 8542}
    try:
        print("load average at start: %.2f %.2f %.2f" % os.getloadavg())
        print(f"{'page':<31} {'clients':>7} {'n':>4}  {'A p50':>7} {'A p95':>7}  {'B p50':>7} {'B p95':>7}  B/A p95")
        for kind, paths in urls.items():
            if args.kinds and kind not in args.kinds:
                continue
            paths = list(paths[0]) if isinstance(paths, tuple) else list(paths)
            for side in ("A", "B"):  # each server's first requests (imports, templates) apart
                run_list(ports[side], paths[-5:], 2)
            paths = paths[: args.requests]
            client_counts = (1, 4) if kind.startswith("search") or kind == "item" else (1,)
            for clients in client_counts:
                times = {"A": [], "B": []}
                for turn, start in enumerate(range(0, len(paths), TURN)):
                    chunk = paths[start : start + TURN]
                    for side in ("A", "B") if turn % 2 == 0 else ("B", "A"):
                        timings, errors, _ = run_list(ports[side], chunk, clients)
                        times[side] += [s for _p, s in timings]
                        for error in errors[:2]:
                            print(f"    {side} error {error}")
                a, b = sorted(times["A"]), sorted(times["B"])
                print(
                    f"{kind:<31} {clients:>7} {len(a):>4}  {1000 * percentile(a, 0.5):>7.1f} {1000 * percentile(a, 0.95):>7.1f}"
                    f"  {1000 * percentile(b, 0.5):>7.1f} {1000 * percentile(b, 0.95):>7.1f}  {percentile(b, 0.95) / percentile(a, 0.95):.2f}",
                    flush=True,
                )
        print("load average at end: %.2f %.2f %.2f" % os.getloadavg())
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=30)


def git_head(checkout: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(checkout), "log", "--oneline", "-1"], capture_output=True, text=True
    ).stdout.strip()[:70]


if __name__ == "__main__":
    main()
