"""Load benchmark: N concurrent clients for D seconds over a realistic mix of public pages.

    # everything: throwaway PostgreSQL on :5444, seed + 100,000 synthetic items, gunicorn, 50 clients, 60 s
    .venv/bin/python -m bench.load --setup --items 100000 --clients 50 --duration 60

    # against a server that is already running (production settings behind a TLS proxy)
    .venv/bin/python -m bench.load --url http://127.0.0.1:8412 --clients 50 --duration 60

The URL mix is found by crawling the portal from its home page (and a few searches), so the
benchmark needs no knowledge of the views: home 10 %, catalogue/region pages 10 %, domain
pages 15 %, item pages 35 %, searches with filters 25 %, exports 5 %. A kind with no URL is left
out and reported. Reports requests per second, p50/p95/p99 latency overall and per kind, and
errors (5xx, connection failures, timeouts). Results go to bench/results/ as JSON.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
MIX = {"home": 10, "catalogue": 10, "domain": 15, "item": 35, "search": 25, "export": 5}
SEARCH_TERMS = [
    "低保",
    "社会保险",
    "最低生活保障",
    "政府信息公开",
    "养老",
    "就业",
    "医疗",
    "财政预算",
    "特困",
    "残疾人",
]
HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "portal-bench/1"}
BENCH_PORT = 8412


def kind_of(path: str) -> str | None:
    if path == "/":
        return "home"
    if path.startswith("/items/"):
        return "item"
    if path.startswith("/domains/"):
        return "domain"
    if path.startswith(("/catalogues/", "/regions/")):
        return "catalogue"
    if path.startswith("/search"):
        return "search"
    if path.startswith("/exports/"):
        return "export"
    return None


class Client:
    """One keep-alive HTTP connection, as a browser would hold."""

    def __init__(self, base: str, timeout: float = 30):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.conn = None

    last_cache = ""

    def get(self, path: str) -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers=HEADERS)
                response = self.conn.getresponse()
                body = response.read()
                self.last_cache = response.getheader("X-Page-Cache", "")
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, body
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                # A kept-alive connection the server closed between requests: reconnect once.
                self.close()
                if attempt == 2:
                    raise error
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def crawl(base: str, max_pages: int = 400, per_kind: int = 2000, seed: int = 1) -> dict[str, list[str]]:
    """Public URLs by kind, found by following links from the home page and a few searches.

    One queue per kind, always fetching next from the kind found least so far, so that a home
    page with hundreds of catalogue links does not use up the crawl before any item is seen.
    """
    found: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    queues: dict[str, deque] = defaultdict(deque)
    queues["home"].append("/")
    for term in SEARCH_TERMS:
        queues["search"].append(f"/search/?q={quote(term)}")
    rng = random.Random(seed)
    client = Client(base)
    fetched = 0
    link = re.compile(r'href="(/[^"#]*)"')
    while fetched < max_pages:
        candidates = [k for k, q in queues.items() if q]
        if not candidates:
            break
        kind = min(candidates, key=lambda k: (len(found[k]), rng.random()))
        path = queues[kind].popleft()
        if path in seen:
            continue
        seen.add(path)
        if kind == "export":  # linked from the pages; not downloaded while crawling
            if len(found[kind]) < per_kind:
                found[kind].append(path)
            continue
        status, body = client.get(path)
        fetched += 1
        if status != 200:
            continue
        if len(found[kind]) < per_kind:
            found[kind].append(path)
        links = link.findall(body.decode("utf-8", "replace"))
        rng.shuffle(links)
        for href in links:
            href = unescape(href)
            href_kind = kind_of(urlsplit(href).path)
            if href_kind and href not in seen:
                queues[href_kind].append(href)
    if not found.get("export") and found.get("search"):
        # No export link on the pages: export what the searches showed, if the export view exists.
        for search in found["search"][:50]:
            query = urlsplit(search).query
            for fmt in ("csv", "json", "xlsx"):
                found["export"].append(f"/exports/items.{fmt}?{query}")
        status, _ = client.get(found["export"][0])
        if status == 404:
            del found["export"]
    client.close()
    return dict(found)


@dataclass
class Result:
    started: float
    seconds: float
    kind: str
    status: int  # 0 = connection failure or timeout
    error: str = ""
    cache: str = ""  # X-Page-Cache: hit / miss / "" (not cacheable or cache off)


@dataclass
class LoadRun:
    results: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_load(base, urls, clients=50, duration=60.0, seed=1, stop_event=None) -> list[Result]:
    """`clients` threads, each a keep-alive client requesting the mix back to back for `duration` s."""
    kinds = [k for k in MIX if urls.get(k)]
    weights = [MIX[k] for k in kinds]
    run = LoadRun()
    deadline = time.monotonic() + duration
    stop_event = stop_event or threading.Event()

    def worker(n):
        rng = random.Random(seed * 1000 + n)
        client = Client(base)
        local = []
        while time.monotonic() < deadline and not stop_event.is_set():
            kind = rng.choices(kinds, weights)[0]
            path = rng.choice(urls[kind])
            started = time.monotonic()
            try:
                status, _ = client.get(path)
                local.append(Result(started, time.monotonic() - started, kind, status, cache=client.last_cache))
            except (OSError, http.client.HTTPException) as error:
                client.close()
                local.append(Result(started, time.monotonic() - started, kind, 0, error.__class__.__name__))
                time.sleep(0.05)  # a refused connection returns at once; do not spin
        client.close()
        with run.lock:
            run.results.extend(local)

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(run.results, key=lambda r: r.started)


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def is_error(result: Result) -> bool:
    return result.status == 0 or result.status >= 500


def summarise(results: list[Result], duration: float) -> dict:
    def stats(rs):
        latencies = sorted(r.seconds * 1000 for r in rs)
        statuses = defaultdict(int)
        for r in rs:
            statuses[str(r.status or r.error)] += 1
        return {
            "requests": len(rs),
            "rps": round(len(rs) / duration, 1),
            "p50_ms": round(percentile(latencies, 50), 1) if rs else None,
            "p95_ms": round(percentile(latencies, 95), 1) if rs else None,
            "p99_ms": round(percentile(latencies, 99), 1) if rs else None,
            "errors": sum(1 for r in rs if is_error(r)),
            "cache_hits": sum(1 for r in rs if r.cache == "hit"),
            "statuses": dict(statuses),
        }

    by_kind = defaultdict(list)
    for r in results:
        by_kind[r.kind].append(r)
    return {"overall": stats(results), "by_kind": {k: stats(v) for k, v in by_kind.items()}}


def print_summary(summary: dict, title: str):
    print(f"\n{title}")
    print(
        f"{'kind':<10} {'requests':>9} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'cached':>7}  statuses"
    )
    rows = [("overall", summary["overall"])] + sorted(summary["by_kind"].items())
    for name, s in rows:
        print(
            f"{name:<10} {s['requests']:>9} {s['rps']:>8} {s['p50_ms']!s:>8} {s['p95_ms']!s:>8} {s['p99_ms']!s:>8} "
            f"{s['errors']:>7} {s['cache_hits']:>7}  {s['statuses']}"
        )


# --- setting up the system under test -------------------------------------------------------


def production_env(database_url: str, port: int, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", "bench-" + "x" * 60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        BEHIND_TLS_PROXY="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG=os.environ.get("BENCH_ACCESS_LOG", "/dev/null"),
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(env, *args, check=True):
    print("$ manage.py", " ".join(args), flush=True)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=check)


def prepare_database(env, items: int):
    """Migrate, load the seed catalogues, top up to `items` synthetic items (once), collect static."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_seed")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    count = int(
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "--verbosity",
                "0",
                "-c",
                "from catalog.models import Item; print(Item.objects.count())",
            ],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        or 0
    )
    print(f"items in the database: {count:,}")
    if items and count < items:
        available = subprocess.run(
            [sys.executable, "manage.py", "help", "generate_synthetic"], cwd=BASE_DIR, env=env, capture_output=True
        )
        if available.returncode != 0:
            print("!! manage.py generate_synthetic does not exist on this branch: running on the seed data only")
            return count
        manage(env, "generate_synthetic", "--items", str(items - count))
    # Bulk writes send no signals: drop cached pages of an earlier run by hand.
    manage(env, "shell", "--verbosity", "0", "-c", "from portal.cache import invalidate_pages; invalidate_pages()")
    return count


