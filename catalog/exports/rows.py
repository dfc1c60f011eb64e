"""The item dataset: one record per item, shared by the CSV, XLSX and JSON writers.

`iter_records(queryset)` walks a queryset in its own order, a chunk at a time (so memory
stays flat and the number of queries is bounded), and yields plain dicts, the same as
`item_record(item)` gives for one prefetched item (the API uses that). CSV flattens a record with `CSV_COLUMNS`; JSON
writes it as it is; the XLSX writer lays it out as the official table.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from catalog.models.doubts import public_doubts

SHANGHAI = ZoneInfo("Asia/Shanghai")

JOIN = "、"  # multi-valued fields in one cell, as the source catalogues print them
CHUNK_SIZE = 500


def _path(name: str, key: str, value) -> str:
    # reverse() once per URL name, then fill in the key: reverse() per row costs more than
    # the rest of the record (measured with bench/export_bench.py).
    prefix, suffix = _PATHS.get(name) or _PATHS.setdefault(name, tuple(reverse(name, kwargs={key: _MARK}).split(_MARK)))
    return f"{prefix}{value}{suffix}"


_MARK = "0000000000"  # matches <int:…> and <slug:…>
_PATHS: dict[str, tuple[str, str]] = {}


def item_record(item, *, absolute: Callable[[str], str] = str) -> dict[str, Any]:
    """Everything an export says about one (prefetched) item, as JSON-ready values."""
    catalogue = item.catalogue
    return {
        "id": item.pk,
        "url": absolute(_path("catalog:item", "pk", item.pk)),
        "catalogue": {
            "id": catalogue.pk,
            "slug": catalogue.slug,
            "title": catalogue.title,
            "region": catalogue.region.name,
            "url": absolute(_path("catalog:catalogue", "slug", catalogue.slug)),
        },
        "domain": {"id": item.domain_id, "slug": item.domain.slug, "name": item.domain.name},
        "section": {"id": item.section_id, "heading": item.section.heading, "level_labels": item.section.level_labels},
        "number": item.number,
        "position": item.position,
        "level1": item.level1,
        "level2": item.level2,
        "level3": item.level3,
        "content": item.content,
        "elements": [element.text for element in item.elements.all()],
        "legal_bases": [
            {
                "id": link.legal_basis_id,
                "title": link.legal_basis.title,
                "document_number": link.legal_basis.document_number,
                "printed": link.printed,
            }
            for link in item.legal_basis_links.all()
        ],
        "legal_basis_text": item.legal_basis_text,
        "deadline": {
            "text": item.deadline_text,
            "kind": item.deadline_kind,
            "kind_label": item.get_deadline_kind_display(),
            "days": item.deadline_days,
            "trigger": item.deadline_trigger,
            "publicity_days": item.publicity_days,
        },
        "publishers": [
            {"id": link.organisation_id, "name": link.organisation.name} for link in item.publisher_links.all()
        ],
        "publisher_text": item.publisher_text,
        "channels": [
            {"slug": link.channel.slug, "name": link.channel.name, "detail": link.detail}
            for link in item.channel_links.all()
        ],
        "channel_text": item.channel_text,
        "audience": {"public": item.audience_public, "specific": item.audience_specific, "group": item.audience_group},
        "mode": {"proactive": item.mode_proactive, "on_request": item.mode_on_request},
        "levels": _levels([(level.code, level.name) for level in item.levels.all()], item.levels_stated),
        "level_label": item.level_label,
        "responsible_office": item.responsible_office,
        "other_info": _other_info(item.other_info),
        "status": item.status,
        "source": {"line": item.source_line},
        "flagged": item.needs_review,
        "flag_reasons": public_doubts(item.review_reasons) if item.needs_review else [],
        "published_at": published_iso(
            item.published_at, item.catalogue.issued_date, item.catalogue.issued_date_precision
        ),
        "updated_at": local_iso(item.updated_at),
    }


def iter_records(queryset, *, absolute: Callable[[str], str] = str, chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    """`item_record` for every item of `queryset`, in its order, without model instances.

    Exports read rows with values_list() (a server-side cursor on PostgreSQL) and, per
    chunk, the elements, laws, publishers, channels and levels with five values_list()
    queries: prefetch_related() builds a model instance and clones a queryset per related
    row, which made it the bulk of the export time. tests/exports/test_rows.py checks
    that both paths give the same records.
    """
    # prefetch_related(None): a caller's prefetches (an admin changelist's) make no sense on rows.
    rows = queryset.prefetch_related(None).values_list(*_ITEM_FIELDS).iterator(chunk_size=chunk_size)
    while chunk := list(islice(rows, chunk_size)):
        related = _related(ids := [row[0] for row in chunk])
        for item_id, row in zip(ids, chunk):
            yield _record(dict(zip(_ITEM_KEYS, row)), related, item_id, absolute)


_ITEM_FIELDS = (
    "pk", "catalogue_id", "catalogue__slug", "catalogue__title", "catalogue__region__name",
    "catalogue__issued_date", "catalogue__issued_date_precision", "domain_id",
    "domain__slug", "domain__name", "section_id", "section__heading", "section__level_labels", "number", "position",
    "level1", "level2", "level3", "content", "legal_basis_text", "deadline_text", "deadline_kind", "deadline_days",
    "deadline_trigger", "publicity_days", "publisher_text", "channel_text", "audience_public", "audience_specific",
    "audience_group", "mode_proactive", "mode_on_request", "levels_stated", "level_label", "responsible_office", "other_info", "status",
    "needs_review", "review_reasons", "source_line", "published_at", "updated_at",
)  # fmt: skip
_ITEM_KEYS = tuple(name.replace("__", ".") for name in _ITEM_FIELDS)


def _related(ids: list[int]) -> dict[str, dict[int, list]]:
    from catalog.models import ContentElement, Item, ItemChannel, ItemLegalBasis, ItemPublisher

    queries = {
        "elements": ContentElement.objects.order_by("item_id", "position").values_list("item_id", "text"),
        "laws": ItemLegalBasis.objects.order_by("item_id", "position").values_list(
            "item_id", "legal_basis_id", "legal_basis__title", "legal_basis__document_number", "printed"
        ),
        "publishers": ItemPublisher.objects.order_by("item_id", "position").values_list(
            "item_id", "organisation_id", "organisation__name"
        ),
        "channels": ItemChannel.objects.order_by("item_id", "position").values_list(
            "item_id", "channel__slug", "channel__name", "detail"
        ),
        "levels": Item.levels.through.objects.order_by("item_id", "level__position").values_list(
            "item_id", "level__code", "level__name"
        ),
    }
    related: dict[str, dict[int, list]] = {}
    for name, query in queries.items():
        grouped: dict[int, list] = {}
        related[name] = grouped
        for item_id, *values in query.filter(item_id__in=ids):
            grouped.setdefault(item_id, []).append(values)
    return related


def _record(row: dict, related: dict[str, dict[int, list]], item_id: int, absolute) -> dict[str, Any]:
    """The same dict as item_record(), from a values_list() row and its related rows."""
    get = lambda name: related[name].get(item_id, ())  # noqa: E731
    published_at, updated_at = row["published_at"], row["updated_at"]
    return {
        "id": item_id,
        "url": absolute(_path("catalog:item", "pk", item_id)),
        "catalogue": {
            "id": row["catalogue_id"],
            "slug": row["catalogue.slug"],
            "title": row["catalogue.title"],
            "region": row["catalogue.region.name"],
            "url": absolute(_path("catalog:catalogue", "slug", row["catalogue.slug"])),
        },
        "domain": {"id": row["domain_id"], "slug": row["domain.slug"], "name": row["domain.name"]},
        "section": {
            "id": row["section_id"],
            "heading": row["section.heading"],
            "level_labels": row["section.level_labels"],
        },
        "number": row["number"],
        "position": row["position"],
        "level1": row["level1"],
        "level2": row["level2"],
        "level3": row["level3"],
        "content": row["content"],
        "elements": [text for (text,) in get("elements")],
        "legal_bases": [
            {"id": law_id, "title": title, "document_number": number, "printed": printed}
            for law_id, title, number, printed in get("laws")
        ],
        "legal_basis_text": row["legal_basis_text"],
        "deadline": {
            "text": row["deadline_text"],
            "kind": row["deadline_kind"],
            "kind_label": _deadline_labels().get(row["deadline_kind"], row["deadline_kind"]),
            "days": row["deadline_days"],
            "trigger": row["deadline_trigger"],
            "publicity_days": row["publicity_days"],
        },
        "publishers": [{"id": org_id, "name": name} for org_id, name in get("publishers")],
        "publisher_text": row["publisher_text"],
        "channels": [{"slug": slug, "name": name, "detail": detail} for slug, name, detail in get("channels")],
        "channel_text": row["channel_text"],
        "audience": {
            "public": row["audience_public"],
            "specific": row["audience_specific"],
            "group": row["audience_group"],
        },
        "mode": {"proactive": row["mode_proactive"], "on_request": row["mode_on_request"]},
        "levels": _levels(get("levels"), row["levels_stated"]),
        "level_label": row["level_label"],
        "responsible_office": row["responsible_office"],
        "other_info": _other_info(row["other_info"]),
        "status": row["status"],
        "source": {"line": row["source_line"]},
        "flagged": row["needs_review"],
        "flag_reasons": public_doubts(row["review_reasons"]) if row["needs_review"] else [],
        "published_at": published_iso(
            published_at, row["catalogue.issued_date"], row["catalogue.issued_date_precision"]
        ),
        "updated_at": local_iso(updated_at),
    }


def _levels(pairs, stated: bool) -> list[dict[str, str]] | None:
    """公开层级 as [{code, name}], or None when the catalogue has no such column (未注明)."""
    levels = [{"code": code, "name": name} for code, name in pairs]
    return levels if levels or stated else None


def _other_info(pairs) -> list[dict[str, str]]:
    """其他信息: the printed columns that map to no field, as {label, value} in printed order."""
    return [{"label": label, "value": value} for label, value in pairs or ()]


def other_info_text(record: dict) -> str:
    """其他信息 in one cell: "表头：内容", one per line."""
    return "\n".join(f"{pair['label']}：{pair['value']}" for pair in record["other_info"])


def local_iso(moment) -> str | None:
    """A stored time as Beijing time with its offset (2022-10-01T00:00:00+08:00): every export
    and the API say times this way, so a date never reads as the day before (UTC)."""
    return timezone.localtime(moment, SHANGHAI).isoformat() if moment else None


def published_iso(moment, issued_date, precision: str) -> str | None:
    """An item's 发布时间: an import dates a published item at the start of its catalogue's
    date, so where that date is known only to the month (2022年10月) the time says no more
    than the month (2022-10), never 2022-10-01T00:00:00+08:00; a time set on publication
    keeps its full form."""
    from catalog.models.catalogue import DatePrecision, date_iso

    if moment and precision == DatePrecision.MONTH and issued_date is not None:
        local = timezone.localtime(moment, SHANGHAI)
        if local.date() == issued_date and local.time() == datetime.time():
            return date_iso(issued_date, precision)
    return local_iso(moment)


@cache
def _deadline_labels() -> dict[str, str]:
    from catalog.models import Item

    return {value: str(label) for value, label in Item.DeadlineKind.choices}


def _join(values: Iterable[str]) -> str:
    return JOIN.join(value for value in values if value)


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _flags(pairs: Iterable[tuple[bool, str]]) -> str:
    return _join(label for flag, label in pairs if flag)


STATUS_LABELS = {"draft": "草稿", "published": "已发布", "withdrawn": "已撤回"}

# (Chinese header, value of a record). One row per item; multi-valued fields joined with 、.
CSV_COLUMNS: list[tuple[str, Callable[[dict], Any]]] = [
    ("事项ID", lambda r: r["id"]),
    ("网址", lambda r: r["url"]),
    ("目录", lambda r: r["catalogue"]["title"]),
    ("目录标识", lambda r: r["catalogue"]["slug"]),
    ("行政区划", lambda r: r["catalogue"]["region"]),
    ("领域", lambda r: r["domain"]["name"]),
    ("序号", lambda r: r["number"]),
    ("一级事项", lambda r: r["level1"]),
    ("二级事项", lambda r: r["level2"]),
    ("三级事项", lambda r: r["level3"]),
    ("公开内容（要素）", lambda r: r["content"]),
    ("要素", lambda r: _join(r["elements"])),
    ("公开依据", lambda r: _join(f"《{law['title']}》" for law in r["legal_bases"])),
    ("公开依据（原文）", lambda r: r["legal_basis_text"]),
    ("公开时限", lambda r: r["deadline"]["text"]),
    ("时限类型", lambda r: r["deadline"]["kind_label"]),
    ("时限天数", lambda r: r["deadline"]["days"]),
    ("公开主体", lambda r: _join(p["name"] for p in r["publishers"])),
    ("公开主体（原文）", lambda r: r["publisher_text"]),
    ("公开渠道", lambda r: _join(c["name"] for c in r["channels"])),
    ("公开渠道和载体（原文）", lambda r: _join(c["detail"] or c["name"] for c in r["channels"]) or r["channel_text"]),
    ("公开对象", lambda r: _flags([(r["audience"]["public"], "全社会"), (r["audience"]["specific"], "特定群众")])),
    ("特定群众", lambda r: r["audience"]["group"]),
    ("公开方式", lambda r: _flags([(r["mode"]["proactive"], "主动"), (r["mode"]["on_request"], "依申请公开")])),
    ("公开层级", lambda r: _join(level["name"] for level in r["levels"] or ())),
    ("公开层级（原文）", lambda r: r["level_label"]),
    ("责任科室", lambda r: r["responsible_office"]),
    ("其他信息", other_info_text),
    ("状态", lambda r: STATUS_LABELS.get(r["status"], r["status"])),
    ("来源行号", lambda r: r["source"]["line"]),
    ("存疑", lambda r: _yes(r["flagged"])),
    ("存疑说明", lambda r: "；".join(r["flag_reasons"])),
    ("发布时间", lambda r: r["published_at"]),
]
CSV_HEADERS = [header for header, _ in CSV_COLUMNS]


def flat_row(record: dict) -> list:
    """A record as one CSV row (None becomes an empty cell)."""
    return ["" if (value := get(record)) is None else value for _, get in CSV_COLUMNS]
