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
