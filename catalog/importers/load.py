"""Item records -> database, in one transaction (the only importer module using Django)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from catalog.files.source import opened
from catalog.models import (
    Catalogue,
    Channel,
    ContentElement,
    Domain,
    Edition,
    ImportRun,
    Item,
    ItemChange,
    ItemChannel,
    ItemLegalBasis,
    ItemPublisher,
    LegalBasis,
    LegalBasisAlias,
    Level,
    Organisation,
    Region,
    Section,
)
from catalog.search.index import keep_statistics_current, prune_documents_on_commit
from catalog.search.text import join_search_text

from .aliases import domain_slug
from .matching import Entry, Matching, match_items, resolve
from .records import CatalogueRecord, ImportFailed, ItemRecord
from .report import build_report

SHANGHAI = ZoneInfo("Asia/Shanghai")


BATCH_SIZE = 500
# New rows a plan lists (the first ones; "new_count" counts them all): the command prints and the
# upload preview shows this many, and the report stored in ImportRun keeps no more, so it does
# not grow with the file. The changed and withdrawn rows are listed in full: there are at most
# as many as the catalogue's previous edition has items.
PLAN_LIMIT = 50


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


class AmbiguousRows(ImportFailed):
    """Incoming rows that may be one of several existing items: staff must choose."""

    def __init__(self, plan: dict):
        self.plan = plan
        rows = "；".join(_ambiguous_line(row) for row in plan["ambiguous"][:10])
        more = f"（另有 {len(plan['ambiguous']) - 10} 条）" if len(plan["ambiguous"]) > 10 else ""
        super().__init__(f"有 {len(plan['ambiguous'])} 条无法确定对应原有哪个事项，请逐条选择后再导入：{rows}{more}")


def _ambiguous_line(row: dict) -> str:
    options = "、".join(f"#{c['item']}“{c['title']}”（名称相似度 {c['score']:.0f}）" for c in row["candidates"])
    return f"第 {row['position']} 条“{row['title']}”可能是 {options}"


def import_record(
    record: CatalogueRecord,
    *,
    draft: bool = False,
    dry_run: bool = False,
    user: str = "",
    progress: Callable[[int, int], None] | None = None,
    edition: str = "",
    choices: dict[int, int | None] | None = None,
    ambiguous_as_new: bool = False,
    before_change: Callable[[list[Item]], None] | None = None,
) -> dict:
    """Write one catalogue and return its report, with the plan of a re-import in
    report["plan"] (its "new" rows are the first PLAN_LIMIT, "new_count" counts them all).

    Importing a catalogue that exists (same slug) matches the incoming rows to its current
    items (catalog.importers.matching) and updates them in place: ids and URLs stay; rows
    that are gone are withdrawn, never deleted. `choices` settles ambiguous rows: incoming
    position (1-based) -> existing item id, or None for a new item; without a choice for
    each, a real import raises AmbiguousRows (`ambiguous_as_new` takes them all as new).
    `before_change` is called with the existing items about to change or be withdrawn,
    before anything is written (the history keeps their state). With dry_run everything is
    written and then rolled back, so database constraints are checked too. Raises
    ImportFailed with a Chinese message.

    The original file is stored first (not on a dry run): it is named by its hash, so a
    failed import leaves at most a file that the next import of the same bytes reuses."""
    original = "" if dry_run else store_original(record)
    try:
        with transaction.atomic():
            report = _load(
                record,
                original=original,
                draft=draft,
                user=user,
                progress=progress,
                edition=edition,
                choices=choices or {},
                ambiguous_as_new=ambiguous_as_new,
                dry_run=dry_run,
                before_change=before_change,
            )
            if dry_run:
                raise DryRun
            # Documents the updated items no longer point at, once the new ones are committed.
            prune_documents_on_commit()
    except DryRun:
        report["dry_run"] = True
    return report


# Existing rows step aside to positions above this while the new order is written.
POSITION_OFFSET = 1_000_000


def store_original(record: CatalogueRecord) -> str:
    """The imported file in the default storage (MEDIA_ROOT) as originals/<SHA-256><suffix>,
    written once however often the same bytes are imported; its storage name ("" without a file).
    A file given by its path is copied in chunks (django.core.files.File), never read whole."""
    if isinstance(record.original, bytes) and not record.original:
        return ""
    name = f"originals/{record.source_sha256}{Path(record.source_file).suffix.lower()}"
    if not default_storage.exists(name):
        with opened(record.original) as file:
            name = default_storage.save(name, File(file))
    return name


def _load(
    record: CatalogueRecord,
    *,
    original,
    draft,
    user,
    progress,
    edition,
    choices,
    ambiguous_as_new,
    dry_run,
    before_change,
) -> dict:
    meta = record.meta
    region = _region_chain(meta.region)
    catalogue, _ = Catalogue.objects.update_or_create(
        slug=meta.slug,
        defaults={
            **({"original": original} if original else {}),
            "title": meta.title,
            "region": region,
            "issuer": meta.issuer,
            "issued_date": meta.issued_date,
            "issued_date_precision": meta.issued_date_precision,
            "scanned": meta.scanned,
            "source_file": record.source_file,
            "source_sha256": record.source_sha256,
            "metadata": [[label, value] for label, value in record.metadata],
            "provenance": meta.provenance,
            "position": meta.position,
        },
    )
    domains = [_domain(section.domain_name, meta, section.heading) for section in record.sections]
    existing = list(
        Item.objects.current().filter(catalogue=catalogue).for_listing().select_related(None).order_by("position")
    )
    total = record.item_count
    # The items are read from their spool a pass at a time, never all held: first what the
    # whole catalogue decides (the laws and publishers to create, the match with the items
    # there are), then the plan, then the rows a batch at a time.
    law_refs, publishers, new_entries = {}, set(), []
    for index, item in _incoming(record):
        for law in item.laws:
            law_refs.setdefault((law.title, law.printed, law.document_number), law)
        publishers.update(item.publishers)
        if existing:
            new_entries.append(
                Entry(domain=str(domains[index].pk), number=item.number, level1=item.level1, level2=item.level2,
                      level3=item.level3, content=item.content)
            )  # fmt: skip
    plan, pairs = _plan(existing, record, new_entries, total=total, choices=choices, ambiguous_as_new=ambiguous_as_new)
    plan["edition"] = edition or _edition_name(meta)
    if plan["ambiguous"] and not dry_run:
        raise AmbiguousRows(plan)
    changed_ids = {row["item"] for row in plan["changed"]}
    withdrawn_ids = {row["item"] for row in plan["withdrawn"]}
    if before_change and (changed_ids or withdrawn_ids):
        before_change([item for item in existing if item.pk in changed_ids | withdrawn_ids])
    undecided = {row["position"] for row in plan["ambiguous"]}  # written as new on a dry run, not added
    listed = {row["position"]: row for row in plan["new"]}  # the rows the plan lists get their item ids

    # Everything of the catalogue steps aside, then takes its place in the new order.
    Item.objects.filter(catalogue=catalogue).update(position=F("position") + POSITION_OFFSET)
    Section.objects.filter(catalogue=catalogue).update(position=F("position") + POSITION_OFFSET)
    old_sections = {s.position - POSITION_OFFSET: s for s in Section.objects.filter(catalogue=catalogue)}
    sections = []
    for position, (section, domain) in enumerate(zip(record.sections, domains), start=1):
        row = old_sections.pop(position, None) or Section(catalogue=catalogue)
        row.domain, row.position, row.heading = domain, position, section.heading[:300]
        row.columns = [{"key": c.key, "label": c.label, "levels": list(c.levels)} for c in section.columns]
        row.level_labels = [c.label for c in section.columns if c.key == "level"]
        row.source_line = section.line or None
        row.save()
        sections.append(row)

    status = Item.Status.DRAFT if draft else Item.Status.PUBLISHED
    published_at = None
    if not draft and meta.issued_date:
        published_at = datetime.datetime.combine(meta.issued_date, datetime.time(), tzinfo=SHANGHAI)
    now = timezone.now()
    laws = _legal_bases(list(law_refs.values()))
    organisations = _organisations(publishers)
    channels = {channel.slug: channel for channel in Channel.objects.all()}
    levels = {level.code: level for level in Level.objects.all()}
    by_id = {item.pk: item for item in existing}
    # The edition's history is written as the items are: the changed rows now, each batch's added
    # rows with it (they need the new ids), the withdrawn ones after; no list of every row is held.
    edition_row = _edition(catalogue, plan, meta=meta, user=user, now=now)
    first = not existing  # the first import of a catalogue is its first edition: nothing changed
    if not first:
        _record_changes(edition_row, ItemChange.Kind.CHANGED, plan["changed"], now=now)
    # Items are written a batch at a time, so memory does not grow with the catalogue.
    logged = len(connection.queries_log)
    for number, batch in enumerate(_batches(_incoming(record), BATCH_SIZE)):
        start = number * BATCH_SIZE
        batch = [(sections[index], item) for index, item in batch]
        fresh, fresh_records, placed, relinked, relinked_records = [], [], [], [], []
        for offset, (section_row, item) in enumerate(batch, start=1):
            position = start + offset
            # The search text is written with the row, built from the record exactly as
            # refresh_search_text builds it from the item (reading the rows back was half the load).
            row = _item(item, catalogue=catalogue, section=section_row, position=position, status=status,
                        published_at=published_at, source_file=record.source_file,
                        search_text=_search_text(item, laws=laws, organisations=organisations,
                                                 channels=channels))  # fmt: skip
            old_id = pairs.get(position)
            if old_id is None:
                fresh.append(row)
                fresh_records.append(item)
                continue
            old = by_id[old_id]
            if old_id in changed_ids:
                for field in [*CONTENT_FIELDS, "search_text"]:
                    setattr(old, field, getattr(row, field))
                old.updated_at = now
                relinked.append(old)
                relinked_records.append(item)
            for field in PLACEMENT_FIELDS:
                setattr(old, field, getattr(row, field))
            if old.status == Item.Status.DRAFT and not draft:
                old.status, old.published_at = Item.Status.PUBLISHED, published_at or now
            placed.append(old)
        Item.objects.bulk_create(fresh)
        fields = [*PLACEMENT_FIELDS, "status", "published_at"]
        Item.objects.bulk_update(
            placed, fields + [*CONTENT_FIELDS, "search_text", "updated_at"] if relinked else fields
        )
        for model in (ContentElement, ItemLegalBasis, ItemPublisher, ItemChannel):
            model.objects.filter(item__in=relinked).delete()
        Item.levels.through.objects.filter(item__in=relinked).delete()
        _links(
            fresh + relinked,
            fresh_records + relinked_records,
            laws=laws,
            organisations=organisations,
            channels=channels,
            levels=levels,
        )
        for row in fresh:
            if row.position in listed:
                listed[row.position]["item"] = row.pk
        if not first:
            added = [
                {"item": row.pk, "title": _title(item)}
                for row, item in zip(fresh, fresh_records)
                if row.position not in undecided
            ]
            _record_changes(edition_row, ItemChange.Kind.ADDED, added, now=now)
        _forget_queries(logged)
        keep_statistics_current(start + len(batch))
        if progress:
            progress(min(start + BATCH_SIZE, total), total)

    # What is no longer in the catalogue is withdrawn, and goes after it, in its old order.
    gone = Item.objects.filter(catalogue=catalogue, position__gte=POSITION_OFFSET).order_by("position")
    leftover = []
    for position, item in enumerate(gone, start=total + 1):
        item.position = position
        if item.pk in withdrawn_ids:
            item.status, item.withdrawn_at, item.updated_at = Item.Status.WITHDRAWN, now, now
        leftover.append(item)
    Item.objects.bulk_update(leftover, ["position", "status", "withdrawn_at", "updated_at"], batch_size=BATCH_SIZE)
    for position, section in enumerate(old_sections.values(), start=len(sections) + 1):
        if section.items.exists():
            section.position = position
            section.save(update_fields=["position"])
        else:
            section.delete()

    if not first:
        _record_changes(edition_row, ItemChange.Kind.WITHDRAWN, plan["withdrawn"], now=now)
    plan["edition_id"] = edition_row.pk
    plan["first_edition"] = first
    report = build_report(record)
    report["plan"] = plan
    ImportRun.objects.create(
        catalogue=catalogue,
        source_file=record.source_file,
        source_sha256=record.source_sha256,
        user=user,
        item_count=report["items"],
        flagged_count=report["flagged"],
        report=report,
    )
    return report


# Fields an import writes on an item it matched, when the row's content changed: the record's
# (ItemRecord's), as _item writes them on a new item ...
CONTENT_FIELDS = [
    "number", "level1", "level2", "level3", "content", "legal_basis_text", "deadline_text", "deadline_kind",
    "deadline_days", "deadline_trigger", "publicity_days", "publisher_text", "channel_text", "audience_public",
    "audience_specific", "audience_group", "mode_proactive", "mode_on_request", "levels_stated",
    "level_label", "responsible_office", "other_info", "needs_review", "review_reasons",
]  # fmt: skip
# ... and always: where it now sits and what the source says.
PLACEMENT_FIELDS = ["section", "domain", "position", "source_file", "source_line", "source_where", "source_text"]


def _edition_name(meta) -> str:
    if meta.issued_date:
        return f"{meta.issued_date.year}版"
    return f"{timezone.localdate():%Y年%m月}导入"


def _forget_queries(kept: int) -> None:
    """With DEBUG, Django logs the SQL of every query with its values (up to 9,000 queries):
    the batches' bulk inserts would keep every row's text, so the queries logged since `kept`
    are dropped. Not while a caller captures them (CaptureQueriesContext, assertNumQueries)."""
    if settings.DEBUG and not connection.force_debug_cursor:
        while len(connection.queries_log) > kept:
            connection.queries_log.pop()


def _edition(catalogue, plan: dict, *, meta, user: str, now) -> Edition:
    edition, _ = Edition.objects.update_or_create(
        catalogue=catalogue,
        name=plan["edition"][:50],
        defaults={
            "date": meta.issued_date,
            "date_precision": meta.issued_date_precision,
            "imported_at": now,
            "user": user[:150],
        },
    )
    return edition


def _record_changes(edition: Edition, kind: str, rows, *, now) -> None:
    """The edition's history rows of one kind, from plan-style rows ({"item", "title"[, "changes"]})."""
    ItemChange.objects.bulk_create(
        [
            ItemChange(edition=edition, item_id=row["item"], kind=kind, changes=row.get("changes", []),
                       title=row["title"], recorded_at=now)
            for row in rows
        ],
        batch_size=BATCH_SIZE,
    )  # fmt: skip


