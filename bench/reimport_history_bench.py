"""Re-import benchmark: a new edition that changes every item of a catalogue, with its history.

    .venv/bin/python bench/reimport_history_bench.py [--rows 5000]            # SQLite temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/reimport_history_bench.py

The catalogue is bench/import_bench.py's file (the seed catalogues' items by rule, cycled to
the size, official layout, XLSX). It is imported once without history, as the seed
catalogues are (manage.py build_fixtures, then load_seed): no item has a version yet. It is
then imported again with every row's 公开时限 changed, through the upload's confirm path
(catalog.services.editions.import_catalogue): every item changes in place, so the history
keeps each one's state before the change (history.ensure_baseline) and then records the
new one (history.record_versions). Prints the wall time and the queries of the whole
re-import and of the baseline alone (with the process's CPU time: the machine is shared),
and the versions the re-import wrote. With DATABASE_URL the
database is flushed first.
"""

import argparse
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_bench import setup_django, table, write_file  # noqa: E402

DEADLINE_COLUMN = 5  # 公开时限 in import_bench's layout


@contextmanager
def counted():
    """Count the queries run inside (without keeping them, unlike DEBUG's query log)."""
    from django.db import connection

    seen = {"queries": 0}

    def count(execute, sql, params, many, context):
        seen["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reimport-bench-") as tmp:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/reimport.sqlite3"
        os.environ["MEDIA_ROOT"] = f"{tmp}/media"
        setup_django(database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if database_url.startswith("postgres"):
            call_command("flush", interactive=False, verbosity=0)
        from reversion.models import Version

        from catalog.importers.load import import_record
        from catalog.importers.records import CatalogueMeta
        from catalog.importers.spreadsheets import read_upload
        from catalog.services import editions, history

        meta = CatalogueMeta(slug="bench-reimport", title="基准测试目录", region=[("bench", "基准测试县", "county")],
                             domain=("社会救助", "shehui-jiuzhu"))  # fmt: skip
        first = table(args.rows)
        second = [
            [*row[:DEADLINE_COLUMN], f"{row[DEADLINE_COLUMN]}（修订）", *row[DEADLINE_COLUMN + 1 :]] for row in first
        ]
        records = []
        for name, rows in (("first", first), ("second", second)):
            path = Path(tmp) / f"{name}.xlsx"
            write_file(rows, "xlsx", path)
            records.append(read_upload(path.read_bytes(), name=path.name, meta=meta))

        report = import_record(records[0])
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; database: {database_url}")
        print(f"first import (no history, as the seed's): {report['items']} items")

        baseline = {"seconds": 0.0, "queries": 0}
        ensure_baseline = history.ensure_baseline

        def timed_baseline(items):  # the importer calls it once, with the items about to change
            started, cpu = time.perf_counter(), time.process_time()
            with counted() as seen:
                kept = ensure_baseline(items)
            baseline.update(
                seconds=time.perf_counter() - started,
                cpu=time.process_time() - cpu,
                queries=seen["queries"],
                items=kept,
            )
            return kept

        versions_before = Version.objects.count()
        history.ensure_baseline = timed_baseline
        try:
            started, cpu = time.perf_counter(), time.process_time()
            with counted() as seen:
                report = editions.import_catalogue(records[1], comment="第二版")
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        finally:
            history.ensure_baseline = ensure_baseline
        plan = report["plan"]
        print(
            f"re-import: {len(plan['changed'])} changed, {len(plan['new'])} new, {len(plan['withdrawn'])} withdrawn; "
            f"{elapsed:.2f} s (CPU {cpu:.2f} s), {seen['queries']} queries, {Version.objects.count() - versions_before} versions written"
        )
        print(
            f"  of which the baseline ({baseline.get('items', 0)} items' state before the change): "
            f"{baseline['seconds']:.2f} s (CPU {baseline.get('cpu', 0):.2f} s), {baseline['queries']} queries"
        )


if __name__ == "__main__":
    main()
