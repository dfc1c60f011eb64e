"""The export links on list pages carry the page's filters: the export is the page's list."""

import html
import re

import pytest

from catalog.models import Domain, LegalBasis, Organisation
from catalog.search.filters import public_items

from .helpers import csv_rows, json_doc


def export_href(page_html: str, fmt: str) -> str:
    hrefs = [html.unescape(h) for h in re.findall(r'href="(/exports/items\.[a-z]+[^"]*)"', page_html)]
    (href,) = [h for h in hrefs if h.startswith(f"/exports/items.{fmt}")]
    return href


def listed(queryset) -> list[int]:
    return list(queryset.in_catalogue_order().values_list("pk", flat=True))


@pytest.mark.parametrize(
    "page, expected",
    [
        (
            "/domains/shehui-jiuzhu/",
            lambda w: listed(public_items().in_domain(Domain.objects.get(slug="shehui-jiuzhu"))),
        ),
        ("/catalogues/chaoyang/", lambda w: listed(public_items().in_catalogue(w.b))),
        (
            "/catalogues/aershan/shehui-jiuzhu/",
            lambda w: listed(public_items().in_catalogue(w.a).in_domain(w.items[0].domain)),
        ),
        ("LAW", lambda w: listed(public_items().filter(legal_basis_links__legal_basis__title="社会救助暂行办法"))),
        ("PUBLISHER", lambda w: listed(public_items().filter(publisher_links__organisation__name="阿尔山市民政局"))),
        ("/search/?q=低保&sort=name&page=1", None),
    ],
)
def test_export_links_on_list_pages_export_that_list(client, world, page, expected):
    if page == "LAW":
        page = f"/laws/{LegalBasis.objects.get(title='社会救助暂行办法').pk}/"
    if page == "PUBLISHER":
        page = f"/publishers/{Organisation.objects.get(name='阿尔山市民政局').pk}/"
    response = client.get(page)
    assert response.status_code == 200
    content = response.content.decode()
    if expected is None:  # the search page: its own result list, in its order
        ids = [int(pk) for pk in re.findall(r'<a href="/items/(\d+)/"', content)]
        ids = list(dict.fromkeys(ids))
    else:
        ids = expected(world)
    assert ids
    csv_href = export_href(content, "csv")
    assert "page=" not in csv_href
    assert [int(row["事项ID"]) for row in csv_rows(client.get(csv_href))] == ids
    assert [record["id"] for record in json_doc(client.get(export_href(content, "json")))["items"]] == ids
