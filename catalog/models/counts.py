"""Published items per catalogue and domain: a summary the pages count from.

The home, region, catalogue and domain pages show how many published items each domain,
catalogue or region holds. Counted from catalog_item, those are GROUP BYs over up to a
million rows on every uncached request; one row per (catalogue, domain) here answers them
from at most a few hundred thousand small rows, and usually from a few dozen.

Database triggers on catalog_item keep it current in the writing transaction itself, on
PostgreSQL and on SQLite alike (migration 0014), whatever writes the items: a save, an
import, `QuerySet.update`, COPY, raw SQL. Nothing in Python maintains it; nothing expires.
A row whose count fell to 0 stays (with 0): read through `PublishedCount.objects.held()`.
"""

from django.db import models

from .catalogue import Catalogue
from .vocabulary import Domain, LegalBasis, Organisation, Region


class PublishedCountQuerySet(models.QuerySet):
    def held(self):
        """Rows with at least one published item."""
        return self.filter(items__gt=0)


class PublishedCount(models.Model):
    catalogue = models.ForeignKey(
        Catalogue,
        verbose_name="目录",
        on_delete=models.CASCADE,
        related_name="published_counts",
        db_index=False,  # published_count_unique leads with it
    )
    domain = models.ForeignKey(
        Domain,
        verbose_name="领域",
        on_delete=models.CASCADE,
        related_name="published_counts",
        db_index=False,  # published_count_by_domain leads with it
    )
    items = models.IntegerField("已发布事项数", default=0)

    objects = PublishedCountQuerySet.as_manager()

    class Meta:
        verbose_name = "已发布事项数"
        verbose_name_plural = "已发布事项数"
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "domain"], name="published_count_unique"),
        ]
        indexes = [
            models.Index(fields=["domain", "catalogue", "items"], name="published_count_by_domain"),
            # The home page's two sums over every row (the catalogues with published items, the
            # items of each domain) read these index-only, in order: half the time of a scan
            # and a hash of the table (7 against 15 ms each at 1M items).
            models.Index(fields=["catalogue"], condition=models.Q(items__gt=0), name="published_count_held"),
            models.Index(
                fields=["domain", "items"], condition=models.Q(items__gt=0), name="published_count_held_domain"
            ),
        ]

    def __str__(self):
        return f"{self.catalogue} · {self.domain}: {self.items}"


class RegionCountQuerySet(models.QuerySet):
    def by_domain(self):
        """The rows of single domains that hold published items."""
        return self.filter(domain__isnull=False, items__gt=0)

    def totals(self):
        """The rows of every domain together (one per region)."""
        return self.filter(domain=None)

    def of_top_regions(self):
        """The rows of the regions without a parent, whose sums are the whole country's (the tops
        as a subquery: `region__parent=None` left-joins every region to test it)."""
        return self.filter(region__in=Region.objects.filter(parent=None).values("pk"))


class RegionCount(models.Model):
    """Published items in a region and every region below it, per domain: PublishedCount summed
    up the region tree, so that a province's or the country's counts are a few rows.

    Each (catalogue, domain) row of PublishedCount counts in its catalogue's region and in every
    region above it. A row with a domain says how many published items of that domain, and in
    how many catalogues, the region holds; the row without one says so for all domains together.
    Kept, like PublishedCount, by database triggers (migration 0022, which says how), on
    catalog_publishedcount, on a catalogue's region and on a region's parent, in the writing
    transaction; nothing in Python maintains it. Rows whose counts fell to 0 stay.
    """

    region = models.ForeignKey(
        Region,
        verbose_name="行政区划",
        on_delete=models.CASCADE,
        related_name="published_counts",
        db_index=False,  # the unique constraints lead with it
    )
    domain = models.ForeignKey(
        Domain,
        verbose_name="领域",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="region_counts",
        help_text="空：所有领域合计",
    )
    items = models.IntegerField("已发布事项数", default=0)
    catalogues = models.IntegerField("含已发布事项的目录数", default=0)
    # rows for all domains: the catalogues of the region itself, not of those below it (what
    # the triggers recount when a catalogue may have started or stopped holding items)
    own_catalogues = models.IntegerField("本区划（不含下级）含已发布事项的目录数", default=0)

    objects = RegionCountQuerySet.as_manager()

    class Meta:
        verbose_name = "区划已发布事项数"
        verbose_name_plural = "区划已发布事项数"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "domain"], condition=models.Q(domain__isnull=False), name="region_count_unique"
            ),
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(domain__isnull=True), name="region_count_total_unique"
            ),
        ]

    def __str__(self):
        return f"{self.region} · {self.domain or '合计'}: {self.items}"


