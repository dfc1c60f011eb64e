"""Turn a queryset into a download: streamed CSV/JSON, or an XLSX file from a temp file."""

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from .rows import iter_records
from .writers import ExportMeta, csv_chunks, json_chunks
from .xlsx import plan_sheets, write_xlsx

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
_UNSAFE_IN_NAMES = set('\\/:*?"<>|') | {chr(i) for i in range(32)} | {"\x7f"}
MAX_TITLE_CHARS = 60


def export_filename(title: str, fmt: str, when=None) -> str:
    """`社会救助_政务公开事项_20261126.csv`: what it is, in Chinese, with the date."""
    when = timezone.localtime(when or timezone.now())
    clean = "".join("_" if ch in _UNSAFE_IN_NAMES else ch for ch in title).strip(" ._") or "政务公开事项"
    return f"{clean[:MAX_TITLE_CHARS]}_{when:%Y%m%d}.{fmt}"


BASE_TITLE = "政务公开事项"


def describe(filterset) -> tuple[str, str]:
    """(file title, filters in words) from the FilterSet's active filters."""
    active = filterset.active_filters()
    words = "；".join(f"{label}：{value}" for _, label, value in active)
    title = "_".join([BASE_TITLE] + [value for _, _, value in active])
    return title, words


def content_disposition(filename: str, fallback: str = "") -> str:
    """An ASCII fallback (`fallback`, else disclosure-items with the name's date) plus the UTF-8
    name in RFC 5987 form, for every browser."""
    stem, _, ext = filename.rpartition(".")
    if filename.isascii() and filename.isprintable() and '"' not in filename:
        return f'attachment; filename="{filename}"'
    date = stem[-8:] if stem[-8:].isdigit() else ""
    fallback = fallback or (f"disclosure-items_{date}.{ext}" if date else f"disclosure-items.{ext}")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(body: bytes, filename: str, *, fallback: str) -> HttpResponse:
    """A file made whole in memory (a report, a template) as a download named `filename`, with
    `fallback` as its ASCII name; the content type by the name's suffix (FORMATS)."""
    response = HttpResponse(body, content_type=FORMATS[filename.rpartition(".")[2]])
    response["Content-Disposition"] = content_disposition(filename, fallback)
    return response


class _Closing:
    """Streaming content that calls `on_close` when Django closes the response.

    StreamingHttpResponse calls close() on its content when it has one, also when the
    client went away before the first chunk (a generator's finally would not run then).
    """

    def __init__(self, chunks: Iterator[bytes], on_close: Callable[[], None] | None):
        self.chunks = chunks
        self.on_close = on_close

    def __iter__(self):
        return self.chunks

    def close(self):
        try:
            close = getattr(self.chunks, "close", None)
            if close is not None:
                close()
        finally:
            if self.on_close is not None:
                self.on_close()
                self.on_close = None


def export_response(
    queryset,
    fmt: str,
    *,
    title: str,
    filters_description: str = "",
    request: HttpRequest | None = None,
    on_close: Callable[[], None] | None = None,
) -> HttpResponse:
    """A download of exactly the items of `queryset`, in its order.

    fmt is csv, xlsx or json. With `request`, URLs in the export are absolute. `on_close`
    runs once the response is finished (the throttle releases its slot there).
    Raises ValueError for an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"不支持的导出格式：{fmt}")
    now = timezone.now()
    meta = ExportMeta(title=title, exported_at=now, filters_description=filters_description)
    absolute = _absolute(request)
    records = iter_records(queryset, absolute=absolute)
    filename = export_filename(title, fmt, now)
    if fmt == "xlsx":
        try:
            response = _xlsx_response(queryset, records, meta)
        finally:
            if on_close is not None:
                on_close()
    else:
        chunks = csv_chunks(records, meta) if fmt == "csv" else json_chunks(records, meta)
        response = StreamingHttpResponse(_Closing(chunks, on_close), content_type=FORMATS[fmt])
    response["Content-Type"] = FORMATS[fmt]
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _absolute(request: HttpRequest | None) -> Callable[[str], str]:
    if request is None:
        return str
    origin = request.build_absolute_uri("/").rstrip("/")  # once, not per row
    return lambda path: origin + path


def _xlsx_response(queryset, records: Iterable[dict], meta: ExportMeta) -> FileResponse:
    # An XLSX file is a zip with its directory at the end, so it is written to a temporary
    # file first (XlsxWriter keeps rows on disk, not in memory) and then streamed from it.
    handle = tempfile.NamedTemporaryFile(prefix="export-", suffix=".xlsx", delete=False)
    handle.close()
    try:
        write_xlsx(records, handle.name, meta, plan_sheets(queryset))
        stream = open(handle.name, "rb")
    finally:
        os.unlink(handle.name)  # the open stream keeps the data until it is closed
    return FileResponse(stream, content_type=FORMATS["xlsx"])