@contextmanager
def gunicorn(env, port: int):
    (RESULTS / "tmp").mkdir(parents=True, exist_ok=True)
    log = open(RESULTS / "tmp" / f"gunicorn-{port}.log", "ab")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py", "portal.wsgi"],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if Client(base, timeout=2).get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def save(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="benchmark a running server instead of setting one up")
    parser.add_argument("--setup", action="store_true", help="throwaway PostgreSQL on :5444, data, gunicorn")
    parser.add_argument("--items", type=int, default=100_000, help="total items wanted (seed + synthetic)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py, 2 × CPUs + 1)")
    parser.add_argument("--redis", help="REDIS_URL for the page cache (default: no cache)")
    parser.add_argument("--crawl-pages", type=int, default=400, help="pages fetched to find the URL mix")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.url and not args.setup:
        parser.error("give --url or --setup")

    def bench(base, context):
        urls = crawl(base, max_pages=args.crawl_pages, seed=args.seed)
        print(
            "URLs found:", {k: len(v) for k, v in urls.items()}, "missing kinds:", [k for k in MIX if not urls.get(k)]
        )
        started = time.time()
        results = run_load(base, urls, clients=args.clients, duration=args.duration, seed=args.seed)
        summary = summarise(results, args.duration)
        print_summary(summary, f"{args.clients} clients, {args.duration:.0f} s against {base}")
        path = save(
            "load",
            {
                "started": started,
                "args": vars(args),
                "context": context,
                "urls": {k: len(v) for k, v in urls.items()},
                "summary": summary,
            },
        )
        print(f"\nsaved {path.relative_to(BASE_DIR)}")
        return summary

    if args.url:
        return bench(args.url, {})

    from bench.pgcluster import Cluster

    cluster = Cluster()
    cluster.start()
    cluster.ensure_database("prod_bench")
    extra = {"REDIS_URL": args.redis} if args.redis else {}
    if args.workers:
        extra["WEB_CONCURRENCY"] = str(args.workers)
    env = production_env(f"{cluster.url}/prod_bench", BENCH_PORT, **extra)
    items = prepare_database(env, args.items)
    with gunicorn(env, BENCH_PORT) as base:
        return bench(
            base,
            {
                "database": env["DATABASE_URL"],
                "items_before_generation": items,
                "cache": bool(args.redis),
                "cpus": os.cpu_count(),
            },
        )


if __name__ == "__main__":
    main()
