"""事项: one row of a catalogue, with its ordered elements, laws, publishers and channels."""

from django.db import connections, models, router
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest

from .catalogue import Catalogue, Section
from .links import id_url
from .vocabulary import Channel, Domain, LegalBasis, Level, Organisation, Region


def latest_change():
    """When an item was last published or changed (NULL when neither is known): the feeds'
    order, newest first, served on PostgreSQL by the index item_feed_order (catalog/search/sql/indexes.sql)."""
    return Greatest(Coalesce("updated_at", "published_at"), Coalesce("published_at", "updated_at"))


UNSTATED_HELP = "未注明：原目录没有这一栏"
AUDIENCE_FIELDS = ("audience_public", "audience_specific")
MODE_FIELDS = ("mode_proactive", "mode_on_request")


def flags_unstated(fields) -> models.Q:
    """No flag of the group set and at least one unknown: the catalogue does not say (未注明)."""
    fields = tuple(fields)
    unknown = models.Q()
    for name in fields:
        unknown |= models.Q(**{f"{name}__isnull": True})
    return none_set(fields) & unknown


def flags_unticked(fields) -> models.Q:
    """Every flag of the group printed and none ticked (未勾选)."""
    return models.Q(**{name: False for name in fields})


def none_set(fields) -> models.Q:
    q = models.Q()
    for name in fields:
        q &= ~models.Q(**{name: True})  # NULL included: NOT (x = true AND x IS NOT NULL)
    return q


# Long texts no public list shows: the search index's text, the imported row, the reviewers' notes.
STAFF_TEXT_FIELDS = ("search_text", "source_text", "review_reasons", "other_info")


class ItemQuerySet(models.QuerySet):
    # The search itself lives in the layer above (catalog.search.search, which returns the
    # items and the plan that pages them); CatalogConfig.ready() plugs it in here, so that
    # the models never import that layer.
    searcher = None

    def search(self, q, *, expand=True, domain=None):
        """These items matching every term of `q` (synonyms too, with `expand`), annotated
        with `search_rank`; all of them when `q` has no terms. For paging and facets at scale,
        use catalog.search.search(queryset, q): it returns the plan with the items."""
        return self.searcher(self, q, expand=expand, domain=domain).items

    def published(self):
        return self.filter(status=Item.Status.PUBLISHED)

    def current(self):
        """Not withdrawn: what a re-import matches incoming rows against."""
        return self.exclude(status=Item.Status.WITHDRAWN)

    def in_catalogue(self, catalogue):
        return self.filter(catalogue=catalogue)

    def in_domain(self, domain):
        return self.filter(domain=domain)

    def in_region(self, region):
        """Items of catalogues in this region or any region below it."""
        return self.filter(catalogue__region__in=region_with_descendants(region))

    def levels_unstated(self):
        """Items whose catalogue has no 公开层级 column (and no level set since)."""
        return self.filter(levels_stated=False, levels__isnull=True)

    def flagged(self):
        return self.filter(needs_review=True)

    def in_catalogue_order(self):
        return self.order_by("catalogue__position", "catalogue_id", "position")

    def for_results(self):
        """What a search result shows (names, catalogue, domain, publishers): a lighter
        for_listing, in a fixed number of queries."""
        return self.select_related("catalogue", "domain").prefetch_related(_linked("publisher_links"))

    def for_table(self):
        """What a row of an official table shows (catalog/site/tables.py): a
        lighter for_listing, without the content elements and the texts kept for staff and
        search. Its linked rows come after, for the rows of one page in one statement:
        load_links(rows, TABLE_LINKS) (catalog.site.browse.paginate_table)."""
        return self.select_related("catalogue").defer(*STAFF_TEXT_FIELDS)

    def for_listing(self):
        """Everything a list page or an export shows, in a fixed number of queries."""
        return self.select_related("catalogue", "catalogue__region", "domain", "section").prefetch_related(
            _linked("elements"),
            _linked("legal_basis_links"),
            _linked("publisher_links"),
            _linked("channel_links"),
            "levels",
        )


