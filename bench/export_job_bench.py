"""Background export benchmark: wall time and peak RSS of a file export at 20k, 50k and 200k rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exports_bench \\
        .venv/bin/python bench/export_job_bench.py [--sizes 20000 50000 200000] [--formats xlsx csv json]

The database must hold at least the largest size of published items; make them once with
`manage.py load_seed && manage.py generate_synthetic --items 200000` (the bench refuses
otherwise and says so). Each run is a fresh subprocess that exports the first N items of the
portal's unfiltered list (filter_items, its default order) the way the export job does
(catalog.exports.stored.write_export into a temporary folder) and reports its own peak RSS,
so constant memory shows as the same RSS from 20k to 200k rows.

    ... bench/export_job_bench.py --job xlsx

runs one export of every published item the whole way: the export view's job (enqueued as
the view does it), then `manage.py db_worker --batch` in a subprocess; prints the wall time,
the worker's peak RSS and what the job recorded.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FORMATS = ("xlsx", "csv", "json")


def setup_django() -> None:
    os.environ.setdefault("DEBUG", "0")  # DEBUG would keep a log of queries in memory
    os.environ.setdefault("SECRET_KEY", "export-job-bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def first_items(size: int):
    """The first `size` items of the unfiltered public list, as a filterable queryset."""
    from django.db.models import Subquery

    from catalog.search.filters import filter_items

    _, queryset = filter_items({})
    return queryset.filter(pk__in=Subquery(queryset.values("pk")[:size]))


def run_one(fmt: str, size: int) -> None:
    """In a subprocess: write the export, print 'rows seconds bytes peak_kb base_kb'."""
    from django.utils import timezone

    from catalog.exports.stored import write_export
    from catalog.exports.writers import ExportMeta

    queryset = first_items(size)
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    meta = ExportMeta(title="基准测试", exported_at=timezone.now(), filters_description=f"前 {size} 项")
    with tempfile.TemporaryDirectory(prefix="export-job-bench-") as folder:
        path = Path(folder) / f"export.{fmt}"
        started = time.perf_counter()
        write_export(queryset, fmt, path, meta, absolute=lambda p: "https://example.org" + p)
        elapsed = time.perf_counter() - started
        size_bytes = path.stat().st_size
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(meta.count, f"{elapsed:.3f}", size_bytes, peak_kb, base_kb)


def run_job(fmt: str) -> None:
    """Enqueue the export of every published item, run a worker until the queue is empty."""
    from django.core.management import call_command
    from django.http import QueryDict

    call_command("migrate", verbosity=0)
    from catalog.models import Job
    from catalog.site import export_jobs

    params = export_jobs.job_params(QueryDict(f"bench={time.time()}"), fmt, "https://example.org")
    job = export_jobs.start_export(params=params)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch"], check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    job = Job.objects.get(pk=job.pk)
    result = job.result or {}
    print(f"任务 {job.pk}: {job.get_state_display()}，{result.get('count')} 项，{(result.get('bytes') or 0) / 2**20:.1f} MB，"
          f"进度 {job.progress_done}/{job.progress_total}；用时 {elapsed:.1f} 秒（含进程启动），任务进程峰值 RSS {peak_mb:.0f} MB"
          f"{'；' + job.error if job.error else ''}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=(20_000, 50_000, 200_000))
    parser.add_argument("--formats", nargs="+", default=("xlsx",), choices=FORMATS)
    parser.add_argument("--job", choices=FORMATS, help="export every published item through the job and a worker")
    parser.add_argument("--run", nargs=2, metavar=("FORMAT", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:  # the file goes to a temporary MEDIA_ROOT, shared with the worker through the environment
        os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="export-job-bench-")
    setup_django()
    if args.run:
        run_one(args.run[0], int(args.run[1]))
        return
    from django.conf import settings

    from catalog.search.filters import filter_items

    if args.job:
        try:
            run_job(args.job)
        finally:
            shutil.rmtree(os.environ["MEDIA_ROOT"], ignore_errors=True)
        return
    available = filter_items({})[1].count()
    if available < max(args.sizes):
        sys.exit(
            f"数据库中只有 {available} 个已发布事项，少于 {max(args.sizes)}：请先运行 "
            f"manage.py generate_synthetic --items {max(args.sizes)}"
        )
    database = settings.DATABASES["default"]
    print(f"数据库: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}，已发布事项 {available}")
    print(
        f"{'格式':<6}{'事项数':>10}{'用时(秒)':>10}{'行/秒':>10}{'文件(MB)':>10}{'峰值RSS(MB)':>13}{'导出前RSS(MB)':>15}"
    )
    for fmt in args.formats:
        for size in args.sizes:
            out = subprocess.run(
                [sys.executable, __file__, "--run", fmt, str(size)], capture_output=True, text=True, check=True
            ).stdout.split()
            rows, seconds, size_bytes, peak_kb, base_kb = (
                int(out[0]), float(out[1]), int(out[2]), int(out[3]), int(out[4])
            )  # fmt: skip
            print(f"{fmt:<6}{rows:>10}{seconds:>10.1f}{rows / seconds:>10.0f}{size_bytes / 2**20:>10.1f}"
                  f"{peak_kb / 1024:>13.0f}{base_kb / 1024:>15.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
