"""Backup and restore drill: pg_dump the benchmark database, restore it into another database,
and compare every table row for row (count and an MD5 over the rows in primary-key order).

    .venv/bin/python -m bench.restore_check            # prod_bench -> prod_db on the throwaway cluster :5444

Uses the same commands as docs/deploy.md section 5.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.pgcluster import Cluster


def table_fingerprints(cluster: Cluster, db: str) -> dict[str, tuple[int, str]]:
    tables = cluster.psql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", db=db
    ).split()
    result = {}
    for table in tables:
        row = cluster.psql(
            f"SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM {table} t",
            db=db,
        )
        count, digest = row.split()
        result[table] = (int(count), digest)
    return result


def main(source="prod_bench", target="prod_db"):
    cluster = Cluster()
    cluster.start()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / f"{source}.dump"
        started = time.monotonic()
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"{cluster.url}/{source}"], check=True
        )
        dumped = time.monotonic() - started
        cluster.psql(f"DROP DATABASE IF EXISTS {target}")
        cluster.psql(f"CREATE DATABASE {target}")
        started = time.monotonic()
        subprocess.run(
            ["pg_restore", "--no-owner", "--jobs=2", "--exit-on-error", f"--dbname={cluster.url}/{target}", str(dump)],
            check=True,
        )
        restored = time.monotonic() - started
        size = dump.stat().st_size
    before, after = table_fingerprints(cluster, source), table_fingerprints(cluster, target)
    differing = [t for t in before if before[t] != after.get(t)]
    rows = sum(count for count, _ in before.values())
    print(f"pg_dump {source}: {size / 1e6:.1f} MB in {dumped:.1f} s; pg_restore into {target}: {restored:.1f} s")
    print(f"{len(before)} tables, {rows:,} rows; items: {before.get('catalog_item', (0,))[0]:,}")
    print("identical after restore" if not differing and set(before) == set(after) else f"DIFFERENT: {differing}")
    return 0 if not differing else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
