"""Exports written to a file: by `manage.py export_items`, and by the background export job
for lists too long to stream within a request.

Memory stays flat with the row count: rows are read a chunk at a time (rows.iter_records),
CSV and JSON are written as they come, XLSX through XlsxWriter's constant_memory mode.
Job files live under MEDIA_ROOT/exports/<job id>/ and are deleted after EXPORT_FILE_HOURS.
"""

import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone

from .response import FORMATS, content_disposition, export_filename
from .rows import iter_records
from .writers import ExportMeta, csv_chunks, json_chunks
from .xlsx import plan_sheets, write_xlsx

EXPORTS_DIR = "exports"  # under MEDIA_ROOT
PROGRESS_EVERY = 1000  # records between two progress calls
DEFAULT_FILE_HOURS = 24


def write_export(
    queryset,
    fmt: str,
    path: Path,
    meta: ExportMeta,
    *,
    absolute: Callable[[str], str] = str,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write exactly the items of `queryset`, in its order, to `path` as CSV, XLSX or JSON.

    The file is written as `<path>.part` and renamed when complete, so a half-written file
    never bears the real name. `progress(done)` is called every PROGRESS_EVERY records and
    once at the end; meta.count says how many were written. Raises ValueError for an
    unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"不支持的导出格式：{fmt}")
    path = Path(path)
    records = iter_records(queryset, absolute=absolute)
    if progress is not None:
        records = _counted(records, progress)
    partial = path.with_name(path.name + ".part")
    try:
        if fmt == "xlsx":
            write_xlsx(records, str(partial), meta, plan_sheets(queryset))
        else:
            with open(partial, "wb") as handle:
                for chunk in csv_chunks(records, meta) if fmt == "csv" else json_chunks(records, meta):
                    handle.write(chunk)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    if progress is not None:
        progress(meta.count)


def write_job_export(job, items, fmt: str, *, title: str, words: str, progress) -> dict:
    """What an export job does once it has its items: write them to the job's folder under
    MEDIA_ROOT/exports/, reporting progress, and say what the file holds (the job's result)."""
    total = items.count()
    progress.stage("正在导出事项", total)
    meta = ExportMeta(title=title, exported_at=timezone.now(), filters_description=words)
    filename = export_filename(title, fmt, meta.exported_at)
    path = export_path(str(job.pk), filename)
    origin = job.params.get("origin", "")
    write_export(items, fmt, path, meta, absolute=lambda p: origin + p, progress=lambda done: progress(done, total))
    return {"filename": filename, "format": fmt, "count": meta.count, "bytes": path.stat().st_size, "filters": words}


def _counted(records: Iterable[dict], progress: Callable[[int], None]) -> Iterator[dict]:
    done = 0
    for record in records:
        yield record
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done)


def exports_root() -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORTS_DIR


def export_path(key: str, filename: str) -> Path:
    """Where the export `key` (a job's id) keeps its file: MEDIA_ROOT/exports/<key>/<filename>."""
    folder = exports_root() / key
    folder.mkdir(parents=True, exist_ok=True)
    return folder / filename


def kept_file(key: str, filename: str) -> Path | None:
    """The file `filename` of export `key` (a job's id), or None once pruned (or a name that is not one file's)."""
    if not filename or "/" in filename or "\\" in filename or filename.startswith("."):
        return None
    path = exports_root() / key / filename
    return path if path.is_file() else None


def job_file(job) -> Path | None:
    """The file write_job_export wrote for `job`, or None once it has been pruned."""
    return kept_file(str(job.pk), (job.result or {}).get("filename", ""))


def job_download(job) -> FileResponse | None:
    """The file write_job_export wrote for `job`, as a download named as it was written; None
    once it has been pruned."""
    path = job_file(job)
    if path is None:
        return None
    response = FileResponse(open(path, "rb"), content_type=FORMATS[job.params["format"]])
    response["Content-Disposition"] = content_disposition(job.result["filename"])
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_hours() -> float:
    return float(getattr(settings, "EXPORT_FILE_HOURS", DEFAULT_FILE_HOURS))


def prune_exports(*, older_than_hours: float | None = None, now: float | None = None) -> int:
    """Delete the export folders last written more than `older_than_hours` ago (default
    EXPORT_FILE_HOURS); returns how many were deleted."""
    root = exports_root()
    if not root.is_dir():
        return 0
    cutoff = (now if now is not None else time.time()) - 3600 * (
        older_than_hours if older_than_hours is not None else file_hours()
    )
    deleted = 0
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                deleted += 1
        except FileNotFoundError:  # another worker pruned it first
            continue
    return deleted