def _title(item) -> str:
    """An incoming row's names as the plan and the history list it ("一级 / 二级 / 三级")."""
    return " / ".join(name for name in (item.level1, item.level2, item.level3) if name)


def _incoming(record: CatalogueRecord):
    """(section index, item cut to its columns) for every item of the record, in order."""
    for index, section in enumerate(record.sections):
        for item in section.items:
            yield index, fit_to_columns(item)


def _batches(iterable, size: int):
    batch = []
    for element in iterable:
        batch.append(element)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _plan(
    existing: list[Item], record, new_entries, *, total, choices, ambiguous_as_new
) -> tuple[dict, dict[int, int]]:
    """What importing the record's items over `existing` does: the plan (JSON-safe) and the
    pairs (incoming position -> existing item id). ``new_entries``: the items' keys for the
    matching (none when nothing exists: every item is new)."""
    old_entries = [
        Entry(domain=str(item.domain_id), number=item.number, level1=item.level1, level2=item.level2,
              level3=item.level3, content=item.content)
        for item in existing
    ]  # fmt: skip
    matching = match_items(old_entries, new_entries) if existing else Matching(new_count=total)
    by_position = {}
    for position, item_id in choices.items():
        index = next((i for i, item in enumerate(existing) if item.pk == item_id), None) if item_id else None
        if item_id and index is None:
            raise ImportFailed(f"第 {position} 条所选的事项 #{item_id} 不是本目录现有的事项。")
        by_position[position - 1] = index
    if ambiguous_as_new:
        by_position.update({n: None for n in matching.ambiguous if n not in by_position})
    try:
        matching = resolve(matching, by_position)
    except ValueError as error:
        raise ImportFailed(str(error)) from None

    paired = {pair.new: pair for pair in matching.pairs}
    changed, new, ambiguous, new_count = {}, [], {}, 0
    for n, (_, record_item) in enumerate(_incoming(record)):
        if n in paired:
            old = existing[paired[n].old]
            changes = field_changes(compare_item(old), compare_record(record_item))
            if changes:
                changed[n] = {"item": old.pk, "position": n + 1, "title": str(old), "score": paired[n].score,
                              "how": paired[n].how, "changes": changes}  # fmt: skip
        elif n not in matching.ambiguous:  # new: counted, the first PLAN_LIMIT listed
            new_count += 1
            if len(new) < PLAN_LIMIT:
                new.append({"item": None, "position": n + 1, "line": record_item.source_line,
                            "title": _title(record_item)})  # fmt: skip
        else:
            ambiguous[n] = {
                "position": n + 1,
                "title": _title(record_item),
                "line": record_item.source_line,
                "candidates": [
                    {"item": existing[c.old].pk, "title": str(existing[c.old]), "score": c.score,
                     "content_score": c.content_score, "same_number": c.same_number}
                    for c in matching.ambiguous[n]
                ],
            }  # fmt: skip
    plan = {"unchanged": 0, "changed": [], "new": new, "new_count": new_count, "withdrawn": [], "ambiguous": []}
    pairs = {}
    for pair in matching.pairs:
        pairs[pair.new + 1] = existing[pair.old].pk
        if pair.new in changed:
            plan["changed"].append(changed[pair.new])
        else:
            plan["unchanged"] += 1
    plan["ambiguous"] = [ambiguous[n] for n in sorted(matching.ambiguous)]
    in_question = {c.old for candidates in matching.ambiguous.values() for c in candidates}
    for o in matching.unmatched_old:
        plan["withdrawn"].append({"item": existing[o].pk, "title": str(existing[o]), "in_question": o in in_question})
    return plan, pairs


