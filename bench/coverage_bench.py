"""对标核查 at scale: the cost of computing the stored coverage, and the region page's time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coverage_bench \\
        .venv/bin/python bench/coverage_bench.py --items 100000 [--runs 5] [--keep]

On the database named by DATABASE_URL (create it first, e.g. `createdb -h 127.0.0.1 -U postgres
coverage_bench`; it is migrated here; with --keep an already generated data set is reused): loads the seeds, generates ITEMS synthetic items,
marks the seed 000 catalogue (14 domains) as a whole reference, computes every catalogue's
coverage of it (services/coverage.refresh_reference: the work an import or a reference
change triggers, here for all catalogues at once) and then times
/audit/coverage/?region=<province>&reference=… for the synthetic province with the most
catalogues, RUNS times, then every other synthetic province's page once (varied inputs, no
repeats), through Django's test client (view, queries and template; no HTTP server) as a staff
user. Prints the figures; nothing is timed inside a unit test.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--keep", action="store_true", help="reuse the synthetic data (and stored coverage) already in the database"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    from catalog.models import Catalogue, Coverage, Item, Reference, Region
    from catalog.models.item import region_with_descendants
    from catalog.services import coverage

    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    call_command("migrate", verbosity=0)
    synthetic = Item.objects.filter(catalogue__source_file="synthetic")
    if not (args.keep and synthetic.exists()):
        Catalogue.objects.filter(source_file="synthetic").delete()
        if not Catalogue.objects.filter(slug="aershan-zhen-2022").exists():
            call_command("load_seed", verbosity=0)
        started = time.perf_counter()
        call_command("generate_synthetic", items=args.items, seed=3, verbosity=0)
        print(f"generated {synthetic.count():,} synthetic items in {time.perf_counter() - started:.1f} s")
    print(f"items: {Item.objects.count():,}, catalogues: {Catalogue.objects.count():,}")

    model = Catalogue.objects.get(slug="aershan-zhen-2022")
    reference, _ = Reference.objects.get_or_create(catalogue=model, domain=None)
    if args.keep and Coverage.objects.filter(reference=reference).exists():
        print("refresh_reference: skipped (--keep, coverage already stored)")
    else:
        started = time.perf_counter()
        written = coverage.refresh_reference(reference)
        seconds = time.perf_counter() - started
        catalogues = Catalogue.objects.exclude(pk=model.pk).count()
        print(
            f"refresh_reference: {written:,} coverage rows for {catalogues:,} catalogues in {seconds:.1f} s "
            f"({1000 * seconds / max(catalogues, 1):.1f} ms a catalogue)"
        )

    provinces = Region.objects.filter(parent=None, name__endswith="（合成）")
    sizes = sorted(
        ((Catalogue.objects.filter(region_id__in=region_with_descendants(p)).count(), p) for p in provinces),
        key=lambda pair: (-pair[0], pair[1].code),
    )
    count, province = sizes[0]
    items_below = Item.objects.filter(catalogue__region_id__in=region_with_descendants(province)).count()
    print(f"province: {province.name} ({province.code}), {count} catalogues, {items_below:,} items")
    print(f"coverage rows in the database: {Coverage.objects.count():,}")

    staff, _ = User.objects.get_or_create(username="coverage-bench", defaults={"is_staff": True})
    client = Client()
    client.force_login(staff)
    url = f"/audit/coverage/?region={province.code}&reference={model.slug}"
    times, queries = [], 0
    settings.DEBUG = True  # count queries
    for _ in range(args.runs):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        queries = len(connection.queries)
        assert response.status_code == 200, response.status_code
    settings.DEBUG = False
    print(
        f"GET {url}: first {times[0] * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {args.runs} runs; {queries} queries; {len(response.content):,} bytes"
    )
    others = []
    for _, other in sizes[1:]:
        started = time.perf_counter()
        response = client.get(f"/audit/coverage/?region={other.code}&reference={model.slug}")
        others.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    if others:
        others.sort()
        p95 = others[min(len(others) - 1, round(0.95 * (len(others) - 1)))]
        print(
            f"the other {len(others)} provinces, once each ({sizes[-1][0]}–{sizes[1][0]} catalogues): "
            f"median {statistics.median(others) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {others[-1] * 1000:.0f} ms"
        )
    started = time.perf_counter()
    response = client.get(url + "&format=xlsx")
    print(f"XLSX export: {(time.perf_counter() - started) * 1000:.0f} ms, {len(response.content):,} bytes")
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")


if __name__ == "__main__":
    main()
