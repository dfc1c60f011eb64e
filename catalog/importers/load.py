"""Item records -> database, in one transaction (the only importer module using Django)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db import transaction

from catalog.models import (
    Catalogue,
    Channel,
    ContentElement,
    Domain,
    ImportRun,
    Item,
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
from catalog.search import refresh_search_text

from .aliases import domain_slug
from .records import CatalogueRecord, ImportFailed
from .report import build_report

SHANGHAI = ZoneInfo("Asia/Shanghai")


BATCH_SIZE = 500


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def import_record(
    record: CatalogueRecord,
    *,
    draft: bool = False,
    dry_run: bool = False,
    user: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Write one catalogue (replacing a previous import of the same slug) and return
    its report. With dry_run everything is written and then rolled back, so database
    constraints are checked too. Raises ImportFailed with a Chinese message."""
    try:
        with transaction.atomic():
            report = _load(record, draft=draft, user=user, progress=progress)
            if dry_run:
                raise DryRun
    except DryRun:
        report["dry_run"] = True
    return report


def _load(record: CatalogueRecord, *, draft: bool, user: str, progress) -> dict:
    meta = record.meta
    region = _region_chain(meta.region)
    catalogue, _ = Catalogue.objects.update_or_create(
        slug=meta.slug,
        defaults={
            "title": meta.title,
            "region": region,
            "issuer": meta.issuer,
            "issued_date": meta.issued_date,
            "source_file": record.source_file,
            "source_sha256": record.source_sha256,
            "provenance": meta.provenance,
            "position": meta.position,
        },
    )
    # Re-importing replaces the catalogue's items rather than adding to them.
    Item.objects.filter(catalogue=catalogue).delete()
    Section.objects.filter(catalogue=catalogue).delete()

    sections = []
    for position, section in enumerate(record.sections, start=1):
        sections.append(
            Section(
                catalogue=catalogue,
                domain=_domain(section.domain_name, meta, section.heading),
                position=position,
                heading=section.heading[:300],
                columns=[{"key": c.key, "label": c.label, "levels": list(c.levels)} for c in section.columns],
                level_labels=[c.label for c in section.columns if c.key == "level"],
                source_line=section.line or None,
            )
        )
    Section.objects.bulk_create(sections)

    status = Item.Status.DRAFT if draft else Item.Status.PUBLISHED
    published_at = None
    if not draft and meta.issued_date:
        published_at = datetime.datetime.combine(meta.issued_date, datetime.time(), tzinfo=SHANGHAI)
    records = [(section_row, item) for section_row, section in zip(sections, record.sections) for item in section.items]
    laws = _legal_bases([law for _, item in records for law in item.laws])
    organisations = _organisations({name for _, item in records for name in item.publishers})
    channels = {channel.slug: channel for channel in Channel.objects.all()}
    levels = {level.code: level for level in Level.objects.all()}
    # Items are written a batch at a time, so memory does not grow with the catalogue.
    for start in range(0, len(records), BATCH_SIZE):
        batch = records[start : start + BATCH_SIZE]
        items = [
            _item(item, catalogue=catalogue, section=section_row, position=start + offset, status=status,
                  published_at=published_at, source_file=record.source_file)
            for offset, (section_row, item) in enumerate(batch, start=1)
        ]  # fmt: skip
        Item.objects.bulk_create(items)
        _links(
            items, [item for _, item in batch], laws=laws, organisations=organisations, channels=channels, levels=levels
        )
        refresh_search_text([row.pk for row in items])
        if progress:
            progress(min(start + BATCH_SIZE, len(records)), len(records))

    report = build_report(record)
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


def _item(item, *, catalogue, section, position, status, published_at, source_file) -> Item:
    return Item(
        catalogue=catalogue,
        section=section,
        domain=section.domain,
        number=item.number[:20],
        position=position,
        level1=item.level1[:300],
        level2=item.level2[:300],
        level3=item.level3[:300],
        content=item.content,
        legal_basis_text=item.legal_basis_text,
        deadline_text=item.deadline_text,
        deadline_kind=item.deadline_kind,
        deadline_days=item.deadline_days,
        deadline_trigger=item.deadline_trigger[:100],
        publicity_days=item.publicity_days,
        publisher_text=item.publisher_text,
        channel_text=item.channel_text,
        audience_public=item.audience_public,
        audience_specific=item.audience_specific,
        audience_group=item.audience_group[:100],
        mode_proactive=item.mode_proactive,
        mode_on_request=item.mode_on_request,
        level_label=item.level_label[:100],
        responsible_office=item.responsible_office[:100],
        status=status,
        needs_review=item.needs_review,
        review_reasons=item.review_reasons,
        source_file=source_file,
        source_line=item.source_line or None,
        source_text=item.source_text,
        published_at=published_at,
    )


def _links(rows: list[Item], records, *, laws, organisations, channels, levels) -> None:
    """Elements, laws, publishers, channels and levels of items just written."""
    elements, law_links, publisher_links, channel_links, level_links = [], [], [], [], []
    LevelLink = Item.levels.through
    for row, item in zip(rows, records):
        elements += [ContentElement(item=row, position=i, text=text[:500]) for i, text in enumerate(item.elements, 1)]
        law_links += [
            ItemLegalBasis(item=row, legal_basis=laws[law.title], position=i, printed=law.printed[:300])
            for i, law in enumerate(item.laws, 1)
        ]
        publisher_links += [
            ItemPublisher(item=row, organisation=organisations[name], position=i)
            for i, name in enumerate(item.publishers, 1)
        ]
        channel_links += [
            ItemChannel(item=row, channel=channels[ref.slug], position=i, detail=ref.detail[:300])
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
    raise ImportFailed(f"分表“{heading}”的领域“{name or '（未载明）'}”不在领域表中，请先在管理后台添加该领域或其别名。")


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