def fit_to_columns(item: ItemRecord) -> ItemRecord:
    """The record cut to the lengths of the columns it is written to, once: the matching, the
    change diff, the search text and the rows written all read these same values."""

    def cut(model, field: str, text: str) -> str:
        return text[: model._meta.get_field(field).max_length]

    return replace(
        item,
        number=cut(Item, "number", item.number),
        level1=cut(Item, "level1", item.level1),
        level2=cut(Item, "level2", item.level2),
        level3=cut(Item, "level3", item.level3),
        deadline_trigger=cut(Item, "deadline_trigger", item.deadline_trigger),
        audience_group=cut(Item, "audience_group", item.audience_group),
        level_label=cut(Item, "level_label", item.level_label),
        responsible_office=cut(Item, "responsible_office", item.responsible_office),
        source_where=cut(Item, "source_where", item.source_where),
        elements=[cut(ContentElement, "text", text) for text in item.elements],
        laws=[replace(law, printed=cut(ItemLegalBasis, "printed", law.printed)) for law in item.laws],
        channels=[replace(ref, detail=cut(ItemChannel, "detail", ref.detail)) for ref in item.channels],
    )


def compare_record(item) -> dict[str, str]:
    """An incoming row as label -> text, the form `field_changes` compares."""
    return _comparable(
        number=item.number,
        names=(item.level1, item.level2, item.level3),
        content=item.content,
        elements=list(item.elements),
        legal_basis_text=item.legal_basis_text,
        laws=[law.printed for law in item.laws],
        deadline=(item.deadline_text, item.deadline_kind, item.deadline_days, item.deadline_trigger),
        publicity_days=item.publicity_days,
        publisher_text=item.publisher_text,
        publishers=list(item.publishers),
        channel_text=item.channel_text,
        channels=[f"{ref.slug}:{ref.detail}" for ref in item.channels],
        audience=(item.audience_public, item.audience_specific, item.audience_group),
        mode=(item.mode_proactive, item.mode_on_request),
        levels=(item.level_label, sorted(item.levels), item.levels_stated),
        office=item.responsible_office,
        other_info=[[label, value] for label, value in item.other_info],
    )


