"""Page throughput under gunicorn with 2 workers, against a bare view in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bench_1m \
        .venv/bin/python bench/pages_bench.py [--port 8511] [--seconds 15] [--concurrency 4] \
        [--modes rendered data-cache deployed]

For each configuration (MODES; all three by default) starts gunicorn (2 sync workers,
bench.settings: DEBUG off) on 127.0.0.1:PORT with an empty Redis database, times the first
request of each page, then keeps CONCURRENCY client threads busy on it for SECONDS and prints
requests per second, mean and p95 latency, and the fraction of the bare view's rate measured
in the same configuration; at the end, a table of those fractions. The client runs on the
same 2 cores as the server and PostgreSQL: the figures are comparative, not absolute.

"rendered" renders and queries every page per request; "data-cache" caches only the
aggregates portal.cache.versioned() wraps; "deployed" is the production configuration
(compose.yaml sets REDIS_URL): anonymous pages come from Redis after their first request.
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
        (
            "search 危房改造 in 农村危房改造",
            "/search/?" + urllib.parse.urlencode({"q": "危房改造", "domain": "nongcun-weifang-gaizao"}),
        ),
    ]


MODES = {
    # name: (environment for gunicorn, what it means)
    "rendered": (
        {"PAGE_CACHE_SECONDS": "0", "DATA_CACHE_SECONDS": "0"},
        "nothing cached: every page rendered and queried per request",
    ),
    "data-cache": (
        {"PAGE_CACHE_SECONDS": "0", "DATA_CACHE_SECONDS": "600"},
        "pages rendered per request; versioned() aggregates (counts per domain …) cached in Redis",
    ),
    "deployed": (
        {"PAGE_CACHE_SECONDS": "600", "DATA_CACHE_SECONDS": "600"},
        "as compose.yaml deploys it: anonymous pages served from Redis (AnonymousPageCacheMiddleware), "
        "dropped on every data change; 'first' is the miss that renders and stores each page",
    ),
}


def flush_cache(redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()


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


def first_request_ms(port, path) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request("GET", path)
    conn.getresponse().read()
    return 1000 * (time.perf_counter() - started)


def run_mode(mode, args, urls, redis_url) -> dict[str, float]:
    """Start gunicorn in this configuration, measure every page; {label: fraction of ceiling}."""
    cache_env, meaning = MODES[mode]
    env = {
        **os.environ,
        **cache_env,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    flush_cache(redis_url)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "300",
            "--log-level",
            "warning",
            "portal.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # gunicorn's access log (gunicorn.conf.py) goes to stdout
    )
    fractions = {}
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).request("GET", "/bench/bare/")
                break
            except OSError:
                time.sleep(0.2)
        print(f"\n== {mode}: {meaning}")
        print("load average at start: %.2f %.2f %.2f" % os.getloadavg())
        print(f"{'page':<34} {'first ms':>9} {'req/s':>8} {'mean ms':>9} {'p95 ms':>8} {'of ceiling':>11} errors")
        ceiling = None
        for label, path in urls:
            first = first_request_ms(args.port, path)
            hammer(args.port, path, min(3, args.seconds), args.concurrency)  # warm both workers
            rate, latencies, errors = hammer(args.port, path, args.seconds, args.concurrency)
            ceiling = ceiling or rate
            fractions[label] = rate / ceiling
            ordered = sorted(latencies)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("nan")
            print(
                f"{label:<34} {first:>9.1f} {rate:>8.1f} {1000 * statistics.mean(latencies):>9.1f} {1000 * p95:>8.1f} "
                f"{rate / ceiling:>10.0%} {len(errors)}",
                flush=True,
            )
        print("load average at end: %.2f %.2f %.2f" % os.getloadavg())
    finally:
        server.terminate()
        server.wait(timeout=30)
    return fractions


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8511)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES))
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    urls = pick_urls()
    from catalog.models import Item

    print(
        f"items: {Item.objects.count():,}; gunicorn 2 sync workers; {args.concurrency} client threads; "
        f"{args.seconds:.0f} s per page; Redis {redis_url} (flushed before each configuration)"
    )
    results = {mode: run_mode(mode, args, urls, redis_url) for mode in args.modes}
    print("\n== share of the bare view's rate (target: home, domain, item >= 50 %; search >= 25 %)")
    print(f"{'page':<34} " + " ".join(f"{mode:>11}" for mode in args.modes))
    for label, _ in urls[1:]:
        print(f"{label:<34} " + " ".join(f"{results[mode][label]:>11.0%}" for mode in args.modes))


if __name__ == "__main__":
    main()
