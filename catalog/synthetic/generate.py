"""National-scale synthetic data: copies of the loaded catalogues for thousands of regions.

It starts from the catalogues in the database (load the seed first: manage.py load_seed);
on a database without catalogues it stops with a message.

Every synthetic catalogue belongs to a new county, township or community and copies one
source catalogue the way real local catalogues do: local publisher and channel names,
some items dropped, some borrowed from another catalogue, some content edited, a few
drafts. The generator keeps a record of what it did to each copy (`Generator.records`:
dropped, borrowed, edited), the oracle the 对标核查 tests compare against. Rows are
written with explicit ids in bulk (COPY on PostgreSQL, executemany elsewhere), one
transaction per chunk of catalogues, so a million items load in minutes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

from django.db import connection, transaction
from django.utils import timezone

# -- the source catalogues, read from the database ------------------------------------


@dataclass
class Template:
    """One item of a source catalogue, with everything needed to write a copy of it."""

    domain_id: int
    level1: str = ""
    level2: str = ""
    level3: str = ""
    content: str = ""
    elements: list[str] = field(default_factory=list)
    legal_basis_text: str = ""
    laws: list[tuple[int, str, str]] = field(default_factory=list)  # (id, title, printed)
    deadline_text: str = ""
    deadline_kind: str = "unknown"
    deadline_days: int | None = None
    deadline_trigger: str = ""
    publicity_days: int | None = None
    publisher_text: str = ""
    publishers: list[str] = field(default_factory=list)
    channel_text: str = ""
    channels: list[tuple[int, str, str]] = field(default_factory=list)  # (id, name, detail)
    audience_public: bool | None = None  # None: 未注明 (the source catalogue has no such column)
    audience_specific: bool | None = None
    audience_group: str = ""
    mode_proactive: bool | None = None
    mode_on_request: bool | None = None
    level_ids: list[int] = field(default_factory=list)
    levels_stated: bool = True
    level_label: str = ""
    responsible_office: str = ""


# The template's fields that are the item's own, as they are (the others are its linked rows).
ITEM_FIELDS = [
    f.name for f in fields(Template) if f.name not in ("elements", "laws", "publishers", "channels", "level_ids")
]


@dataclass
class SourceCatalogue:
    title: str
    region_names: list[str]  # names to localise, longest first
    items: list[Template]
    catalogue_id: int | None = None  # the loaded catalogue copied


def load_sources() -> list[SourceCatalogue]:
    """Every loaded catalogue with items (the synthetic ones excepted), as plain data."""
    from catalog.models import Catalogue, Item

    sources = []
    for catalogue in Catalogue.objects.select_related("region").exclude(source_file="synthetic"):
        items = list(Item.objects.filter(catalogue=catalogue).order_by("position").for_listing())
        if not items:
            continue
        names = [catalogue.region.name] + [region.name for region in catalogue.region.ancestors()]
        templates = [
            Template(
                **{name: getattr(item, name) for name in ITEM_FIELDS},
                elements=[element.text for element in item.elements.all()],
                laws=[
                    (link.legal_basis_id, link.legal_basis.title, link.printed) for link in item.legal_basis_links.all()
                ],
                publishers=[link.organisation.name for link in item.publisher_links.all()],
                channels=[(link.channel_id, link.channel.name, link.detail) for link in item.channel_links.all()],
                level_ids=[level.pk for level in item.levels.all()],
            )
            for item in items
        ]
        sources.append(
            SourceCatalogue(catalogue.title, sorted(set(names), key=len, reverse=True), templates, catalogue.pk)
        )
    return sources


PROVINCES = [
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
]
SYLLABLES = (
    "安平长宁东西南北新兴和顺永丰清河泉水山石龙凤阳城明德福寿康乐华中双桥柳林桃源金沙白云青松红星"
    "太和光华文昌武胜嘉禾富民兴隆利民建设团结胜利友谊幸福朝阳前进向阳五里十里三江两河沙湾高岭"
)
SUFFIXES = {"county": ["县", "市", "区", "旗"], "township": ["镇", "乡", "街道"], "community": ["社区", "村"]}
EXTRA_ELEMENTS = [
    "办理时限",
    "收费标准",
    "监督投诉电话",
    "办理结果",
    "服务指南",
    "审批结果",
    "公示名单",
    "资金发放情况",
    "补助标准",
    "政策解读",
    "申请条件",
    "办事流程图",
    "联系方式",
    "咨询电话",
    "年度报告",
    "实施方案",
]
LOCAL_OFFICES = ["党政综合办公室", "社会事务办公室", "经济发展办公室", "综合执法队", "便民服务中心", "社区工作站"]
STATUS_WEIGHTS = (("published", 97), ("draft", 2), ("withdrawn", 1))


@dataclass
class Options:
    items: int
    seed: int = 1
    drop_rate: float = 0.05
    add_rate: float = 0.03
    edit_rate: float = 0.10
    chunk_items: int = 20_000


@dataclass(frozen=True)
class Origin:
    """Where one written item came from: item `index` of `source`, borrowed from another
    catalogue or the copy's own, with the element an edit added ("" when not edited)."""

    source: SourceCatalogue
    index: int
    borrowed: bool = False
    added_element: str = ""


