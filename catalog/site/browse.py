"""Read-side helpers for the public pages: region paths, counts and related items.

Every item list goes through `public_items()` (published only), so no page can show a
draft. At national scale (a million items, 14,000 regions, 10,000 catalogues) no page loads
a whole table: regions come as one region's ancestors or children, catalogue lists are cut
to LIST_LIMIT before anything is counted, and counts of published items by catalogue and
domain are read from `PublishedCount`, by region and domain from `RegionCount`, by law and by
publisher from `LegalBasisCount` and `PublisherCount` and their totals (`LegalBasisTotal`,
`PublisherTotal`; all kept by triggers), never counted from the items.
"""

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from catalog.models import (
    Catalogue,
    Domain,
    Item,
    LegalBasis,
    LegalBasisCount,
    LegalBasisTotal,
    Organisation,
    PublishedCount,
    PublisherCount,
    PublisherTotal,
    Region,
    RegionCount,
)
from catalog.models.item import TABLE_LINKS, load_links
from catalog.search.filters import public_catalogues, public_items

# Regions nest province > city > county > township > community: following `parent` this many
# times reaches the top, so one select_related query brings a region with all its ancestors.
ANCESTORS = "parent__parent__parent__parent"
# Lists that would run to thousands of rows at national scale show this many, then link on.
LIST_LIMIT = 30


def with_ancestors(field: str) -> str:
    """The select_related path that loads `field` (a Region foreign key) with its ancestors."""
    return f"{field}__{ANCESTORS}"


def region_path(region) -> list[Region]:
    """From the top of the tree down to `region` (no queries when loaded `with_ancestors`)."""
    return [*region.ancestors(), region]


def region_by_code(code):
    return Region.objects.select_related(ANCESTORS).filter(code=code).first()


def top_regions():
    """Regions without a parent, with how many regions sit directly below each (counted for
    each top through the parent index: joining the 14,000 regions to group them read them all)."""
    children = Region.objects.filter(parent=OuterRef("pk")).order_by().values("parent").annotate(n=Count("pk"))
    return (
        Region.objects.filter(parent=None)
        .annotate(child_count=Coalesce(Subquery(children.values("n")), 0))
        .order_by("code")
    )


def child_regions(region):
    return Region.objects.filter(parent=region).order_by("code")


# What a catalogue table (templates/catalog/_catalogue_table.html) shows of a catalogue: its
# other columns (the scope, provenance and metadata texts) are not read for a list.
LISTED_CATALOGUE = ("slug", "title", "region", "issued_date", "issued_date_precision", "position")


def first_catalogues(catalogues) -> tuple[list[Catalogue], bool]:
    """(the first LIST_LIMIT of `catalogues` in catalogue order, each with `item_count`;
    whether there are more), in one statement and one for their regions.

    The item counts are summed for the rows kept only: PostgreSQL evaluates such a subquery
    after the sort and limit."""
    limit = LIST_LIMIT
    items = (
        PublishedCount.objects.filter(catalogue=OuterRef("pk"))
        .order_by()
        .values("catalogue")
        .annotate(n=Sum("items"))
        .values("n")
    )
    # prefetch, not select_related: joining every catalogue's region before the sort costs more
    # than the sort itself at 10,000 catalogues
    found = list(
        catalogues.only(*LISTED_CATALOGUE)
        .prefetch_related(Prefetch("region", Region.objects.only("code", "name")))
        .annotate(item_count=Coalesce(Subquery(items), 0))
        .order_by("position", "title", "pk")[: limit + 1]
    )
    return found[:limit], len(found) > limit


def home_overview() -> dict:
    """What the home page lists: the tops of the region trees, the first catalogues (and how
    many there are in all), and every domain with its count of published items."""
    catalogues, more = first_catalogues(public_catalogues())
    return {
        "top_regions": list(top_regions()),
        "catalogues": catalogues,
        # the catalogues with published items: public_catalogues(), counted from the tops of the
        # region trees (at 1M items, the distinct catalogues of PublishedCount's 65,000 rows
        # took 6-12 ms, the sum over the tops' rows takes under 1)
        "catalogue_total": RegionCount.objects.totals()
        .of_top_regions()
        .aggregate(n=Coalesce(Sum("catalogues"), 0))["n"]
        if more
        else len(catalogues),
        "domains": domains_in_region(None),
    }


