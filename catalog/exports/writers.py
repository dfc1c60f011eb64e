"""Streaming CSV and JSON writers over item records (see rows.py); XLSX is in xlsx.py."""

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from .rows import CSV_HEADERS, flat_row, local_iso
from .safety import csv_safe

BOM = "\ufeff"
FLUSH_BYTES = 64 * 1024  # yield in chunks of about this size, not row by row


@dataclass
class ExportMeta:
    """What the 说明 sheet and the JSON header say about an export."""

    title: str
    exported_at: datetime
    filters_description: str = ""
    catalogue_ids: list[int] = field(default_factory=list)  # filled while writing
    count: int = 0  # filled while writing

    def saw(self, record: dict) -> None:
        self.count += 1
        catalogue_id = record["catalogue"]["id"]
        if catalogue_id not in self.catalogue_ids:
            self.catalogue_ids.append(catalogue_id)


class _Line:
    """A file-like object whose write() returns what it was given (Django's CSV recipe)."""

    def write(self, value):
        return value


def csv_chunks(records: Iterable[dict], meta: ExportMeta | None = None) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM (so Excel reads Chinese), one row per record, formula-safe."""
    writer = csv.writer(_Line())
    buffer = [BOM, writer.writerow(CSV_HEADERS)]
    size = 0
    for record in records:
        if meta is not None:
            meta.saw(record)
        line = writer.writerow([csv_safe(value) for value in flat_row(record)])
        buffer.append(line)
        size += len(line)
        if size >= FLUSH_BYTES // 3:  # up to 3 bytes a character in UTF-8
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def json_chunks(records: Iterable[dict], meta: ExportMeta) -> Iterator[bytes]:
    """One JSON object: the export's description, then `items`, then the `count` written."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    head = {
        "title": meta.title,
        "exported_at": local_iso(meta.exported_at),
        "filters": meta.filters_description,
    }
    buffer = [dumps(head)[:-1], ',"items":[']
    size, first = 0, True
    for record in records:
        meta.saw(record)
        text = dumps(record)
        buffer.append(text if first else "," + text)
        first = False
        size += len(text)
        if size >= FLUSH_BYTES // 3:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    buffer.append(f'],"count":{meta.count}}}')
    yield "".join(buffer).encode("utf-8")
