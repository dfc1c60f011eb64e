"""Page latency and throughput under gunicorn (2 workers, or --workers), against a bare view in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bench_1m \
        .venv/bin/python bench/pages_bench.py [--port 8511] [--seconds 15] [--concurrency 4] \
        [--modes varied rendered data-cache deployed] [--requests 150] [--seed 1] [--workers 2] \
        [--pages search] [--process-cache]

"varied" (first by default) is what visitors with different needs get: nothing cached, and
each request a different page — a different item, domain table page, region, catalogue, law
or publisher page, or search — drawn by rule from the data with a fixed seed (`draw_varied`), never repeated in
the run. Each kind of page is asked for --requests times by one client, then --requests
other times by CONCURRENCY clients at once; it prints p50/p95/max per kind against the
targets (TARGETS_P95_MS), the bare view's rate measured in the same run, the load average
and the PostgreSQL settings that decide what stays in memory.

For each other configuration (MODES) it starts gunicorn (2 sync workers,
bench.settings: DEBUG off) on 127.0.0.1:PORT with an empty Redis database, times the first
request of each page, then keeps CONCURRENCY client threads busy on it for SECONDS and prints
requests per second, mean and p95 latency, and the fraction of the bare view's rate measured
in the same configuration; at the end, a table of those fractions. The client runs on the
same 2 cores as the server and PostgreSQL: the figures are comparative, not absolute.

"varied" and "rendered" cache no data either (PROCESS_DATA_CACHE=0; `--process-cache` runs
varied with the values portal.cache.kept_in_process keeps in each worker).

"rendered" renders and queries every page per request; "data-cache" caches only the
aggregates portal.cache.versioned() wraps (and what kept_in_process keeps); "deployed" is the production configuration
(compose.yaml sets REDIS_URL): anonymous pages come from Redis after their first request.
Those three repeat one URL per page: they measure the caches, not the varied traffic.
"""

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

from catalog.importers.cleaners import CJK

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def pick_urls():
    setup_django()
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


# -- the varied mode: every request a different page, drawn by rule from the data ------------

# p95 targets in ms, one client, nothing cached (issue 19 item 2); search also <= 300 ms with
# four clients.
TARGETS_P95_MS = {
    "item": 20,
    "home": 40,
    "region (top level)": 40,
    "region (below the top)": 40,
    "catalogue": 40,
    "domain table (all catalogues)": 80,
    "domain table (one catalogue)": 80,
    "search": 150,
    "search (query classes)": 150,
}
SEARCH_TARGET_CONCURRENT_MS = 300
LIST_PAGE_SIZE = 50  # catalog.site.views.LIST_PAGE_SIZE, the rows of a domain table
INDEX_PAGE_SIZE = 100  # catalog.site.views.INDEX_PAGE_SIZE, the rows of the law and publisher indexes
CJK_RUN = re.compile(f"[{CJK}]{{2,}}")
DIGIT_RUN = re.compile(r"\d{3,}")
# Search query classes, drawn in turn: (name, how the query is made from one published item).
SEARCH_CLASSES = (
    "name word",
    "content word",
    "publisher/channel word",
    "digits",
    "long phrase",
    "two terms",
    "name word + domain",
    "content word + region",
)


def sample_published_items(rnd, n, fields):
    """n different published items chosen at random (by id), as dicts of `fields`."""
    from django.db.models import Max, Min

    from catalog.models import Item

    span = Item.objects.published().aggregate(low=Min("pk"), high=Max("pk"))
    found, tried = {}, set()
    while len(found) < n and len(tried) < 50 * n:
        ids = {rnd.randint(span["low"], span["high"]) for _ in range(2 * (n - len(found)))} - tried
        tried |= ids
        for row in Item.objects.published().filter(pk__in=ids).values("pk", *fields):
            found[row["pk"]] = row
    picked = sorted(found)
    rnd.shuffle(picked)
    return [found[pk] for pk in picked[:n]]


def cut(rnd, text, pattern, low, high):
    """A random piece of `low`..`high` characters of a random run of `pattern` in `text`, or None."""
    runs = [run for run in pattern.findall(text or "") if len(run) >= low]
    if not runs:
        return None
    run = rnd.choice(runs)
    length = rnd.randint(low, min(high, len(run)))
    start = rnd.randint(0, len(run) - length)
    return run[start : start + length]


