"""The search index: deduplicated text segments and, per item, which segments it has.

National catalogues are copies of a few standard templates, so most texts repeat across
thousands of regions. An item's searchable text is cut, at line boundaries, into four
segments (names, content, the rest of the template, the local part starting at 公开主体);
each distinct (kind, segment) is one SearchDocument, indexed once. The local part names its
region, so it is also cut into fragments at the region's name, each one document shared by
every region (catalog/search/sql/functions.sql). Because a search term never
contains whitespace, it is a substring of Item.search_text exactly when it is a substring
of one of the item's segments, so matching documents and then their items gives exactly
the rows `search_text__icontains` gives.

On PostgreSQL the migration adds `grams` (distinct upper-cased characters and character
pairs, a stored generated column) with a GIN index, and statement triggers on catalog_item
that re-index every inserted or updated row (catalog/search/postgres.py). SQLite keeps
the simple backend and leaves these tables empty.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class SearchDocument(models.Model):
    class Kind(models.IntegerChoices):
        NAMES = 0, "事项名称"
        CONTENT = 1, "公开内容"
        TEMPLATE = 2, "其他模板文本"
        LOCAL = 3, "公开主体及渠道"
        FRAGMENT = 4, "公开主体及渠道片段"

    digest = models.UUIDField("文本摘要", unique=True, help_text="md5(kind || text)，用于去重")
    kind = models.PositiveSmallIntegerField("段落类型", choices=Kind.choices)
    text = models.TextField("文本")

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"

    def __str__(self):
        return self.text[:50]


class SearchEntry(models.Model):
    """One row per item: its four segments (null when empty)."""

    item = models.OneToOneField(
        "catalog.Item",
        verbose_name="事项",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
        db_constraint=False,  # PostgreSQL: the migration adds the constraint with ON DELETE CASCADE
    )
    names = models.ForeignKey(
        SearchDocument, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    content = models.ForeignKey(
        SearchDocument, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    template = models.ForeignKey(
        SearchDocument, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    local = models.ForeignKey(
        SearchDocument, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    # The local part's lines cut at the region's name (kind 4 documents, shared by every region:
    # 政府网站, 人民政府, 民政局): bigint[] with a GIN index on PostgreSQL (sql/indexes.sql);
    # SQLite accepts the column type and leaves it empty like the rest of these tables.
    local_fragments = ArrayField(models.BigIntegerField(), verbose_name="公开主体及渠道片段", null=True)
    # Copied from the item by the index triggers (PostgreSQL), so that a search over all
    # published items, or one domain's, is counted and ranked from this table alone.
    published = models.BooleanField("已发布", default=False)
    # Indexed: a frequent term searched within one domain is then read from the domain's entries.
    # Without it PostgreSQL read all 1M entries at 1M items to keep 义务教育's 11,523 holding 民政
    # (the relaxed retry of 公共 民政 信息 there: its count and its first page, 128 and 146 ms;
    # with it 23 and 26 ms; 6.8 MB, built in 0.5 s).
    domain = models.ForeignKey(
        "catalog.Domain", null=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    catalogue = models.ForeignKey(
        "catalog.Catalogue",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    position = models.PositiveIntegerField("位置", null=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"

    def __str__(self):
        return f"检索条目 {self.item_id}"


class SearchDocumentDomain(models.Model):
    """Which documents occur in items of which domain, so that a search within one domain
    looks only at that domain's documents (catalog/search/postgres.py).

    Templates belong to domains: 保 occurs in thousands of 社会保险 documents and in none
    of 农村危房改造's. PostgreSQL's planner assumes a term and a domain independent and,
    searching 保 within 农村危房改造, scans a million rows to find nothing; restricted to
    the domain's documents it looks up a handful. Pairs are only ever added (by the index
    triggers): a pair whose items moved away costs a little time, never a wrong result.
    """

    # Two lookups: a domain's documents (the unique (domain, document) index), and the domains
    # of a term's documents (the (document, domain) index: catalog/search/postgres.py
    # disjoint_domains proves two terms found in no common domain, and so in no common item).
    domain = models.ForeignKey(
        "catalog.Domain", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )

    class Meta:
        verbose_name = "检索文档所属领域"
        verbose_name_plural = "检索文档所属领域"
        constraints = [models.UniqueConstraint(fields=["domain", "document"], name="search_document_domain_unique")]
        indexes = [models.Index(fields=["document", "domain"], name="search_document_domains")]

    def __str__(self):
        return f"{self.domain_id}:{self.document_id}"