def compare_item(item: Item) -> dict[str, str]:
    """A stored item (loaded with for_listing()) as label -> text."""
    return _comparable(
        number=item.number,
        names=(item.level1, item.level2, item.level3),
        content=item.content,
        elements=[element.text for element in item.elements.all()],
        legal_basis_text=item.legal_basis_text,
        laws=[link.printed for link in item.legal_basis_links.all()],
        deadline=(item.deadline_text, item.deadline_kind, item.deadline_days, item.deadline_trigger),
        publicity_days=item.publicity_days,
        publisher_text=item.publisher_text,
        publishers=[link.organisation.name for link in item.publisher_links.all()],
        channel_text=item.channel_text,
        channels=[f"{link.channel.slug}:{link.detail}" for link in item.channel_links.all()],
        audience=(item.audience_public, item.audience_specific, item.audience_group),
        mode=(item.mode_proactive, item.mode_on_request),
        levels=(item.level_label, sorted(level.code for level in item.levels.all()), item.levels_stated),
        office=item.responsible_office,
        other_info=item.other_info,
    )


def _yes(value) -> str:
    return "未注明" if value is None else ("是" if value else "否")


def _comparable(*, number, names, content, elements, legal_basis_text, laws, deadline, publicity_days,
                publisher_text, publishers, channel_text, channels, audience, mode, levels,
                office, other_info) -> dict[str, str]:  # fmt: skip
    deadline_text, kind, days, trigger = deadline
    return {
        "序号": number,
        "一级事项": names[0],
        "二级事项": names[1],
        "三级事项": names[2],
        "公开内容": content,
        "公开内容要素": "\n".join(elements),
        "公开依据": legal_basis_text,
        "公开依据（关联）": "\n".join(laws),
        "公开时限": deadline_text,
        "时限类型": Item.DeadlineKind(kind).label if kind in Item.DeadlineKind.values else str(kind),
        "时限天数": "" if days is None else str(days),
        "起算事件": trigger,
        "公示期（工作日）": "" if publicity_days is None else str(publicity_days),
        "公开主体": publisher_text,
        "公开主体（关联）": "\n".join(publishers),
        "公开渠道和载体": channel_text,
        "公开渠道（关联）": "\n".join(channels),
        "公开对象：全社会": _yes(audience[0]),
        "公开对象：特定群众": _yes(audience[1]),
        "特定群众": audience[2],
        "公开方式：主动": _yes(mode[0]),
        "公开方式：依申请公开": _yes(mode[1]),
        "公开层级（原文）": levels[0],
        "公开层级": "、".join(levels[1]) or ("" if levels[2] else "未注明"),
        "责任科室": office,
        "其他信息": "\n".join(f"{label}：{value}" for label, value in other_info),
    }