def catalogue_counts(rows) -> list[tuple[int, int]]:
    """(catalogue id, published items) for each catalogue holding any, in catalogue order, from
    `rows`: the PublishedCount rows of one domain, or the LegalBasisCount rows of one law, or the
    PublisherCount rows of one publisher. `ItemsByCatalogue` pages the items from them."""
    return list(rows.held().order_by("catalogue__position", "catalogue_id").values_list("catalogue_id", "items"))


def catalogue_counts_in_domain(domain) -> list[tuple[int, int]]:
    return catalogue_counts(PublishedCount.objects.filter(domain=domain))


def catalogue_counts_of_law(law) -> list[tuple[int, int]]:
    return catalogue_counts(LegalBasisCount.objects.filter(legal_basis=law))


def catalogue_counts_of_publisher(organisation) -> list[tuple[int, int]]:
    return catalogue_counts(PublisherCount.objects.filter(organisation=organisation))


class ItemsByCatalogue:
    """The items of `items` (one domain's, law's or publisher's, in catalogue order) as a sequence
    a Paginator can page.

    `counts` (see catalogue_counts_in_domain) says which few catalogues hold a slice, so a page
    reads only their items, through the (catalogue, status, position) index, and the count is
    exact without counting the domain again.
    """

    def __init__(self, items, counts: list[tuple[int, int]]):
        self.items, self.counts = items, counts

    def count(self) -> int:
        return sum(n for _catalogue, n in self.counts)

    def __len__(self):
        return self.count()

    def __getitem__(self, key: slice):
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        holding, first, offset = [], None, 0
        for catalogue_id, n in self.counts:
            if offset + n > start and offset < stop:
                holding.append(catalogue_id)
                first = offset if first is None else first
            offset += n
            if offset >= stop:
                break
        if not holding:
            return []
        return list(self.items.filter(catalogue_id__in=holding)[start - first : stop - first])


def objects_with_counts(queryset, counts: list[tuple[int, int]]) -> list:
    """The objects of `counts` (pk, item count) from `queryset`, in that order, with `item_count` set."""
    found = queryset.in_bulk([pk for pk, _n in counts])
    objects = []
    for pk, n in counts:
        if pk in found:
            found[pk].item_count = n
            objects.append(found[pk])
    return objects


def catalogues_by_id(counts: list[tuple[int, int]]) -> list[Catalogue]:
    return objects_with_counts(Catalogue.objects.select_related("region"), counts)


def domains_with_counts(catalogues) -> list[Domain]:
    """Domains that have published items in `catalogues` (ids or a values("pk") query), each
    with `item_count`, from PublishedCount."""
    rows = PublishedCount.objects.held().filter(catalogue__in=catalogues)
    counts = dict(rows.order_by().values_list("domain").annotate(n=Sum("items")))
    return with_item_counts(Domain.objects.filter(pk__in=counts).order_by("position", "name", "pk"), counts)


def domains_in_region(region) -> list[Domain]:
    """Domains that have published items in `region` and the regions below it (None: the whole
    country), each with `item_count`, from RegionCount: the region's own rows (a province's are
    summed already), or the rows of the tops of the region trees."""
    rows = RegionCount.objects.by_domain()
    rows = rows.of_top_regions() if region is None else rows.filter(region=region)
    counts = dict(rows.order_by().values_list("domain").annotate(n=Sum("items")))
    return with_item_counts(Domain.objects.filter(pk__in=counts).order_by("position", "name", "pk"), counts)


def with_item_counts(objects, counts: dict[int, int]) -> list:
    """`objects` as a list, each with `item_count` from `counts` (pk: count)."""
    objects = list(objects)
    for obj in objects:
        obj.item_count = counts[obj.pk]
    return objects