def _linked(name: str) -> models.Prefetch:
    """Prefetch an item's rows of `name` (elements, laws, publishers, channels) in their order.

    Ordered by item id and position, not by the models' ordering ("item", "position"): that
    sorts by the item's own ordering and so joins the items and their catalogues into every
    prefetch query."""
    rows = {
        "elements": lambda: ContentElement.objects.all(),
        "legal_basis_links": lambda: ItemLegalBasis.objects.select_related("legal_basis"),
        "publisher_links": lambda: ItemPublisher.objects.select_related("organisation"),
        "channel_links": lambda: ItemChannel.objects.select_related("channel"),
    }[name]()
    return models.Prefetch(name, queryset=rows.order_by("item_id", "position"))


# The rows an item page or an official table shows beside each item, all kinds in one statement:
# (kind, item id, position, row id, linked id, three texts). One round trip instead of one
# prefetch query per kind; each of those costs more in building its SQL than in running it.
LINK_KINDS = ("elements", "legal_basis_links", "publisher_links", "channel_links", "levels")
TABLE_LINKS = LINK_KINDS[1:]  # an official table prints the content as one text, not its elements
LINKS_SQL = {
    "elements": "SELECT 0, e.item_id, e.position, e.id, NULL, e.text, NULL, NULL"
    " FROM catalog_contentelement e WHERE e.item_id IN ({ids})",
    "legal_basis_links": "SELECT 1, l.item_id, l.position, l.id, b.id, b.title, b.document_number, l.printed"
    " FROM catalog_itemlegalbasis l JOIN catalog_legalbasis b ON b.id = l.legal_basis_id WHERE l.item_id IN ({ids})",
    "publisher_links": "SELECT 2, l.item_id, l.position, l.id, o.id, o.name, NULL, NULL"
    " FROM catalog_itempublisher l JOIN catalog_organisation o ON o.id = l.organisation_id WHERE l.item_id IN ({ids})",
    "channel_links": "SELECT 3, l.item_id, l.position, l.id, c.id, c.name, c.slug, l.detail"
    " FROM catalog_itemchannel l JOIN catalog_channel c ON c.id = l.channel_id WHERE l.item_id IN ({ids})",
    # the Level's own position (its ordering), as the levels prefetch orders them
    "levels": "SELECT 4, l.item_id, v.position, l.id, v.id, v.name, v.code, NULL"
    " FROM catalog_item_levels l JOIN catalog_level v ON v.id = l.level_id WHERE l.item_id IN ({ids})",
}

# An item page's breadcrumbs: a catalogue's region (depth 0) and every region above it, as rows
# of the same statement: (5, the catalogue's region id, depth, region id, parent id, name,
# code, level). Joined to the item instead, the five levels of regions made PostgreSQL plan a
# nine-table join, 1.1 ms a page at 1M items for a 0.15 ms look-up.
REGION_PATH_SQL = (
    "SELECT * FROM (WITH RECURSIVE path(start, depth, id, parent_id, name, code, level) AS ("
    "SELECT r.id, 0, r.id, r.parent_id, r.name, r.code, r.level FROM catalog_region r WHERE r.id IN ({ids})"
    " UNION ALL SELECT p.start, p.depth + 1, r.id, r.parent_id, r.name, r.code, r.level"
    " FROM path p JOIN catalog_region r ON r.id = p.parent_id"
    ") SELECT 5, start, depth, id, parent_id, name, code, level FROM path) region_path"
)
REGION_PATH_KIND = 5