def field_changes(old: dict[str, str], new: dict[str, str]) -> list[dict[str, str]]:
    """[{"label", "old", "new"}] for every label whose text differs."""
    return [{"label": label, "old": old.get(label, ""), "new": value} for label, value in new.items()
            if old.get(label, "") != value]  # fmt: skip


def _search_text(item, *, laws, organisations, channels) -> str:
    """catalog.search.text.build_search_text of the item about to be written, from its record."""
    return join_search_text(
        names=(item.level1, item.level2, item.level3),
        content=item.content,
        elements=list(item.elements),
        legal_basis_text=item.legal_basis_text,
        law_titles=[laws[law.title].title for law in item.laws],
        publisher_text=item.publisher_text,
        publishers=[organisations[name].name for name in item.publishers],
        channels=[(channels[ref.slug].name, ref.detail) for ref in item.channels],
        office=item.responsible_office,
    )


def _item(item, *, catalogue, section, position, status, published_at, source_file, search_text) -> Item:
    fields = {name: getattr(item, name) for name in [*CONTENT_FIELDS, "source_where", "source_text"]}
    fields["other_info"] = [[label, value] for label, value in item.other_info]  # as JSON gives it back
    return Item(
        **fields,
        catalogue=catalogue,
        section=section,
        domain=section.domain,
        position=position,
        status=status,
        source_file=source_file,
        source_line=item.source_line or None,
        search_text=search_text,
        published_at=published_at,
    )


