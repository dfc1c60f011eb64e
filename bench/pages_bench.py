"""Page throughput under gunicorn with 2 workers, against a bare view in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bench_1m \
        .venv/bin/python bench/pages_bench.py [--port 8511] [--seconds 15] [--concurrency 4] \
        [--data-cache | --page-cache]

Starts gunicorn (2 sync workers, bench.settings: DEBUG off) on 127.0.0.1:PORT, checks each
page answers 200, then for each URL keeps CONCURRENCY client threads busy for SECONDS and
prints requests per second, mean and p95 latency, and the fraction of the bare view's rate.
The client runs on the same 2 cores as the server and PostgreSQL: the figures are
comparative, not absolute.

By default nothing is cached: every page is rendered and queried per request. --data-cache
caches only the aggregates that portal.cache.versioned() wraps (e.g. the home page's counts
per domain) in Redis, pages still rendered per request; --page-cache serves whole anonymous
pages from Redis (AnonymousPageCacheMiddleware), which after the warm-up measures the cache.
The first line of the output says which.
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
    from django.db.models import Count

    from catalog.models import Domain, Item, Region

    domain = Domain.objects.get(slug="shehui-jiuzhu")
    in_domain = Item.objects.published().filter(domain=domain).order_by("pk")
    item = in_domain[in_domain.count() // 2]
    # the region tree with the most regions directly below it, and a county inside it
    top = Region.objects.filter(parent=None).annotate(n=Count("children")).order_by("-n", "code").first()
    county = Region.objects.filter(parent=top).order_by("code").first() or top
    return [
        ("bare view (ceiling)", "/bench/bare/"),
        ("home", "/"),
        ("domain", f"/domains/{domain.slug}/"),
        ("domain, page 100", f"/domains/{domain.slug}/?page=100"),
        ("item", f"/items/{item.pk}/"),
        (f"region (top: {top.name})", f"/regions/{top.code}/"),
        (f"region ({county.get_level_display()})", f"/regions/{county.code}/"),
        ("search 低保", "/search/?" + urllib.parse.urlencode({"q": "低保"})),
        ("search 申请 (frequent)", "/search/?" + urllib.parse.urlencode({"q": "申请"})),
        ("search 危房改造 in 农村危房改造", "/search/?" + urllib.parse.urlencode({"q": "危房改造", "domain": "nongcun-weifang-gaizao"})),
    ]


def cache_environment(args) -> tuple[dict, str]:
    """Environment for gunicorn, and a line saying what is cached."""
    redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    if args.page_cache:
        return {"REDIS_URL": redis, "PAGE_CACHE_SECONDS": "600", "DATA_CACHE_SECONDS": "600"}, (
            f"page cache ON (whole anonymous pages from Redis {redis}); data cache ON"
        )
    if args.data_cache:
        return {"REDIS_URL": redis, "PAGE_CACHE_SECONDS": "0", "DATA_CACHE_SECONDS": "600"}, (
            f"page cache OFF (every page rendered per request); data cache ON "
            f"(versioned() aggregates in Redis {redis})"
        )
    return {"PAGE_CACHE_SECONDS": "0", "DATA_CACHE_SECONDS": "0"}, (
        "page cache OFF, data cache OFF: every page rendered and queried per request"
    )


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
    caching = parser.add_mutually_exclusive_group()
    caching.add_argument("--data-cache", action="store_true", help="cache versioned() aggregates in Redis")
    caching.add_argument("--page-cache", action="store_true", help="serve whole anonymous pages from Redis")
    args = parser.parse_args()
    cache_env, cache_line = cache_environment(args)
    os.environ.update(cache_env)
    urls = pick_urls()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "GUNICORN_LOG_LEVEL": "warning"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{args.port}",
         "--timeout", "300", "--log-level", "warning", "portal.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,  # gunicorn's access log (gunicorn.conf.py) goes to stdout
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
        print(cache_line)
        print("load average at start: %.2f %.2f %.2f" % os.getloadavg())
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
        print("load average at end: %.2f %.2f %.2f" % os.getloadavg())
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