def draw_queries(rnd, n):
    """n different search URLs, each made by SEARCH_CLASSES' rule (in turn) from a random
    published item's own text, so each finds at least that item."""
    from catalog.models import Catalogue

    fields = (
        "level1",
        "level2",
        "content",
        "publisher_text",
        "channel_text",
        "deadline_text",
        "legal_basis_text",
        "domain__slug",
        "catalogue_id",
    )
    urls, seen, tries = [], set(), 0
    while len(urls) < n and tries < 40:
        tries += 1
        for item in sample_published_items(rnd, 4 * n, fields):
            kind = SEARCH_CLASSES[len(urls) % len(SEARCH_CLASSES)]
            name = f"{item['level1']} {item['level2']}"
            params = {}
            if kind in ("name word", "name word + domain"):
                q = cut(rnd, name, CJK_RUN, 2, 4)
                params = {"domain": item["domain__slug"]} if kind.endswith("domain") else {}
            elif kind in ("content word", "content word + region"):
                q = cut(rnd, item["content"], CJK_RUN, 2, 4)
                if kind.endswith("region"):
                    region = Catalogue.objects.select_related("region").get(pk=item["catalogue_id"]).region
                    params = {"region": region.code}
            elif kind == "publisher/channel word":
                q = cut(rnd, f"{item['publisher_text']} {item['channel_text']}", CJK_RUN, 2, 6)
            elif kind == "digits":
                texts = " ".join(item[f] for f in ("content", "channel_text", "deadline_text", "legal_basis_text"))
                q = cut(rnd, texts, DIGIT_RUN, 3, 11)
            elif kind == "long phrase":
                q = cut(rnd, item["content"], CJK_RUN, 6, 12)
            else:  # two terms of one item: a name word and a publisher/channel or content word
                first = cut(rnd, name, CJK_RUN, 2, 4)
                second = cut(rnd, f"{item['publisher_text']} {item['content']}", CJK_RUN, 2, 4)
                q = f"{first} {second}" if first and second and first != second else None
            if not q:
                continue
            url = "/search/?" + urllib.parse.urlencode({"q": q, **params})
            if url not in seen:
                seen.add(url)
                urls.append((kind, url))
            if len(urls) >= n:
                break
    return urls


