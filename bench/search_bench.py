"""Search benchmark: the indexed PostgreSQL backend against naive icontains, same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bench_1m \
        .venv/bin/python bench/search_bench.py --items 1000000 [--explain]

Builds (or reuses) a database with at least --items items (migrate, load_seed if the
fixtures exist, generate_synthetic for the rest). For a fixed set of 35 queries it then times
what the search page computes, through the same code (filter_items, SearchPaginator,
compute_facets, synonyms included): the total (exact up to 10,000, then "10,000+"), the
first 20 items in relevance order with everything the list shows, and the facets (for at
most FACET_LIMIT results). The naive run does the same with the simple icontains backend,
counted and paged on the plain queryset (ORDER BY rank … LIMIT 20). Prints p50/p95 per
backend, the ratio, whether both give the same whole id set, total, first page and facets
for every query, database and index sizes, and with --explain EXPLAIN ANALYZE of every
statement of two search pages. Not a test: it prints figures.
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import override_settings  # noqa: E402

from catalog.models import Item, Region  # noqa: E402
from catalog.search.filters import filter_items  # noqa: E402
from catalog.search.index import session_setting  # noqa: E402
from catalog.search.paging import SearchPaginator  # noqa: E402
from catalog.site.facets import FACET_LIMIT, compute_facets  # noqa: E402
from portal.runtime import freeze_startup_objects  # noqa: E402

SIMPLE_BACKEND = "catalog.search.simple.SimpleBackend"

PAGE = 20

# (label, query, filter) — filter: None, ("domain", slug) or ("region", level)
QUERIES = [
    ("rare 2-char", "低保", None),
    ("rare 2-char", "残疾", None),
    ("rare 2-char", "孕前", None),
    ("rare 2-char", "兵役", None),
    ("mid 2-char", "危房", None),
    ("mid 2-char", "住房", None),
    ("mid 2-char", "工伤", None),
    ("mid 2-char", "养老", None),
    ("frequent 2-char", "申请", None),
    ("frequent 2-char", "流程", None),
    ("frequent 2-char", "办理", None),
    ("frequent 2-char", "公开", None),
    ("1-char", "残", None),
    ("1-char", "房", None),
    ("1-char", "保", None),
    ("1-char", "税", None),
    ("phrase 4-8", "危房改造", None),
    ("phrase 4-8", "最低生活保障", None),
    ("phrase 4-8", "就业困难人员认定", None),
    ("phrase 4-8", "城乡居民养老保险", None),
    ("phrase 4-8", "政府信息公开条例", None),
    ("phrase 4-8", "乡村建设规划许可", None),
    ("no hit", "殡葬改革", None),
    ("two terms", "低保 申请", None),
    ("two terms", "养老 保险", None),
    ("two terms", "残疾人 补贴", None),
    ("two terms", "办理 流程", None),
    ("domain filter", "低保", ("domain", "shehui-jiuzhu")),
    ("domain filter", "申请", ("domain", "shehui-baoxian")),
    ("domain filter", "养老 保险", ("domain", "shehui-baoxian")),
    ("domain filter", "保", ("domain", "nongcun-weifang-gaizao")),
    ("region filter", "低保", ("region", "county")),
    ("region filter", "申请", ("region", "county")),
    ("region filter", "公开", ("region", "township")),
    ("region filter", "危房改造", ("region", "county")),
]


def ensure_items(target: int) -> int:
    call_command("migrate", verbosity=0)
    if Item.objects.count() == 0 and any((ROOT / "fixtures").glob("*.json")):
        call_command("load_seed", verbosity=0)
    count = Item.objects.count()
    if count < target:
        print(f"building: {count:,} items present, generating {target - count:,} …", flush=True)
        started = time.monotonic()
        call_command("generate_synthetic", items=target - count, seed=1)
        print(f"\nbuilt in {time.monotonic() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return Item.objects.count()


def params_for(q, flt, regions):
    params = QueryDict(mutable=True)
    params["q"] = q
    if flt and flt[0] == "domain":
        params["domain"] = flt[1]
    elif flt and flt[0] == "region":
        params["region"] = regions[flt[1]].code
    return params


@contextmanager
def backend(naive: bool):
    """The portal's search backend, or with `naive` icontains, given PostgreSQL's own default
    of 2 parallel workers per query: the portal's connections turn them off (portal/settings.py),
    which would make the naive sequential scan about twice as slow and the ratio flattering."""
    with override_settings(SEARCH_BACKEND=SIMPLE_BACKEND if naive else None):
        with session_setting("max_parallel_workers_per_gather", "2") if naive else nullcontext():
            yield


def first_page(params, *, naive=False, lookups=None):
    """What the search page computes: total (exact up to COUNT_LIMIT), the first page, facets.

    Facets are computed when the count is exact (at most COUNT_LIMIT results); above that
    the page says "more than 10,000" and asks for a narrower query. `naive`: the simple
    icontains backend, counted and paged on the plain queryset (ORDER BY rank … LIMIT 20).
    `lookups`: shared with a relaxed retry, as the search page shares them (filter_items).
    """
    with backend(naive):
        filterset, items = filter_items(params, lookups=lookups)
        plan = None if naive else filterset.search_plan
        paginator = SearchPaginator(items.for_listing(), PAGE, plan=plan)
        page = [item.pk for item in paginator.page(1)]
        facets = None
        if paginator.count_is_exact and 0 < paginator.count <= FACET_LIMIT:
            facets = [
                (f.name, [(v.value, v.count) for v in f.values]) for f in compute_facets(items, params, plan=plan)
            ]
        return (paginator.count, paginator.count_is_exact), page, facets


def all_ids(params, *, naive=False):
    with backend(naive):
        return set(filter_items(params)[1].values_list("pk", flat=True))


def timed(fn, repeat):
    samples, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, value


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]


def sizes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"\ndatabase size: {cursor.fetchone()[0]}")
        cursor.execute(
            """SELECT c.relname, c.relkind, pg_size_pretty(pg_total_relation_size(c.oid)), pg_size_pretty(pg_relation_size(c.oid))
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND pg_relation_size(c.oid) > 1024 * 1024
               ORDER BY pg_relation_size(c.oid) DESC"""
        )
        print(f"{'relation':<55} {'kind':<6} {'total':>10} {'own':>10}")
        for name, kind, total, own in cursor.fetchall():
            print(f"{name:<55} {'table' if kind == 'r' else 'index':<6} {total:>10} {own:>10}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query for the indexed backend")
    parser.add_argument("--naive-repeat", type=int, default=2, help="timed runs per query for icontains")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of the page's statements for two queries"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("run this against PostgreSQL (DATABASE_URL=postgres://…/scale_bench_1m)")
    count = ensure_items(args.items)
    freeze_startup_objects()  # as portal/wsgi.py does in every web worker
    regions = {
        level: Region.objects.filter(level=level, children__isnull=False).order_by("pk").first()
        for level in ("county", "township")
    }
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
    print(
        f"items: {count:,}; PostgreSQL {connection.pg_version}, shared_buffers {shared_buffers}; "
        f"parallel workers per query: {workers} indexed, 2 icontains; region filters: "
        + ", ".join(f"{r.name} ({r.get_level_display()})" for r in regions.values())
    )
    rows, all_fast, all_slow, mismatches = [], [], [], []
    print(
        f"\n{'query':<28} {'filter':<22} {'hits':>8} {'idx p50':>8} {'idx max':>8} {'naive':>8} {'ratio':>6}  same ids"
    )
    for label, q, flt in QUERIES:
        params = params_for(q, flt, regions)
        first_page(params)  # warm
        fast, ((total, exact), page, facets) = timed(lambda: first_page(params), args.repeat)
        all_fast += fast
        if args.skip_naive:
            slow, same = [float("nan")], "skipped"
        else:
            slow, ((n_total, n_exact), n_page, n_facets) = timed(
                lambda: first_page(params, naive=True), args.naive_repeat
            )
            all_slow += slow
            ok = (
                all_ids(params) == all_ids(params, naive=True)
                and page == n_page
                and (total, exact) == (n_total, n_exact)
                and facets == n_facets
            )
            same = "yes" if ok else "NO"
            if not ok:
                mismatches.append(q)
        shown = f"{flt[0]}={flt[1]}" if flt else "-"
        ratio = statistics.median(slow) / statistics.median(fast)
        hits = f"{total:,}" + ("" if exact else "+")
        print(
            f"{label + ': ' + q:<28} {shown:<22} {hits:>8} {statistics.median(fast):>8.1f} {max(fast):>8.1f} "
            f"{statistics.median(slow):>8.1f} {ratio:>6.1f}  {same}",
            flush=True,
        )
        rows.append((q, flt, fast, slow))
    print(
        f"\nindexed  p50 {pct(all_fast, 50):.1f} ms  p95 {pct(all_fast, 95):.1f} ms  max {max(all_fast):.1f} ms "
        f"over {len(all_fast)} runs of {len(QUERIES)} queries"
    )
    per_query_p95 = [pct(fast, 95) for _, _, fast, _ in rows]
    over = [q for (q, flt, fast, _), p in zip(rows, per_query_p95) if p > 150]
    print(f"queries with p95 > 150 ms: {len(over)} {over}")
    if all_slow:
        print(f"icontains p50 {pct(all_slow, 50):.1f} ms  p95 {pct(all_slow, 95):.1f} ms")
        print(
            f"ratio at p50 {pct(all_slow, 50) / pct(all_fast, 50):.1f}x, at p95 {pct(all_slow, 95) / pct(all_fast, 95):.1f}x"
        )
        print(
            f"identical ids, totals, first pages and facets for every query: "
            f"{'yes' if not mismatches else 'NO: ' + ', '.join(mismatches)}"
        )
    sizes()
    if args.explain:
        for q, flt in (("保", None), ("低保", ("domain", "shehui-jiuzhu"))):
            explain_page(params_for(q, flt, regions))


def explain_page(params):
    """EXPLAIN ANALYZE of every statement the search page runs for these parameters."""
    statements = []

    def capture(execute, sql, sql_params, many, context):
        statements.append((sql, sql_params))
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(capture):
        first_page(params)
    print(f"\n=== EXPLAIN ANALYZE: the {len(statements)} statements of the search page for {params.urlencode()}")
    with connection.cursor() as cursor:
        for sql, sql_params in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, sql_params)
            print("\n-- " + (sql if len(sql) < 400 else sql[:400] + " …"))
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