def load_links(items, names=LINK_KINDS, *, region_path=False) -> None:
    """Load the `names` rows of `items` (elements, laws, publishers, channels, levels) in one
    statement, as prefetch_related(names) would: `item.elements.all()` etc. read them after.
    With `region_path`, the same statement also reads the region of each item's catalogue
    (loaded with the item) and the regions above it, as select_related would: the catalogue's
    `region`, its `parent` and so on up to the top are set.

    Only the fields the public pages show are loaded: a Channel's aliases and an
    Organisation's region are deferred.

    Unlike prefetch_related, nothing loaded refers back to the item (a row's `.item` is not
    set; the stored QuerySets hold the item's id, not the item): an item and its rows form no
    reference cycle, so they are freed when the page is done with them. In cycles, an official
    table's 50 items and their rows left ~5,700 objects a page to the garbage collector, which
    freed them in one 60–80 ms pause every dozen pages (CPU, at 50,000 items, load 6)."""
    items = [item for item in items if item is not None]
    if not items or not (names or region_path):
        return
    ids = [item.pk for item in items]
    marks = ", ".join(["%s"] * len(ids))
    sql = " UNION ALL ".join(LINKS_SQL[name].format(ids=marks) for name in names)
    params = ids * len(names)
    if region_path:
        regions = sorted({item.catalogue.region_id for item in items})
        path = REGION_PATH_SQL.format(ids=", ".join(["%s"] * len(regions)))
        sql, params = (f"{sql} UNION ALL {path}" if sql else path), params + regions
    rows: dict[tuple[int, int], list] = {}
    connection = reading()
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY 1, 2, 3, 4", params)
        for kind, item_id, position, row_id, linked_id, a, b, c in cursor.fetchall():
            rows.setdefault((kind, item_id), []).append(_link_row(kind, item_id, position, row_id, linked_id, a, b, c))
    # per kind: the model of its rows and the lookup that selects one item's rows ("item", or
    # "items__id" for the levels), as the item's related manager filters them
    kinds = []
    for name in names:
        manager = getattr(items[0], name)
        kinds.append((name, LINK_KINDS.index(name), manager.model, next(iter(manager.core_filters))))
    for item in items:
        cache = item.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, kind, model, lookup in kinds:
            cache[name] = _loaded_rows(model, lookup, item.pk, rows.get((kind, item.pk), []), connection.alias)
        if region_path:
            _set_region_path(item.catalogue, rows.get((REGION_PATH_KIND, item.catalogue.region_id), []))


def _set_region_path(catalogue, path: list) -> None:
    """Set `catalogue.region` and each region's `parent` from `path` (the region first, then up)."""
    if not path:
        return
    catalogue._state.fields_cache["region"] = path[0]
    for region, parent in zip(path, [*path[1:], None]):
        region._state.fields_cache["parent"] = parent


def linked_rows(item, name: str) -> list:
    """The `name` rows of `item` (one of LINK_KINDS) as a list: those load_links stored,
    without making a related manager each time; read from the database when not loaded."""
    try:
        return item._prefetched_objects_cache[name]._result_cache
    except (AttributeError, KeyError):
        return list(getattr(item, name).all())


def _loaded_rows(model, lookup, item_id, found, using):
    """An evaluated QuerySet of one item's `found` rows, as prefetch_related stores it: the
    manager's all() returns it as it is, and anything chained on it (item.levels.filter(...))
    still reads only that item's rows from the database (the lookup is applied when chained,
    as a related manager does)."""
    queryset = model._default_manager._queryset_class(model=model, using=using)
    queryset._deferred_filter = (False, (), {lookup: item_id})
    queryset._result_cache, queryset._prefetch_done = found, True
    return queryset


def _link_row(kind, item_id, position, row_id, linked_id, a, b, c):
    if kind == REGION_PATH_KIND:
        return loaded(Region, id=row_id, parent_id=linked_id, name=a, code=b, level=c)
    if kind == 0:
        return loaded(ContentElement, id=row_id, item_id=item_id, position=position, text=a)
    if kind == 4:
        return loaded(Level, id=linked_id, name=a, code=b, position=position)
    if kind == 1:
        link = loaded(
            ItemLegalBasis, id=row_id, item_id=item_id, legal_basis_id=linked_id, position=position, printed=c
        )
        link._state.fields_cache["legal_basis"] = loaded(LegalBasis, id=linked_id, title=a, document_number=b)
    elif kind == 2:
        link = loaded(ItemPublisher, id=row_id, item_id=item_id, organisation_id=linked_id, position=position)
        link._state.fields_cache["organisation"] = loaded(Organisation, id=linked_id, name=a)
    else:
        link = loaded(ItemChannel, id=row_id, item_id=item_id, channel_id=linked_id, position=position, detail=c)
        link._state.fields_cache["channel"] = loaded(Channel, id=linked_id, name=a, slug=b)
    return link