class RankedIndex:
    """Laws or publishers of published items, most items first, then by title or name, as a
    sequence for a Paginator: its length counted, and a page read as one statement, the page's
    rows of `totals` (LegalBasisTotal or PublisherTotal) from their index, whose order it is,
    with the objects they count (from `objects`), each with `item_count`. Summed from the
    per-catalogue counts and sorted instead, the publisher index took 260 ms at 1M items (114,000
    publishers), the law index 71 (309,000 rows of LegalBasisCount)."""

    def __init__(self, totals, objects, key, name):
        self.rows = totals.objects.held().order_by("-items", name, key)
        self.objects, self.key, self.name = objects, key, name

    def count(self):
        return self.rows.count()

    __len__ = count

    def __getitem__(self, window):
        return list(
            self.objects.filter(pk__in=self.rows[window].values(self.key))
            .annotate(item_count=F("published_total__items"))
            .order_by("-item_count", f"published_total__{self.name}", "pk")
        )


def law_index() -> RankedIndex:
    return RankedIndex(LegalBasisTotal, LegalBasis.objects.all(), "legal_basis", "title")


def publisher_index() -> RankedIndex:
    return RankedIndex(PublisherTotal, Organisation.objects.select_related("region"), "organisation", "name")


def item_for_page(pk):
    """The published item `pk` with everything its page shows (None when there is none): one
    query for the item, its catalogue and its domain (the page shows nothing of its section),
    one for its elements, laws, publishers, channels, levels and its catalogue's region with
    the regions above it (load_links)."""
    found = (
        public_items()
        .select_related("catalogue", "domain")
        .defer("search_text")
        .filter(pk=pk)
        # one row at most: no ORDER BY (the list order would join; Django takes 0.4 of the
        # 1.4 ms it spends building this statement on compiling even ORDER BY id)
        .order_by()[:1]
    )
    current = next(iter(found), None)
    load_links([current], region_path=True)
    return current


def paginate(request, queryset, per_page, paginator_class=Paginator, **options):
    """The requested page; a missing, invalid or out-of-range number gives the first or last page.

    With catalog.search.paging.SearchPaginator (`options`: its `plan`) the count stops at its
    cap, and so do the pages.
    """
    paginator = paginator_class(queryset, per_page, **options)
    page = paginator.get_page(request.GET.get("page"))
    page.window = page_window(page)
    return page


def paginate_table(request, items, per_page):
    """The requested page of an official table (`items`: a for_table() query or sequence),
    its rows loaded with their laws, publishers, channels and levels (one statement)."""
    page = paginate(request, items, per_page)
    page.object_list = list(page.object_list)
    load_links(page.object_list, TABLE_LINKS)
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


# Changes a citizen may see: of items that are or were public (a draft's changes stay staff's).
PUBLIC_CHANGE = Q(item__status__in=[Item.Status.PUBLISHED, Item.Status.WITHDRAWN])


def editions_with_changes(catalogue):
    """The catalogue's editions, newest first, each with `public_changes` (added, changed,
    withdrawn, in that order) loaded with their items."""
    from catalog.models import ItemChange

    changes = ItemChange.objects.filter(PUBLIC_CHANGE).select_related("item").order_by("kind", "pk")
    return list(
        catalogue.editions.order_by("-imported_at", "-pk").prefetch_related(
            Prefetch("changes", queryset=changes, to_attr="public_changes")
        )
    )


def recent_changes(catalogue=None, limit: int = 50):
    """The latest public changes (every catalogue, or one), newest first: the changes feed."""
    from catalog.models import ItemChange

    changes = ItemChange.objects.filter(PUBLIC_CHANGE)
    if catalogue is not None:
        changes = changes.filter(edition__catalogue=catalogue)
    return changes.select_related("item", "edition", "edition__catalogue").order_by("-recorded_at", "-pk")[:limit]


def withdrawal_edition(item):
    """The edition that withdrew `item` (None when it was withdrawn by hand)."""
    from catalog.models import ItemChange

    change = (
        ItemChange.objects.filter(item=item, kind=ItemChange.Kind.WITHDRAWN)
        .select_related("edition")
        .order_by("-recorded_at", "-pk")
        .first()
    )
    return change.edition if change else None
