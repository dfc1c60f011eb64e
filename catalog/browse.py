"""Read-side helpers for the public pages: the region tree, counts and related items.

Every item list goes through `public_items()` (published only), so no page can show a
draft. Counts are single GROUP BY queries.
"""
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q

from .filters import public_items
from .models import Catalogue, Domain, Item, ItemLegalBasis, LegalBasis, Organisation, Region

PUBLISHED = Q(items__status=Item.Status.PUBLISHED)


class RegionTree:
    """All regions, loaded once (there are few), with parent/child walks done in memory."""

    def __init__(self):
        self.regions = {region.pk: region for region in Region.objects.order_by("code")}
        self.children = {}
        for region in self.regions.values():
            self.children.setdefault(region.parent_id, []).append(region)

    def ancestors(self, region) -> list[Region]:
        chain, parent_id = [], region.parent_id
        while parent_id is not None and parent_id in self.regions:
            chain.append(self.regions[parent_id])
            parent_id = self.regions[parent_id].parent_id
        return list(reversed(chain))

    def path(self, region) -> list[Region]:
        return [*self.ancestors(region), region]

    def descendant_ids(self, region) -> list[int]:
        ids, frontier = [region.pk], [region]
        while frontier:
            frontier = [child for node in frontier for child in self.children.get(node.pk, [])]
            ids.extend(child.pk for child in frontier)
        return ids

    def roots(self) -> list[Region]:
        return self.children.get(None, [])

    def nested(self, catalogues) -> list[dict]:
        """The branches of the tree that hold catalogues: [{region, catalogues, children}]."""
        by_region = {}
        for catalogue in catalogues:
            by_region.setdefault(catalogue.region_id, []).append(catalogue)

        def build(region):
            children = [node for child in self.children.get(region.pk, []) if (node := build(child))]
            here = by_region.get(region.pk, [])
            return {"region": region, "catalogues": here, "children": children} if here or children else None

        return [node for root in self.roots() if (node := build(root))]


def catalogues_with_counts(**lookups):
    return (
        Catalogue.objects.filter(**lookups)
        .select_related("region")
        .annotate(item_count=Count("items", filter=PUBLISHED))
        .order_by("position", "title", "pk")
    )


def domains_with_counts(**item_lookups):
    """Domains that have published items matching `item_lookups`, with their counts."""
    lookups = {f"items__{key}": value for key, value in item_lookups.items()}
    return (
        Domain.objects.filter(items__status=Item.Status.PUBLISHED, **lookups)
        .annotate(item_count=Count("items"))
        .order_by("position", "name", "pk")
    )


def legal_bases_with_counts():
    return (
        LegalBasis.objects.annotate(item_count=Count("items", filter=PUBLISHED))
        .filter(item_count__gt=0)
        .order_by("-item_count", "title", "pk")
    )


def publishers_with_counts():
    return (
        Organisation.objects.select_related("region")
        .annotate(item_count=Count("items", filter=PUBLISHED))
        .filter(item_count__gt=0)
        .order_by("-item_count", "name", "pk")
    )


def related_items(item, limit=10):
    """(same 一级事项 in the same catalogue, other items citing one of the same laws)."""
    base = public_items().exclude(pk=item.pk).select_related("catalogue", "domain")
    same_level1 = []
    if item.level1:
        same_level1 = list(base.filter(catalogue=item.catalogue_id, level1=item.level1).in_catalogue_order()[:limit])
    law_ids = [link.legal_basis_id for link in item.legal_basis_links.all()]
    same_law = []
    if law_ids:
        cites = ItemLegalBasis.objects.filter(item=OuterRef("pk"), legal_basis__in=law_ids)
        exclude = [other.pk for other in same_level1]
        same_law = list(base.filter(Exists(cites)).exclude(pk__in=exclude).in_catalogue_order()[:limit])
    return same_level1, same_law


def paginate(request, queryset, per_page):
    """The requested page; a missing, invalid or out-of-range number gives the first or last page."""
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.window = page_window(page)
    return page


def page_window(page, around=2) -> list[int | None]:
    """Page numbers to link to: first, last and a few around the current one; None for a gap."""
    last, current = page.paginator.num_pages, page.number
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    window, previous = [], 0
    for number in shown:
        if number - previous > 1:
            window.append(None)
        window.append(number)
        previous = number
    return window