def loaded(model, **values):
    """An instance of `model` as the database would give it, from these field values (by
    attname); the other fields deferred."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(router.db_for_read(model), names, [values[name] for name in names])


def reading():
    """The connection the ORM reads items from now (a public page's reads may go to a replica,
    portal/db_router.py): the statements above read where the item itself was read."""
    return connections[router.db_for_read(Item)]


# An item page's two lists of other published items, in one statement: (list, id, names,
# position, catalogue id and title, domain id and name). 0: the same 一级事项 in the same
# catalogue, in catalogue order; 1: items citing one of the same laws, in id order (a common
# law is cited by hundreds of thousands of items: only id order lets the database stop early).
RELATED_SQL = """
SELECT r.list, r.id, r.level1, r.level2, r.level3, r.position, r.catalogue_id, c.title, r.domain_id, d.name
FROM (
  SELECT * FROM (
    SELECT 0 AS list, i.position AS sort_key, i.id, i.level1, i.level2, i.level3, i.position, i.catalogue_id, i.domain_id
    FROM catalog_item i
    WHERE i.status = %s AND i.id <> %s AND i.catalogue_id = %s AND i.level1 = %s AND i.level1 <> ''
    ORDER BY i.position LIMIT %s
  ) same_level1
  UNION ALL
  SELECT * FROM (
    SELECT 1, i.id, i.id, i.level1, i.level2, i.level3, i.position, i.catalogue_id, i.domain_id
    FROM catalog_item i
    WHERE i.status = %s AND i.id <> %s AND EXISTS (
      SELECT 1 FROM catalog_itemlegalbasis l WHERE l.item_id = i.id AND l.legal_basis_id IN ({laws}))
    ORDER BY i.id LIMIT %s
  ) same_law
) r
JOIN catalog_catalogue c ON c.id = r.catalogue_id
JOIN catalog_domain d ON d.id = r.domain_id
ORDER BY r.list, r.sort_key
"""


def related_items(item, limit: int = 10) -> tuple[list, list]:
    """(other published items of the same 一级事项 in the same catalogue, other published items
    citing one of the same laws and not in the first list), at most `limit` each.

    Loaded with what the lists show (names, position, catalogue title, domain name); the
    laws come from the item's legal_basis_links (load_links)."""
    law_ids = sorted({link.legal_basis_id for link in item.legal_basis_links.all()})
    # the second list skips the first one's items: read enough to fill it after that
    wanted_laws = law_ids or [0]
    sql = RELATED_SQL.format(laws=", ".join(["%s"] * len(wanted_laws)))
    published = Item.Status.PUBLISHED
    params = [published, item.pk, item.catalogue_id, item.level1, limit, published, item.pk, *wanted_laws]
    params.append(2 * limit if law_ids else 0)
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    # only the items shown are made: the second list skips the first one's items
    shown = {row[1] for row in found if row[0] == 0}
    lists: tuple[list, list] = ([], [])
    catalogues, domains = {}, {}  # the items of one catalogue or domain share its instance
    for which, pk, level1, level2, level3, position, catalogue_id, title, domain_id, name in found:
        if which == 1 and (pk in shown or len(lists[1]) == limit):
            continue
        other = loaded(
            Item,
            id=pk,
            level1=level1,
            level2=level2,
            level3=level3,
            position=position,
            catalogue_id=catalogue_id,
            domain_id=domain_id,
        )
        if catalogue_id not in catalogues:
            catalogues[catalogue_id] = loaded(Catalogue, id=catalogue_id, title=title)
        if domain_id not in domains:
            domains[domain_id] = loaded(Domain, id=domain_id, name=name)
        other._state.fields_cache["catalogue"] = catalogues[catalogue_id]
        other._state.fields_cache["domain"] = domains[domain_id]
        lists[which].append(other)
    return lists


