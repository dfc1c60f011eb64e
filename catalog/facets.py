"""Facet counts for the current result set, each value linking to the narrowed URL.

Seven queries whatever the result size: the matching ids (at most FACET_LIMIT), then one
GROUP BY each for domain, catalogue, publisher, channel and level over those ids, and one
aggregate for audience and mode together.
Counts are of distinct items (an item may list one channel twice).
"""
from dataclasses import dataclass, field

from django.db.models import Count, Q

from .filters import Audience, Mode
from .models import Item, ItemChannel, ItemPublisher, Organisation
from .search.plan import SearchPlan

PUBLISHER_LIMIT = 15
# Facets are counted for result sets up to this size; larger ones are narrowed first.
FACET_LIMIT = 2_000


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    url: str = ""
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    more: bool = False  # True when only the largest values are shown


def compute_facets(queryset, params) -> list[Facet]:
    """Facets of `queryset` (already filtered); `params` is the current QueryDict for the links.

    The matching ids are fetched once (at most FACET_LIMIT; a larger result gets no facets)
    and every count is taken over them: a search is not evaluated again for each facet.
    """
    plan = SearchPlan.of(queryset)
    if plan:
        ids = plan.matching_ids(FACET_LIMIT)
    else:
        ids = list(queryset.order_by().values_list("pk", flat=True)[: FACET_LIMIT + 1])
    if not ids or len(ids) > FACET_LIMIT:
        return []
    base = Item.objects.filter(pk__in=ids).order_by()
    facets = [
        _facet(
            "domain", "领域",
            base.values_list("domain__slug", "domain__name").annotate(n=Count("pk")).order_by("domain__position", "domain__name"),
        ),
        _facet(
            "catalogue", "目录",
            base.values_list("catalogue__slug", "catalogue__title").annotate(n=Count("pk"))
            .order_by("catalogue__position", "catalogue__title"),
        ),
    ]
    # Grouped by id first, named after: joining 100,000 organisations before grouping is what
    # the planner otherwise does.
    publisher_counts = dict(
        ItemPublisher.objects.filter(item_id__in=ids).values_list("organisation_id")
        .annotate(n=Count("item", distinct=True)).order_by()
    )
    names = dict(Organisation.objects.filter(pk__in=publisher_counts).values_list("pk", "name"))
    publishers = sorted(
        ((pk, names[pk], n) for pk, n in publisher_counts.items()), key=lambda row: (-row[2], row[1])
    )[: PUBLISHER_LIMIT + 1]
    publisher_facet = _facet("publisher", "公开主体", publishers[:PUBLISHER_LIMIT])
    publisher_facet.more = len(publishers) > PUBLISHER_LIMIT
    facets.append(publisher_facet)
    facets.append(
        _facet(
            "channel", "公开渠道",
            ItemChannel.objects.filter(item_id__in=ids).values_list("channel__slug", "channel__name")
            .annotate(n=Count("item", distinct=True)).order_by("channel__position"),
        )
    )
    flags = base.aggregate(
        **{f"audience_{key}": Count("pk", filter=Q(**{column: True})) for key, column in Audience.fields.items()},
        **{f"mode_{key}": Count("pk", filter=Q(**{column: True})) for key, column in Mode.fields.items()},
    )
    for name, label, choices in (("audience", "公开对象", Audience.choices), ("mode", "公开方式", Mode.choices)):
        facets.append(_facet(name, label, [(key, text, flags[f"{name}_{key}"]) for key, text in choices]))
    facets.append(
        _facet(
            "level", "公开层级",
            Item.levels.through.objects.filter(item_id__in=ids).values_list("level__code", "level__name")
            .annotate(n=Count("item", distinct=True)).order_by("level__position"),
        )
    )
    for facet in facets:
        current = params.get(facet.name, "")
        for value in facet.values:
            value.selected = value.value == current
            value.url = facet_url(params, facet.name, None if value.selected else value.value)
    return [facet for facet in facets if facet.values]


def _facet(name, label, rows) -> Facet:
    return Facet(name, label, [FacetValue(str(value), str(text), n) for value, text, n in rows if n])


def facet_url(params, name, value) -> str:
    """The current query string with `name` set to `value` (or removed), back on page 1."""
    query = params.copy()
    query.pop("page", None)
    if value is None:
        query.pop(name, None)
    else:
        query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
