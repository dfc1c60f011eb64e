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
from .vocabulary import Domain


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