# The distinct values of an indexed column among published items, one index probe per value
# (a loose index scan: PostgreSQL and SQLite both read only the next larger value each time).
NAMES_SQL = """
WITH RECURSIVE names(v) AS (
  SELECT MIN({field}) FROM catalog_item WHERE status = %s
  UNION ALL
  SELECT (SELECT MIN({field}) FROM catalog_item WHERE status = %s AND {field} > names.v)
  FROM names WHERE names.v IS NOT NULL
) SELECT v FROM names WHERE v IS NOT NULL
"""


def published_names(field: str) -> list[str]:
    """The distinct 一级事项 (field "level1") or 二级事项 ("level2") of published items.

    Read through the column's index (item_level1, item_level2): as many probes as there are
    names (hundreds), where SELECT DISTINCT reads every item (two of those took 11 s at 1M
    items under load, on every uncached search that found nothing)."""
    if field not in ("level1", "level2"):
        raise ValueError(field)
    with reading().cursor() as cursor:
        cursor.execute(NAMES_SQL.format(field=field), [Item.Status.PUBLISHED, Item.Status.PUBLISHED])
        return [row[0] for row in cursor.fetchall()]


# A region and every region below it, found by the database (one statement, PostgreSQL and SQLite).
SUBTREE_SQL = (
    "WITH RECURSIVE subtree(id) AS (SELECT id FROM catalog_region WHERE id = %s UNION ALL "
    "SELECT r.id FROM catalog_region r JOIN subtree ON r.parent_id = subtree.id) SELECT id FROM subtree"
)


def region_subtree(region):
    """The ids of a region and every region below it as a subquery (`region__in=...`): the
    ids stay in the database, however many there are (a province has hundreds)."""
    from .vocabulary import Region

    return Region.objects.filter(pk__in=RawSQL(SUBTREE_SQL, [region.pk])).values("pk")


def region_with_descendants(region) -> list[int]:
    """Ids of a region and every region below it, in id order: one statement (SUBTREE_SQL), once
    per region instance. A search within a region asks three times for the same instance (the
    filter, the search entries' scope, the form's catalogue options), a page request's worth: a
    province's four levels were twelve statements a search page."""
    ids = getattr(region, "_with_descendants", None)
    if ids is None:
        from .vocabulary import Region

        with connections[router.db_for_read(Region)].cursor() as cursor:
            cursor.execute(f"{SUBTREE_SQL} ORDER BY id", [region.pk])
            ids = region._with_descendants = [row[0] for row in cursor.fetchall()]
    return list(ids)