class LegalBasisCount(models.Model):
    """Published items per (law, catalogue): what the law page and the law index count and page
    from (catalog.site.browse), instead of the items' links (767,000 links of one law at 1M
    items). Kept by database triggers on catalog_itemlegalbasis and catalog_item (migration
    0029), in the writing transaction, as PublishedCount is; rows whose count fell to 0 stay."""

    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name="公开依据",
        on_delete=models.CASCADE,
        related_name="published_counts",
        db_index=False,  # legal_basis_count_unique leads with it
    )
    catalogue = models.ForeignKey(
        Catalogue, verbose_name="目录", on_delete=models.CASCADE, related_name="legal_basis_counts"
    )
    items = models.IntegerField("已发布事项数", default=0)

    objects = PublishedCountQuerySet.as_manager()

    class Meta:
        verbose_name = "公开依据的已发布事项数"
        verbose_name_plural = "公开依据的已发布事项数"
        constraints = [
            models.UniqueConstraint(fields=["legal_basis", "catalogue"], name="legal_basis_count_unique"),
        ]
        # a law's catalogues and counts read from the index alone (7 against 14 ms for the most
        # cited law's 11,000 catalogues at 1M items)
        indexes = [models.Index(fields=["legal_basis", "catalogue", "items"], name="legal_basis_count_listing")]

    def __str__(self):
        return f"{self.legal_basis} · {self.catalogue}: {self.items}"


class PublisherCount(models.Model):
    """Published items per (publisher, catalogue): LegalBasisCount's counterpart for the
    publisher page and the publisher index, kept the same way (migration 0029)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="公开主体",
        on_delete=models.CASCADE,
        related_name="published_counts",
        db_index=False,  # publisher_count_unique leads with it
    )
    catalogue = models.ForeignKey(
        Catalogue, verbose_name="目录", on_delete=models.CASCADE, related_name="publisher_counts"
    )
    items = models.IntegerField("已发布事项数", default=0)

    objects = PublishedCountQuerySet.as_manager()

    class Meta:
        verbose_name = "公开主体的已发布事项数"
        verbose_name_plural = "公开主体的已发布事项数"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "catalogue"], name="publisher_count_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.catalogue}: {self.items}"


class PublisherTotal(models.Model):
    """Published items per publisher: PublisherCount summed over the catalogues, with the
    publisher's name beside it, so that an index serves the publisher index's order (most items
    first, then by name) and any page of it is read from that index, instead of summing and
    sorting the 114,000 publishers of a million items on every uncached request (260 ms).

    Kept by database triggers (migration 0030) on catalog_publishercount and on a publisher's
    name, in the writing transaction, as PublisherCount is; rows whose count fell to 0 stay."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name="公开主体",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="published_total",
    )
    name = models.CharField("名称", max_length=200)  # the publisher's, copied by the triggers
    items = models.IntegerField("已发布事项数", default=0)

    objects = PublishedCountQuerySet.as_manager()

    class Meta:
        verbose_name = "公开主体的已发布事项总数"
        verbose_name_plural = "公开主体的已发布事项总数"
        indexes = [
            models.Index(
                fields=["-items", "name", "organisation"],
                condition=models.Q(items__gt=0),
                name="publisher_total_listing",
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.items}"


class LegalBasisTotal(models.Model):
    """Published items per law: LegalBasisCount summed over the catalogues, with the law's title
    beside it, PublisherTotal's counterpart for the law index (summed from LegalBasisCount's
    309,000 rows at 1M items and sorted: 71 ms). Kept the same way (migration 0032)."""

    legal_basis = models.OneToOneField(
        LegalBasis,
        verbose_name="公开依据",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="published_total",
    )
    title = models.CharField("规范名称", max_length=300)  # the law's, copied by the triggers
    items = models.IntegerField("已发布事项数", default=0)

    objects = PublishedCountQuerySet.as_manager()

    class Meta:
        verbose_name = "公开依据的已发布事项总数"
        verbose_name_plural = "公开依据的已发布事项总数"
        indexes = [
            models.Index(
                fields=["-items", "title", "legal_basis"],
                condition=models.Q(items__gt=0),
                name="legal_basis_total_listing",
            )
        ]

    def __str__(self):
        return f"{self.legal_basis}: {self.items}"
