"""Source -> catalogue record: decode, parse, normalise (plain Python, no Django)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from catalog.files.source import sha256

from .headers import Corrections
from .normalise import normalise
from .readers import read_document, to_raw
from .records import CatalogueMeta, CatalogueRecord, ImportFailed, RawCatalogue
from .registry import SEEDS
from .traditional import simplify

# An internal office printed as 公开主体 (办公室, 财务室) is named after its issuer, so
# that one catalogue's 办公室 is not another's; the printed text stays in publisher_text.
BARE_OFFICE = re.compile(r"^[^市县区镇乡村局]{1,6}(室|科|股)$")


MODE_KEYS = {"mode", "mode_proactive", "mode_on_request"}


def declared_proactive(title: str, metadata) -> bool:
    """The catalogue says all its items are 主动公开: its title (根河市民政局主动公开目录) or
    the page's 公开方式 (主动公开).

    >>> declared_proactive("根河市民政局主动公开目录", [])
    True
    >>> declared_proactive("某局政务公开目录", [("公开方式", "主动公开")])
    True
    >>> declared_proactive("某局依申请公开目录", [("公开方式", "依申请公开")])
    False
    """
    if "主动公开目录" in title or "主动公开事项目录" in title:
        return True
    mode = "".join(value for label, value in metadata if label == "公开方式")
    return "主动" in mode and "依申请" not in mode


def read_catalogue(
    data: bytes | str | os.PathLike,
    *,
    name: str,
    meta: CatalogueMeta | None = None,
    overrides: Mapping[str, str] | Corrections | None = None,
) -> CatalogueRecord:
    """A source file of any format the readers know (its path, or its bytes), up to (not
    including) the database. Raises ImportFailed.

    ``overrides`` corrects the column mapping ({header as printed -> field}, see --columns,
    or ``headers.Corrections`` with a layout profile)."""
    meta = meta or SEEDS.get(Path(name).name)
    if meta is None:
        raise ImportFailed(f"“{name}”不是已登记的种子目录：请用 --slug、--title、--region 指明目录信息。")
    return record_from_raw(read_raw(data, name=name, overrides=overrides), meta=meta, name=name, data=data)


def read_raw(
    data: bytes | str | os.PathLike, *, name: str, overrides: Mapping[str, str] | Corrections | None = None
) -> RawCatalogue:
    """The raw tables of a file (its path, or its bytes) of any format the readers know, read in simplified characters
    (a page printed in traditional ones is converted first: importers/traditional.py).
    Raises ImportFailed."""
    document = read_document(data, name=name)
    converted = simplify(document)
    raw = to_raw(document, overrides=overrides)
    if converted:
        raw.problems.insert(0, converted)
    return raw


def record_from_raw(
    raw: RawCatalogue, *, meta: CatalogueMeta, name: str, data: bytes | str | os.PathLike
) -> CatalogueRecord:
    """Normalise a raw catalogue from any reader (text, XLSX, CSV) into a record; `data` is the
    file it was read from (a path, or its bytes), kept as the record's original.

    What the metadata leaves blank (title, issuer, date) is taken from the page when
    the page prints it."""
    meta = with_page_details(meta, raw)
    if not meta.title:
        raise ImportFailed(f"“{name}”的原文页面上没有找到目录名称，请指定目录名称（命令行 --title）。")
    proactive = declared_proactive(meta.title, raw.metadata)

    def finish(section, item) -> None:
        # A 主动公开目录 without a 公开方式 column: 主动 for every item (not 依申请).
        if proactive and not MODE_KEYS & {column.key for column in section.columns}:
            item.mode_proactive, item.mode_on_request = True, False
        if meta.issuer:
            item.publishers = [f"{meta.issuer}{name}" if BARE_OFFICE.match(name) else name for name in item.publishers]

    sections = normalise(raw, scope=meta.ocr_aliases, finish=finish)
    if not any(section.items for section in sections):
        said = "；".join(p.message for p in raw.problems if p.severity != "note")
        raise ImportFailed(f"“{name}”中没有读出任何事项。" + (f"（{said}）" if said else ""))
    return CatalogueRecord(
        meta=meta,
        source_file=Path(name).name,
        source_sha256=sha256(data),
        original=data,
        sections=sections,
        problems=raw.problems,
        reader=raw.reader,
        layout=raw.layout,
        metadata=list(raw.metadata),
        profiles=list(raw.profiles),
    )


def with_page_details(meta: CatalogueMeta, raw: RawCatalogue) -> CatalogueMeta:
    """The catalogue's metadata, its blanks filled from what the page prints."""
    filled = []
    changes = {}
    if not meta.title and raw.page_title:
        changes["title"] = raw.page_title
        filled.append("名称")
    if not meta.issuer and raw.issuer:
        changes["issuer"] = raw.issuer
        filled.append("发布机构")
    if meta.issued_date is None and raw.issued_date is not None:
        changes["issued_date"] = raw.issued_date
        changes["issued_date_precision"] = raw.issued_date_precision
        filled.append("发布日期")
    if not changes:
        return meta
    note = f"目录的{'、'.join(filled)}取自原文页面。"
    changes["provenance"] = f"{meta.provenance}{note}" if meta.provenance else note
    return replace(meta, **changes)