class Item(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    class DeadlineKind(models.TextChoices):
        WORKING_DAYS = "working_days", "事件发生后若干工作日内"
        CALENDAR_DAYS = "calendar_days", "事件发生后若干自然日内"
        IMMEDIATE = "immediate", "即时（实时）公开"
        PROMPT = "prompt", "及时公开（无固定期限）"
        BEFORE_EVENT = "before_event", "事件发生前"
        PERIODIC = "periodic", "定期公开"
        OTHER = "other", "其他"
        UNKNOWN = "unknown", "未载明"

    catalogue = models.ForeignKey(
        Catalogue,
        verbose_name="目录",
        on_delete=models.CASCADE,
        related_name="items",
        db_index=False,  # item_unique_position and the catalogue indexes below lead with it
    )
    section = models.ForeignKey(Section, verbose_name="目录分表", on_delete=models.CASCADE, related_name="items")
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="items")
    number = models.CharField("序号（原文）", max_length=20, blank=True)
    position = models.PositiveIntegerField("位置", help_text="在目录中的顺序，从 1 起")

    level1 = models.CharField("一级事项", max_length=300, blank=True)
    level2 = models.CharField("二级事项", max_length=300, blank=True)
    level3 = models.CharField("三级事项", max_length=300, blank=True)

    content = models.TextField("公开内容（要素）", blank=True)
    legal_basis_text = models.TextField("公开依据（原文）", blank=True)
    legal_bases = models.ManyToManyField(
        LegalBasis, verbose_name="公开依据", through="ItemLegalBasis", related_name="items", blank=True
    )

    deadline_text = models.TextField("公开时限（原文）", blank=True)
    deadline_kind = models.CharField(
        "时限类型", max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.UNKNOWN
    )
    deadline_days = models.PositiveIntegerField("时限天数", null=True, blank=True)
    deadline_trigger = models.CharField("起算事件", max_length=100, blank=True, help_text="如 信息形成或者变更")
    publicity_days = models.PositiveIntegerField("公示期（工作日）", null=True, blank=True)

    publisher_text = models.TextField("公开主体（原文）", blank=True)
    publishers = models.ManyToManyField(
        Organisation, verbose_name="公开主体", through="ItemPublisher", related_name="items", blank=True
    )
    channel_text = models.TextField("公开渠道和载体（原文）", blank=True)
    channels = models.ManyToManyField(
        Channel, verbose_name="公开渠道和载体", through="ItemChannel", related_name="items", blank=True
    )

    # 公开对象, 公开方式: NULL when the catalogue prints no such column (未注明), False when the
    # column is there and the cell is not ticked. 公开层级: levels_stated says which.
    audience_public = models.BooleanField("公开对象：全社会", null=True, blank=True, help_text=UNSTATED_HELP)
    audience_specific = models.BooleanField("公开对象：特定群众", null=True, blank=True, help_text=UNSTATED_HELP)
    audience_group = models.CharField("特定群众（原文）", max_length=100, blank=True, help_text="如 教师")
    mode_proactive = models.BooleanField("公开方式：主动", null=True, blank=True, help_text=UNSTATED_HELP)
    mode_on_request = models.BooleanField("公开方式：依申请公开", null=True, blank=True, help_text=UNSTATED_HELP)
    levels = models.ManyToManyField(Level, verbose_name="公开层级", related_name="items", blank=True)
    levels_stated = models.BooleanField(
        "公开层级已注明",
        default=True,
        help_text="原目录没有公开层级栏时不勾选：层级未注明，而不是没有层级",
    )
    level_label = models.CharField("公开层级（原文）", max_length=100, blank=True, help_text="如 县级、乡、村级")
    responsible_office = models.CharField("责任科室", max_length=100, blank=True)
    other_info = models.JSONField(
        "其他信息",
        default=list,
        blank=True,
        help_text="原文中没有对应字段的列，逐项为 [表头（原文）, 内容]",
    )

    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    needs_review = models.BooleanField("待复核", default=False)
    review_reasons = models.JSONField("复核原因", default=list, blank=True)
    source_file = models.CharField("来源文件", max_length=200, blank=True)
    source_line = models.PositiveIntegerField("来源行号", null=True, blank=True)
    source_where = models.CharField(
        "原件中的位置", max_length=100, blank=True, help_text="如 第 3 页、表格 1 第 5 行；空白时即来源行号"
    )
    source_text = models.TextField("来源原文", blank=True, help_text="导入时该事项对应的原始行")
    search_text = models.TextField(
        "检索文本",
        blank=True,
        editable=False,
        help_text="事项名称、内容、依据、主体、渠道、科室的合并文本，由 refresh_search_text 维护",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField(
        "撤回时间", null=True, blank=True, help_text="新版目录中已无此项（或人工撤回）时记录；撤回的事项不删除"
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="由此事项取代",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text="撤回后，原网址的说明页链接到这里",
    )
    updated_at = models.DateTimeField("最后修改", null=True, blank=True, help_text="导入后首次人工修改时记录")

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "事项"
        verbose_name_plural = "事项"
        ordering = ["catalogue__position", "catalogue_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "position"], name="item_unique_position"),
        ]
        indexes = [
            models.Index(fields=["status", "domain"], name="item_status_domain"),
            models.Index(fields=["catalogue", "status", "position"], name="item_catalogue_listing"),
            models.Index(fields=["needs_review"], name="item_needs_review"),
            models.Index(fields=["level1"], name="item_level1"),
            models.Index(fields=["level2"], name="item_level2"),
            # an item page's other items of the same 一级事项 in its catalogue, in catalogue order
            # (related_items): through item_catalogue_listing, every item of the catalogue was read
            # when fewer than ten share the name (p95 5.4 ms, max 12.7 ms at 1M items; now 0.1)
            models.Index(fields=["catalogue", "level1", "position"], name="item_catalogue_level1"),
        ]

    def __str__(self):
        names = " / ".join(name for name in (self.level1, self.level2, self.level3) if name)
        return names or f"{self.catalogue} 第{self.position}项"

    def get_absolute_url(self):
        return id_url("catalog:item", self.pk)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ContentElement(models.Model):
    """One 要素 of 公开内容, in printed order."""

    item = models.ForeignKey(
        Item,
        verbose_name="事项",
        on_delete=models.CASCADE,
        related_name="elements",
        db_index=False,  # element_unique_position leads with it
    )
    position = models.PositiveIntegerField("排序")
    text = models.CharField("要素", max_length=500)

    class Meta:
        verbose_name = "公开内容要素"
        verbose_name_plural = "公开内容要素"
        ordering = ["item", "position"]
        constraints = [models.UniqueConstraint(fields=["item", "position"], name="element_unique_position")]

    def __str__(self):
        return self.text


class ItemLegalBasis(models.Model):
    item = models.ForeignKey(
        Item,
        verbose_name="事项",
        on_delete=models.CASCADE,
        related_name="legal_basis_links",
        db_index=False,  # item_legal_basis_unique leads with it
    )
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name="公开依据", on_delete=models.PROTECT, related_name="item_links"
    )
    position = models.PositiveIntegerField("排序")
    printed = models.CharField("原文写法", max_length=300, blank=True)

    class Meta:
        verbose_name = "事项的公开依据"
        verbose_name_plural = "事项的公开依据"
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "legal_basis"], name="item_legal_basis_unique"),
        ]

    def __str__(self):
        return str(self.legal_basis)