def _links(rows: list[Item], records, *, laws, organisations, channels, levels) -> None:
    """Elements, laws, publishers, channels and levels of items just written."""
    elements, law_links, publisher_links, channel_links, level_links = [], [], [], [], []
    LevelLink = Item.levels.through
    for row, item in zip(rows, records):
        elements += [ContentElement(item=row, position=i, text=text) for i, text in enumerate(item.elements, 1)]
        law_links += [
            ItemLegalBasis(item=row, legal_basis=laws[law.title], position=i, printed=law.printed)
            for i, law in enumerate(item.laws, 1)
        ]
        publisher_links += [
            ItemPublisher(item=row, organisation=organisations[name], position=i)
            for i, name in enumerate(item.publishers, 1)
        ]
        channel_links += [
            ItemChannel(item=row, channel=channels[ref.slug], position=i, detail=ref.detail)
            for i, ref in enumerate(item.channels, 1)
        ]
        level_links += [LevelLink(item_id=row.pk, level_id=levels[code].pk) for code in item.levels]
    ContentElement.objects.bulk_create(elements)
    ItemLegalBasis.objects.bulk_create(law_links)
    ItemPublisher.objects.bulk_create(publisher_links)
    ItemChannel.objects.bulk_create(channel_links)
    LevelLink.objects.bulk_create(level_links)