@dataclass
class WrittenItem:
    item_id: int
    origin: Origin
    status: str


@dataclass
class CatalogueRecord:
    """What the generator did to make one synthetic catalogue: the oracle for 对标核查."""

    catalogue_id: int
    source: SourceCatalogue
    items: list[WrittenItem] = field(default_factory=list)

    @property
    def dropped(self) -> list[int]:
        """Indices of the source's items not copied (withdrawn copies are not in the catalogue either)."""
        kept = {w.origin.index for w in self.items if not w.origin.borrowed and w.status != "withdrawn"}
        return [index for index in range(len(self.source.items)) if index not in kept]

    @property
    def borrowed(self) -> list[WrittenItem]:
        return [w for w in self.items if w.origin.borrowed and w.status != "withdrawn"]

    @property
    def edited(self) -> dict[int, str]:
        """Source index -> the element added, for the copies that were edited."""
        return {
            w.origin.index: w.origin.added_element
            for w in self.items
            if w.origin.added_element and not w.origin.borrowed and w.status != "withdrawn"
        }


@dataclass
class Tables:
    """Rows waiting to be written, table by table, in foreign-key order."""

    rows: dict[str, list[tuple]] = field(default_factory=dict)

    def add(self, table: str, row: tuple) -> None:
        self.rows.setdefault(table, []).append(row)


COLUMNS = {
    "catalog_region": ("id", "code", "name", "level", "parent_id"),
    "catalog_organisation": ("id", "name", "region_id"),
    "catalog_catalogue": (
        "id",
        "slug",
        "title",
        "region_id",
        "issuer",
        "issued_date",
        "issued_date_precision",
        "scope",
        "source_file",
        "source_sha256",
        "original",
        "metadata",
        "provenance",
        "scanned",
        "position",
    ),
    "catalog_section": (
        "id",
        "catalogue_id",
        "domain_id",
        "position",
        "heading",
        "columns",
        "level_labels",
        "source_line",
    ),
    "catalog_item": (
        "id",
        "catalogue_id",
        "section_id",
        "domain_id",
        "number",
        "position",
        "level1",
        "level2",
        "level3",
        "content",
        "legal_basis_text",
        "deadline_text",
        "deadline_kind",
        "deadline_days",
        "deadline_trigger",
        "publicity_days",
        "publisher_text",
        "channel_text",
        "audience_public",
        "audience_specific",
        "audience_group",
        "mode_proactive",
        "mode_on_request",
        "levels_stated",
        "level_label",
        "responsible_office",
        "other_info",
        "status",
        "needs_review",
        "review_reasons",
        "source_file",
        "source_line",
        "source_where",
        "source_text",
        "search_text",
        "published_at",
        "updated_at",
    ),
    "catalog_contentelement": ("id", "item_id", "position", "text"),
    "catalog_itemlegalbasis": ("id", "item_id", "legal_basis_id", "position", "printed"),
    "catalog_itempublisher": ("id", "item_id", "organisation_id", "position"),
    "catalog_itemchannel": ("id", "item_id", "channel_id", "position", "detail"),
    "catalog_item_levels": ("id", "item_id", "level_id"),
}


