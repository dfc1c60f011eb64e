"""Uploaded catalogues (text, web page, Word, PDF, XLSX, CSV) -> the importer's records.

A reader (catalog.importers.readers) turns the file into rows of cells or text, the rows
step finds headers and sections as for the seed texts, and `normalise` resolves merged
cells (blank below their first row: "as above") exactly as for the seeds. Plain Python:
no Django here.
"""

from __future__ import annotations

import os
from pathlib import Path

from catalog.importers.headers import Corrections
from catalog.importers.pipeline import read_raw, record_from_raw
from catalog.importers.records import CatalogueMeta, CatalogueRecord


def read_upload(
    data: bytes | str | os.PathLike, *, name: str, meta: CatalogueMeta, overrides: Corrections | None = None
) -> CatalogueRecord:
    """Everything up to the database, as `catalog.importers.pipeline.read_catalogue` does for
    seed texts; ``overrides``: the preview's column choices and layout profiles. A path is read
    in pieces, by the reader and again when the original is stored, never held whole."""
    return record_from_raw(read_raw(data, name=name, overrides=overrides), meta=meta, name=Path(name).name, data=data)


def errors_of(record: CatalogueRecord) -> list[dict]:
    """Every problem of the import, by line, with its severity (an error means nothing is written)."""
    problems = list(record.problems) + [p for section in record.sections for p in section.problems]
    return [
        {"line": problem.line, "message": problem.message, "severity": problem.severity}
        for problem in sorted(problems, key=lambda p: p.line)
    ]