def _region_chain(chain: list[tuple[str, str, str]]) -> Region:
    parent = None
    for code, name, level in chain:
        region, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})
        parent = region
    if parent is None:
        raise ImportFailed("目录没有指定行政区划。")
    return parent


def _domain(name: str, meta, heading: str) -> Domain:
    slug = domain_slug(name) if name else None
    if slug:
        return Domain.objects.get(slug=slug)
    if name:
        found = Domain.objects.filter(name=name).first()
        if found:
            return found
    if meta.domain:
        domain_name, domain_slug_ = meta.domain
        domain, _ = Domain.objects.get_or_create(
            slug=domain_slug_, defaults={"name": domain_name, "is_standard": False, "position": 100}
        )
        return domain
    if not name:
        raise ImportFailed(f"分表“{heading}”没有载明领域：命令行导入请用 --domain 指明领域，上传时在“领域”中选择。")
    raise ImportFailed(f"分表“{heading}”的领域“{name}”不在领域表中，请先在管理后台添加该领域或其别名。")


def _legal_bases(refs) -> dict[str, LegalBasis]:
    titles = {ref.title for ref in refs}
    existing = {law.title: law for law in LegalBasis.objects.filter(title__in=titles)}
    numbers = {}
    for ref in refs:
        numbers.setdefault(ref.title, ref.document_number)
        if not numbers[ref.title] and ref.document_number:
            numbers[ref.title] = ref.document_number
    missing = [LegalBasis(title=t[:300], document_number=numbers[t][:100]) for t in sorted(titles - set(existing))]
    LegalBasis.objects.bulk_create(missing)
    laws = {law.title: law for law in LegalBasis.objects.filter(title__in=titles)}
    for law in laws.values():
        if not law.document_number and numbers.get(law.title):
            law.document_number = numbers[law.title][:100]
            law.save(update_fields=["document_number"])
    aliases = {}
    for ref in refs:
        match = re.match(r"《(.*)》", ref.printed)
        printed = re.sub(r"\s+", "", match.group(1)) if match else ""
        if printed and printed != ref.title:
            aliases.setdefault(printed[:300], laws[ref.title])
    known = set(LegalBasisAlias.objects.filter(alias__in=aliases).values_list("alias", flat=True))
    LegalBasisAlias.objects.bulk_create(
        [LegalBasisAlias(alias=alias, legal_basis=law) for alias, law in sorted(aliases.items()) if alias not in known]
    )
    return laws


def _organisations(names: set[str]) -> dict[str, Organisation]:
    # No region: a catalogue names offices of other levels too (兴安盟教育局 in an
    # 阿尔山市 catalogue), so staff set it when they know it.
    existing = {org.name: org for org in Organisation.objects.filter(name__in=names)}
    Organisation.objects.bulk_create([Organisation(name=name[:200]) for name in sorted(names - set(existing))])
    return {org.name: org for org in Organisation.objects.filter(name__in=names)}