def search_text_of(t: Template, publishers: list[str], channels: list[tuple[int, str, str]]) -> str:
    """The same string catalog.search.text.build_search_text builds for the written item."""
    parts = [t.level1, t.level2, t.level3, t.content, *t.elements, t.legal_basis_text]
    parts += [title for _, title, _ in t.laws]
    parts.append(t.publisher_text)
    parts += publishers
    parts += [name for _, name, _ in channels]
    parts += [detail for _, _, detail in channels]
    parts.append(t.responsible_office)
    return "\n".join(part for part in parts if part)


class Generator:
    def __init__(
        self,
        options: Options,
        progress: Callable[[int, int], None] | None = None,
        index_progress: Callable[[int, int], None] | None = None,
    ):
        self.options = options
        self.random = random.Random(options.seed)
        self.progress = progress or (lambda done, total: None)
        self.index_progress = index_progress
        self.sources: list[SourceCatalogue] = []
        self.next_id: dict[str, int] = {}
        self.org_ids: dict[str, int] = {}
        self.names_used: dict[int | None, set[str]] = {}
        self.now = timezone.now()
        self.first_item_id = 0
        self.records: list[CatalogueRecord] = []  # one per synthetic catalogue written

    # -- ids ---------------------------------------------------------------------------
    def allocate(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def _load_state(self) -> None:
        from catalog.models import Organisation, Region

        with connection.cursor() as cursor:
            for table in COLUMNS:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
                self.next_id[table] = cursor.fetchone()[0]
        self.org_ids = dict(Organisation.objects.values_list("name", "id"))
        for parent_id, name in Region.objects.values_list("parent_id", "name"):
            self.names_used.setdefault(parent_id, set()).add(name)
        self.first_item_id = self.next_id["catalog_item"]
        self.tag = f"syn{self.options.seed}-{self.next_id['catalog_region']}"

    # -- regions -----------------------------------------------------------------------
    def region_name(self, parent_id: int | None, level: str) -> str:
        used = self.names_used.setdefault(parent_id, set())
        for length in (2, 2, 2, 3, 3, 4, 4, 5):
            name = "".join(self.random.choice(SYLLABLES) for _ in range(length)) + self.random.choice(SUFFIXES[level])
            if name not in used:
                used.add(name)
                return name
        raise RuntimeError("no free region name")

    def new_region(self, tables: Tables, name: str, level: str, parent_id: int | None) -> int:
        region_id = self.allocate("catalog_region")
        tables.add("catalog_region", (region_id, f"{self.tag}-{region_id}", name, level, parent_id))
        return region_id

    def organisation(self, tables: Tables, name: str, region_id: int) -> int:
        if name not in self.org_ids:
            org_id = self.allocate("catalog_organisation")
            self.org_ids[name] = org_id
            tables.add("catalog_organisation", (org_id, name, region_id))
        return self.org_ids[name]

    # -- one catalogue copy ------------------------------------------------------------
    def localise(self, text: str, source: SourceCatalogue, local: str) -> str:
        for name in source.region_names:
            if name and name in text:
                text = text.replace(name, local)
        return text

    def vary(self, source: SourceCatalogue) -> tuple[list[Template], list[Origin]]:
        """The source's items with some dropped, some edited (one element added) and some
        borrowed from another source catalogue; with each item's origin, for the record."""
        o, rnd = self.options, self.random
        items, origins = [], []
        others = [other for other in self.sources if other is not source]
        for index, template in enumerate(source.items):
            if rnd.random() < o.drop_rate:
                continue
            added = ""
            if rnd.random() < o.edit_rate:
                added = rnd.choice(EXTRA_ELEMENTS)
                template = replace(
                    template,
                    content=f"{template.content}、{added}" if template.content else added,
                    elements=[*template.elements, added],
                )
            items.append(template)
            origins.append(Origin(source, index, added_element=added))
            if rnd.random() < o.add_rate and others:
                other = rnd.choice(others)
                borrowed = rnd.randrange(len(other.items))
                items.append(other.items[borrowed])
                origins.append(Origin(other, borrowed, borrowed=True))
        return items, origins

    def write_catalogue(
        self,
        tables: Tables,
        index: int,
        source: SourceCatalogue,
        region_id: int,
        local: str,
        templates: list[Template],
        origins: list[Origin],
    ) -> None:
        rnd = self.random
        catalogue_id = self.allocate("catalog_catalogue")
        record = CatalogueRecord(catalogue_id, source)
        self.records.append(record)
        title = self.localise(source.title, source, local)
        if local not in title:
            title = f"{local}{title}"
        tables.add(
            "catalog_catalogue",
            (
                catalogue_id,
                f"{self.tag}-{catalogue_id}",
                title[:300],
                region_id,
                f"{local}政务公开领导小组办公室",
                None,
                "day",
                "",
                "synthetic",
                "",
                "",
                "[]",
                f"合成数据：复制自《{source.title}》",
                False,
                1000 + index,
            ),
        )
        sections: dict[int, int] = {}
        office = rnd.choice(LOCAL_OFFICES)
        for position, (template, origin) in enumerate(zip(templates, origins, strict=True), start=1):
            if template.domain_id not in sections:
                section_id = self.allocate("catalog_section")
                sections[template.domain_id] = section_id
                tables.add(
                    "catalog_section",
                    (section_id, catalogue_id, template.domain_id, len(sections), "", "[]", "[]", None),
                )
            t = template
            publishers = [self.localise(name, source, local) for name in t.publishers]
            publishers = [name if local in name else f"{local}{name}" for name in publishers][:3]
            channels = [(cid, name, self.localise(detail, source, local)) for cid, name, detail in t.channels]
            t = replace(
                t,
                content=self.localise(t.content, source, local),
                publisher_text=self.localise(t.publisher_text, source, local),
                channel_text=self.localise(t.channel_text, source, local),
                responsible_office=t.responsible_office and office,
            )
            item_id = self.allocate("catalog_item")
            status = rnd.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
            record.items.append(WrittenItem(item_id, origin, status))
            tables.add(
                "catalog_item",
                (
                    item_id,
                    catalogue_id,
                    sections[t.domain_id],
                    t.domain_id,
                    str(position),
                    position,
                    t.level1[:300],
                    t.level2[:300],
                    t.level3[:300],
                    t.content,
                    t.legal_basis_text,
                    t.deadline_text,
                    t.deadline_kind,
                    t.deadline_days,
                    t.deadline_trigger[:100],
                    t.publicity_days,
                    t.publisher_text,
                    t.channel_text,
                    t.audience_public,
                    t.audience_specific,
                    t.audience_group[:100],
                    t.mode_proactive,
                    t.mode_on_request,
                    t.levels_stated,
                    t.level_label[:100],
                    t.responsible_office[:100],
                    "[]",
                    status,
                    False,
                    "[]",
                    "synthetic",
                    None,
                    "",
                    "",
                    search_text_of(t, publishers, channels),
                    self.now if status == "published" else None,
                    None,
                ),
            )
            for n, text in enumerate(t.elements, start=1):
                tables.add("catalog_contentelement", (self.allocate("catalog_contentelement"), item_id, n, text[:500]))
            for n, (law_id, _, printed) in enumerate(t.laws, start=1):
                tables.add(
                    "catalog_itemlegalbasis",
                    (self.allocate("catalog_itemlegalbasis"), item_id, law_id, n, printed[:300]),
                )
            seen_orgs = set()
            for n, name in enumerate(publishers, start=1):
                org_id = self.organisation(tables, name[:200], region_id)
                if org_id not in seen_orgs:
                    seen_orgs.add(org_id)
                    tables.add("catalog_itempublisher", (self.allocate("catalog_itempublisher"), item_id, org_id, n))
            for n, (channel_id, _, detail) in enumerate(channels, start=1):
                tables.add(
                    "catalog_itemchannel", (self.allocate("catalog_itemchannel"), item_id, channel_id, n, detail[:300])
                )
            for level_id in t.level_ids:
                tables.add("catalog_item_levels", (self.allocate("catalog_item_levels"), item_id, level_id))

    # -- the run -----------------------------------------------------------------------
    def run(self) -> tuple[int, int]:
        """Write `options.items` items and index them; returns (first item id, last item id)."""
        from catalog.search.index import defer_search_index, index_items_between

        with defer_search_index():
            first, last = self.write()
        index_items_between(first, last, progress=self.index_progress)
        return first, last

    def write(self) -> tuple[int, int]:
        self.sources = [source for source in load_sources() if source.items]
        if not self.sources:
            raise RuntimeError("没有可复制的目录：请先载入目录（manage.py load_seed 或 import_catalogue）。")
        self._load_state()
        total, written, index = self.options.items, 0, 0
        counties: list[tuple[int, str]] = []
        townships: list[tuple[int, str]] = []
        tables = Tables()
        provinces = []
        for name in PROVINCES:
            provinces.append(self.new_region(tables, f"{name}（合成）", "province", None))
        pending = 0
        while written < total:
            # Roughly one county for every three townships and six communities.
            roll = self.random.random()
            if not counties or roll < 0.1:
                level, parent_id, parent_name = "county", self.random.choice(provinces), ""
            elif not townships or roll < 0.4:
                parent_id, parent_name = self.random.choice(counties)
                level = "township"
            else:
                parent_id, parent_name = self.random.choice(townships)
                level = "community"
            name = self.region_name(parent_id, level)
            region_id = self.new_region(tables, name, level, parent_id)
            if level == "county":
                counties.append((region_id, name))
            elif level == "township":
                townships.append((region_id, parent_name + name))
            local = parent_name + name if level == "community" else name
            source = self.random.choice(self.sources)
            templates, origins = self.vary(source)
            templates, origins = templates[: total - written], origins[: total - written]
            if not templates:
                continue
            self.write_catalogue(tables, index, source, region_id, local, templates, origins)
            index += 1
            written += len(templates)
            pending += len(templates)
            if pending >= self.options.chunk_items:
                self.flush(tables)
                tables, pending = Tables(), 0
                self.progress(written, total)
        self.flush(tables)
        self.reset_sequences()
        self.progress(written, total)
        return self.first_item_id, self.next_id["catalog_item"] - 1

    def flush(self, tables: Tables) -> None:
        with transaction.atomic():
            for table, columns in COLUMNS.items():
                rows = tables.rows.get(table)
                if rows:
                    write_rows(table, columns, rows)

    def reset_sequences(self) -> None:
        if connection.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT follows explicit ids by itself.
        with connection.cursor() as cursor:
            for table in COLUMNS:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )


def write_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def generate(
    options: Options,
    progress: Callable[[int, int], None] | None = None,
    index_progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    return Generator(options, progress, index_progress).run()


__all__ = ["CatalogueRecord", "Generator", "Options", "Origin", "generate", "search_text_of"]
