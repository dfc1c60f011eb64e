"""Page throughput under gunicorn with 2 workers, against a bare view in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bench_1m \
        .venv/bin/python bench/pages_bench.py [--port 8511] [--seconds 15] [--concurrency 4]

Starts gunicorn (2 sync workers, bench.settings: DEBUG off) on 127.0.0.1:PORT, checks each
page answers 200, then for each URL keeps CONCURRENCY client threads busy for SECONDS and
prints requests per second, mean and p95 latency, and the fraction of the bare view's rate.
The client runs on the same 2 cores as the server and PostgreSQL: the figures are
comparative, not absolute.
"""
import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pick_urls():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from catalog.models import Domain, Item

    domain = Domain.objects.get(slug="shehui-jiuzhu")
    item = Item.objects.published().filter(domain=domain).order_by("pk")[Item.objects.count() // 2 :].first() or Item.objects.published().first()
    return [
        ("bare view (ceiling)", "/bench/bare/"),
        ("home", "/"),
        ("domain", f"/domains/{domain.slug}/"),
        ("item", f"/items/{item.pk}/"),
        ("search 低保", "/search/?" + urllib.parse.urlencode({"q": "低保"})),
        ("search 危房改造 in 农村危房改造", "/search/?" + urllib.parse.urlencode({"q": "危房改造", "domain": "nongcun-weifang-gaizao"})),
    ]


def hammer(port, path, seconds, concurrency):
    latencies, errors = [], []
    stop = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
            except Exception as error:  # keep measuring; report the count
                errors.append(repr(error))
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    return len(latencies) / elapsed, latencies, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8511)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    urls = pick_urls()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{args.port}",
         "--timeout", "300", "--log-level", "warning", "portal.wsgi:application"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).request("GET", "/bench/bare/")
                break
            except OSError:
                time.sleep(0.2)
        from catalog.models import Item

        print(f"items: {Item.objects.count():,}; gunicorn 2 sync workers; {args.concurrency} client threads; "
              f"{args.seconds:.0f} s per page")
        print(f"{'page':<34} {'req/s':>8} {'mean ms':>9} {'p95 ms':>8} {'of ceiling':>11} errors")
        ceiling = None
        for label, path in urls:
            hammer(args.port, path, min(3, args.seconds), args.concurrency)  # warm both workers
            rate, latencies, errors = hammer(args.port, path, args.seconds, args.concurrency)
            ceiling = ceiling or rate
            ordered = sorted(latencies)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("nan")
            print(f"{label:<34} {rate:>8.1f} {1000 * statistics.mean(latencies):>9.1f} {1000 * p95:>8.1f} "
                  f"{rate / ceiling:>10.0%} {len(errors)}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