class ItemPublisher(models.Model):
    item = models.ForeignKey(
        Item,
        verbose_name="事项",
        on_delete=models.CASCADE,
        related_name="publisher_links",
        db_index=False,  # item_publisher_unique leads with it
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="公开主体", on_delete=models.PROTECT, related_name="item_links"
    )
    position = models.PositiveIntegerField("排序")

    class Meta:
        verbose_name = "事项的公开主体"
        verbose_name_plural = "事项的公开主体"
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "organisation"], name="item_publisher_unique"),
        ]

    def __str__(self):
        return str(self.organisation)


class ItemChannel(models.Model):
    item = models.ForeignKey(
        Item,
        verbose_name="事项",
        on_delete=models.CASCADE,
        related_name="channel_links",
        db_index=False,  # item_channel_by_item and item_channel_unique_position lead with it
    )
    channel = models.ForeignKey(Channel, verbose_name="渠道", on_delete=models.PROTECT, related_name="item_links")
    position = models.PositiveIntegerField("排序")
    detail = models.CharField("原文写法", max_length=300, blank=True, help_text="如 阿尔山市人民政府网站")

    class Meta:
        verbose_name = "事项的公开渠道"
        verbose_name_plural = "事项的公开渠道"
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="item_channel_unique_position"),
        ]
        # The search page's channel facet counts the channels of up to 2,000 items: read from
        # this index alone, not from each link's row (catalog/site/facets.py).
        indexes = [models.Index(fields=["item", "channel"], name="item_channel_by_item")]

    def __str__(self):
        return (
            f"{self.channel}（{self.detail}）"
            if self.detail and self.detail != self.channel.name
            else str(self.channel)
        )
