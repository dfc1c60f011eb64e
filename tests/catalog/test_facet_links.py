"""FacetLinks: the same query strings as a QueryDict copy with the one parameter changed."""

import random

import pytest
from django.http import QueryDict

from catalog.site.facets import FacetLinks, facet_url


def by_copy(params, name, value) -> str:
    query = params.copy()
    query.pop("page", None)
    if value is None:
        query.pop(name, None)
    else:
        query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


QUERIES = [
    "",
    "page=2",
    "q=低保",
    "q=低保 申请&domain=minzheng&page=3&region=shanxi",
    "region=shanxi&q=%22最低%22+生活&publisher=12&publisher=13&sort=-published",
    "q=a%26b%3Dc&level=county&domain=&mode=unstated",
]


@pytest.mark.parametrize("query", QUERIES)
def test_every_name_and_value_as_a_copy_gives_it(query):
    params = QueryDict(query)
    links = FacetLinks(params)
    for name in ("domain", "region", "publisher", "q", "page", "level", "channel"):
        for value in (None, "", "shehui-jiuzhu", "社会 救助&x=1", "12"):
            assert links.url(name, value) == by_copy(params, name, value) == facet_url(params, name, value)


def test_drawn_parameters():
    rnd = random.Random(5)
    names = ["q", "domain", "region", "publisher", "page", "channel"]
    for _ in range(200):
        params = QueryDict(mutable=True)
        for key in rnd.sample(names, rnd.randint(0, len(names))):
            params.setlist(key, [rnd.choice(["低保", "a b", "x&y", "", "7"]) for _ in range(rnd.randint(1, 2))])
        links = FacetLinks(params)
        for name in names:
            value = rnd.choice([None, "民政", "3"])
            assert links.url(name, value) == by_copy(params, name, value)


@pytest.mark.django_db
def test_facet_names_come_in_the_models_order(vocabulary):
    from catalog.models import Catalogue, Channel, Domain, Level, Organisation
    from catalog.site.facets import _named
    from tests.factories import CatalogueFactory, DomainFactory

    for name in ("乙领域", "甲领域", "B领域", "a领域"):  # one position: the database orders the names
        DomainFactory(name=name, position=5)
    for title, position in (("乙目录", 2), ("甲目录", 2), ("丙目录", 1)):
        CatalogueFactory(title=title, position=position)
    for name in ("乙局", "甲局"):
        Organisation.objects.create(name=name)
    counts = {
        "domain": {pk: 1 for pk in Domain.objects.values_list("pk", flat=True)},
        "catalogue": {pk: 1 for pk in Catalogue.objects.values_list("pk", flat=True)},
        "publisher": {pk: 1 for pk in Organisation.objects.values_list("pk", flat=True)},
        "channel": {pk: 1 for pk in Channel.objects.values_list("pk", flat=True)[:5]},
        "level": {},
    }
    found = _named(counts)
    assert found["domain"] == [
        (d.pk, d.name, d.slug) for d in Domain.objects.filter(pk__in=counts["domain"]).order_by("position", "name")
    ]
    assert found["catalogue"] == [
        (c.pk, c.title, c.slug)
        for c in Catalogue.objects.filter(pk__in=counts["catalogue"]).order_by("position", "title")
    ]
    assert sorted(found["publisher"]) == sorted(
        (o.pk, o.name, None) for o in Organisation.objects.filter(pk__in=counts["publisher"])
    )
    assert found["channel"] == [
        (c.pk, c.name, c.slug) for c in Channel.objects.filter(pk__in=counts["channel"]).order_by("position")
    ]
    assert found["level"] == [] and Level.objects.exists()