def draw_varied(seed, n):
    """{kind: [url, ...]}: n different URLs of each kind of page, drawn with `seed` from the data.

    Items, catalogues and regions are drawn at random from all of them; a domain table page is
    a random domain at a random page of its table (every page as likely as another); the home
    page has one URL (asked again each time, still uncached)."""
    setup_django()
    from django.db.models import Count

    from catalog.models import Item, Region
    from catalog.search.filters import public_catalogues

    rnd = random.Random(seed)
    urls = {"home": ["/"] * n}
    urls["item"] = [f"/items/{row['pk']}/" for row in sample_published_items(rnd, n, ())]

    tops = list(Region.objects.filter(parent=None).order_by("code").values_list("code", flat=True))
    rnd.shuffle(tops)
    urls["region (top level)"] = [f"/regions/{code}/" for code in tops[:n]]
    below = list(Region.objects.exclude(parent=None).order_by("code").values_list("code", flat=True))
    urls["region (below the top)"] = [f"/regions/{code}/" for code in rnd.sample(below, min(n, len(below)))]

    slugs = list(public_catalogues().order_by("slug").values_list("slug", flat=True))
    urls["catalogue"] = [f"/catalogues/{slug}/" for slug in rnd.sample(slugs, min(n, len(slugs)))]

    pages = {
        slug: -(-count // LIST_PAGE_SIZE)
        for slug, count in Item.objects.published().order_by().values_list("domain__slug").annotate(n=Count("pk"))
    }
    domains = sorted(pages)
    table = set()
    while len(table) < min(n, sum(pages.values())):
        slug = rnd.choice(domains)
        table.add((slug, rnd.randint(1, pages[slug])))
    urls["domain table (all catalogues)"] = [
        f"/domains/{slug}/" + (f"?page={page}" if page > 1 else "") for slug, page in sorted(table)
    ]
    rnd.shuffle(urls["domain table (all catalogues)"])

    in_catalogue = set()
    for row in sample_published_items(rnd, 2 * n, ("catalogue__slug", "domain__slug")):
        in_catalogue.add(f"/catalogues/{row['catalogue__slug']}/{row['domain__slug']}/")
    urls["domain table (one catalogue)"] = sorted(in_catalogue)[:n]
    rnd.shuffle(urls["domain table (one catalogue)"])

    urls.update(draw_linked_pages(rnd, n))

    queries = draw_queries(rnd, n)
    urls["search"] = [url for _kind, url in queries]
    # the query-class set of the search benchmark (bench/query_classes.py: 80 queries, five
    # classes alone and with filters): every query with one client, then again with four
    from bench.query_classes import draw_queries as draw_class_queries

    classed = []
    for kind, q, flt in draw_class_queries(seed):
        params = {"q": q, **({flt[0]: flt[1]} if flt else {})}
        classed.append(
            (f"{kind}{' + ' + flt[0] if flt else ''} (classes)", "/search/?" + urllib.parse.urlencode(params))
        )
    urls["search (query classes)"] = ([url for _kind, url in classed], [url for _kind, url in classed])
    urls["search classes"] = queries + classed
    # drawn last, so that the URLs drawn before are those of the runs before these kinds existed
    urls.update(draw_index_pages(rnd, n))
    return urls


def draw_linked_pages(rnd, n):
    """Law and publisher pages (50 items a page, like a domain table): for each, the 3 most used
    at random pages of theirs, and any law or publisher of published items at a random page of
    its own (every one as likely as another); n different (law or publisher, page) pairs each,
    or as many as there are. Counted from the links, not from the summaries the pages read."""
    from django.db.models import Count

    from catalog.models import Item, ItemLegalBasis, ItemPublisher

    urls = {}
    for kind, links, key, prefix in (
        ("law", ItemLegalBasis, "legal_basis", "/laws/"),
        ("publisher", ItemPublisher, "organisation", "/publishers/"),
    ):
        counted = links.objects.filter(item__status=Item.Status.PUBLISHED).order_by().values_list(key)
        pages = {pk: -(-count // LIST_PAGE_SIZE) for pk, count in counted.annotate(n=Count("pk"))}
        most = sorted(pages, key=lambda pk: (-pages[pk], pk))[:3]
        for label, chosen in ((f"{kind} (3 most used)", most), (f"{kind} (any)", sorted(pages))):
            drawn, possible = set(), min(n, sum(pages[pk] for pk in chosen))
            while len(drawn) < possible:
                pk = rnd.choice(chosen)
                drawn.add((pk, rnd.randint(1, pages[pk])))
            urls[label] = [f"{prefix}{pk}/" + (f"?page={page}" if page > 1 else "") for pk, page in sorted(drawn)]
            rnd.shuffle(urls[label])
    return urls


def draw_index_pages(rnd, n):
    """n pages of the law index and n of the publisher index, every page as likely as another
    (all different, or repeated when there are fewer); their number counted from the links."""
    from catalog.models import Item, ItemLegalBasis, ItemPublisher

    urls = {}
    for kind, links, key, prefix in (
        ("law", ItemLegalBasis, "legal_basis", "/laws/"),
        ("publisher", ItemPublisher, "organisation", "/publishers/"),
    ):
        linked = links.objects.filter(item__status=Item.Status.PUBLISHED).values(key).distinct().count()
        pages = range(1, -(-linked // INDEX_PAGE_SIZE) + 1)
        drawn = rnd.sample(pages, n) if len(pages) >= n else rnd.choices(pages, k=n)
        urls[f"{kind} index"] = [prefix + (f"?page={page}" if page > 1 else "") for page in drawn]
    return urls


def percentile(ordered, p):
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


def run_list(port, paths, concurrency):
    """Ask for each path in turn, `concurrency` clients at a time; ([(path, seconds)], errors, wall seconds)."""
    pending = iter(paths)
    lock = threading.Lock()
    timings, errors = [], []

    def worker():
        client = Client(port)
        while True:
            with lock:
                path = next(pending, None)
            if path is None:
                return
            seconds, error = client.get(path)
            if error is not None:
                errors.append((error, path))
            timings.append((path, seconds))

    return timings, errors, run_threads(worker, concurrency)


class Client:
    """One keep-alive connection to the server under test; a failed request opens a new one."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path):
        """(seconds, None) for a 200; (seconds, the status or the exception's repr) otherwise."""
        started = time.perf_counter()
        error = None
        try:
            self.conn.request("GET", path)
            response = self.conn.getresponse()
            response.read()
            if response.status != 200:
                error = response.status
        except Exception as failure:  # keep measuring; report the count
            error = repr(failure)
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        return time.perf_counter() - started, error


def run_threads(worker, concurrency) -> float:
    """Run `concurrency` threads of `worker` to the end; the wall seconds they took."""
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - began


def postgres_settings() -> dict[str, str]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return {"database": connection.vendor}
    shown = {}
    with connection.cursor() as cursor:
        for name in ("server_version", "shared_buffers", "effective_cache_size", "work_mem", "random_page_cost"):
            cursor.execute(f"SHOW {name}")  # names from the list above
            shown[name] = cursor.fetchone()[0]
    return shown


def run_varied(args, redis_url):
    """The varied mode: nothing cached, each request a different page (see the module's doc)."""
    n, warm = args.requests, 5
    urls = draw_varied(args.seed, 2 * n + warm)
    classes = dict((url, kind) for kind, url in urls.pop("search classes"))
    if args.pages:  # only these kinds of page (the drawing is the same: the same URLs as a full run)
        urls = {kind: paths for kind, paths in urls.items() if kind.startswith(tuple(args.pages))}
    print("\n== varied: nothing cached; each request a different page, drawn by rule (seed %d)" % args.seed)
    print(
        "search queries: cut by rule from random published items' own text, one class after another: "
        + ", ".join(SEARCH_CLASSES)
    )
    # Uncached means no data cache either: not even the values kept in each worker's memory
    # (portal.cache.kept_in_process), unless --process-cache asks for that configuration.
    env = {"PAGE_CACHE_SECONDS": "0", "DATA_CACHE_SECONDS": "0", "PROCESS_DATA_CACHE": "0"}
    if args.process_cache:
        env["PROCESS_DATA_CACHE"] = "1"
        print("PROCESS_DATA_CACHE=1: the search form's options, synonyms and vocabulary kept in each worker")
    with serving(env, args.port, redis_url, args.workers):
        print("load average at start: %.2f %.2f %.2f" % os.getloadavg())
        for kind, paths in list(urls.items()):  # each worker's first requests (imports, templates) apart
            if isinstance(paths, tuple):
                continue
            if len(paths) >= 2 * n + warm:
                run_list(args.port, [*paths[-warm:], "/bench/bare/"], 2)
            else:  # fewer pages than asked for (the tops of the region trees): half each, no warm-up
                urls[kind] = paths[: len(paths) // 2], paths[len(paths) // 2 :]
        bare = {}
        for clients in (1, args.concurrency):
            rate = []
            for _ in range(3):
                _lat, _err, seconds = run_list(args.port, ["/bench/bare/"] * 500, clients)
                rate.append(500 / seconds)
            bare[clients] = max(rate)
        print(
            f"bare view (ceiling): {bare[1]:.0f} req/s with one client, "
            f"{bare[args.concurrency]:.0f} req/s with {args.concurrency}"
        )
        print(
            f"{'page':<31} {'clients':>7} {'n':>4} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'req/s':>6} "
            f"{'of bare':>7} {'target':>7}  errors"
        )
        verdicts, by_class, slowest = [], {}, []
        for kind, paths in urls.items():
            halves = paths if isinstance(paths, tuple) else (paths[:n], paths[n : 2 * n])
            for clients, chosen in zip((1, args.concurrency), halves):
                timings, errors, seconds = run_list(args.port, chosen, clients)
                ordered = sorted(s for _path, s in timings)
                p95 = 1000 * percentile(ordered, 0.95)
                target = TARGETS_P95_MS.get(kind) if clients == 1 else None
                if kind.startswith("search") and clients > 1:
                    target = SEARCH_TARGET_CONCURRENT_MS
                verdict = "" if target is None else ("holds" if p95 <= target else f"MISSED by {p95 - target:.0f} ms")
                if target is not None:
                    verdicts.append((kind, clients, p95, target))
                rate = len(chosen) / seconds
                print(
                    f"{kind:<31} {clients:>7} {len(chosen):>4} {1000 * percentile(ordered, 0.5):>7.1f} {p95:>7.1f} "
                    f"{1000 * ordered[-1]:>7.1f} {rate:>6.1f} {rate / bare[clients]:>7.1%} "
                    f"{target or '':>7}  {len(errors)} {verdict}",
                    flush=True,
                )
                for status, path in errors[:3]:
                    print(f"    error {status}: {urllib.parse.unquote(path)}")
                if kind.startswith("search"):
                    for path, seconds in timings:
                        by_class.setdefault((clients, classes[path]), []).append(seconds)
                        slowest.append((seconds, clients, path))
        print("load average at end: %.2f %.2f %.2f" % os.getloadavg())
    print("\nsearch by query class: p50 / p95 / max ms")
    for (clients, kind), seconds in sorted(by_class.items()):
        ordered = sorted(seconds)
        print(
            f"  {kind:<36} {clients} client(s) n={len(ordered):<3} {1000 * percentile(ordered, 0.5):7.1f} "
            f"{1000 * percentile(ordered, 0.95):7.1f} {1000 * ordered[-1]:7.1f}"
        )
    print("slowest searches:")
    for seconds, clients, path in sorted(slowest, reverse=True)[:8]:
        print(f"  {1000 * seconds:7.1f} ms  {clients} client(s)  {urllib.parse.unquote(path)}")
    held = sum(p95 <= target for *_rest, p95, target in verdicts)
    print(f"targets held (p95): {held} of {len(verdicts)}")


MODES = {
    # name: (environment for gunicorn, what it means)
    "rendered": (
        {"PAGE_CACHE_SECONDS": "0", "DATA_CACHE_SECONDS": "0", "PROCESS_DATA_CACHE": "0"},
        "nothing cached: every page rendered and queried per request",
    ),
    "data-cache": (
        {"PAGE_CACHE_SECONDS": "0", "DATA_CACHE_SECONDS": "600", "PROCESS_DATA_CACHE": "1"},
        "pages rendered per request; versioned() aggregates (counts per domain …) cached in Redis, "
        "the search form's options and synonyms in each worker (kept_in_process)",
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
        client = Client(port)
        while time.monotonic() < stop:
            seconds, error = client.get(path)
            if error is not None:
                errors.append(error)
            latencies.append(seconds)

    elapsed = run_threads(worker, concurrency)
    return len(latencies) / elapsed, latencies, errors


def first_request_ms(port, path) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request("GET", path)
    conn.getresponse().read()
    return 1000 * (time.perf_counter() - started)


@contextmanager
def serving(cache_env, port, redis_url, workers=2):
    """gunicorn (`workers` sync workers, bench.settings) on 127.0.0.1:port with `cache_env`, Redis flushed."""
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
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
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
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/bench/bare/")
                break
            except OSError:
                time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_mode(mode, args, urls, redis_url) -> dict[str, float]:
    """Start gunicorn in this configuration, measure every page; {label: fraction of ceiling}."""
    cache_env, meaning = MODES[mode]
    fractions = {}
    with serving(cache_env, args.port, redis_url, args.workers):
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
    return fractions


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8511)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--modes", nargs="+", choices=["varied", *MODES], default=["varied", *MODES])
    parser.add_argument("--requests", type=int, default=150, help="varied: requests per kind of page and client count")
    parser.add_argument("--seed", type=int, default=1, help="varied: the seed of the drawing")
    parser.add_argument(
        "--pages", nargs="+", help="varied: only the kinds of page whose name begins with one of these (e.g. search)"
    )
    parser.add_argument(
        "--process-cache",
        action="store_true",
        help="varied: keep the search form's options, synonyms and vocabulary in each worker (PROCESS_DATA_CACHE=1)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="gunicorn sync workers (2, as in every run recorded so far; production: CPU count x 2 + 1)",
    )
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    urls = pick_urls()
    from catalog.models import Item

    print(
        f"items: {Item.objects.count():,}; gunicorn {args.workers} sync workers; {args.concurrency} client threads; "
        f"{args.seconds:.0f} s per page; Redis {redis_url} (flushed before each configuration)"
    )
    print("PostgreSQL: " + ", ".join(f"{k} {v}" for k, v in postgres_settings().items()))
    if "varied" in args.modes:
        run_varied(args, redis_url)
    cached_modes = [mode for mode in args.modes if mode != "varied"]
    if not cached_modes:
        return
    results = {mode: run_mode(mode, args, urls, redis_url) for mode in cached_modes}
    print("\n== share of the bare view's rate (target: home, domain, item >= 50 %; search >= 25 %)")
    print(f"{'page':<34} " + " ".join(f"{mode:>11}" for mode in cached_modes))
    for label, _ in urls[1:]:
        print(f"{label:<34} " + " ".join(f"{results[mode][label]:>11.0%}" for mode in cached_modes))


if __name__ == "__main__":
    main()
