"""The public pages render with the real seed data (the four source catalogues).

One test, so the seed is loaded once: every region, catalogue and domain page, and a
spread of item, law and publisher pages (all of them would take a minute).
"""

import pytest
from django.core.management import call_command

from catalog.models import Catalogue, Domain, Item, LegalBasis, Organisation, Region


@pytest.mark.django_db
def test_pages_and_searches_work_on_the_seed_data(client):
    call_command("load_seed", verbosity=0)
    assert Catalogue.objects.exists(), "load_seed loaded no catalogue from fixtures/"
    urls = ["/", "/search/", "/laws/", "/publishers/"]
    urls += [region.get_absolute_url() for region in Region.objects.all()]
    for catalogue in Catalogue.objects.all():
        urls.append(catalogue.get_absolute_url())
        domains = Domain.objects.filter(items__catalogue=catalogue).distinct()
        urls += [f"/catalogues/{catalogue.slug}/{domain.slug}/" for domain in domains]
    urls += [domain.get_absolute_url() for domain in Domain.objects.filter(items__isnull=False).distinct()]
    urls += [item.get_absolute_url() for item in Item.objects.published().order_by("pk")[::15]]
    urls += [law.get_absolute_url() for law in LegalBasis.objects.order_by("pk")[::10]]
    urls += [org.get_absolute_url() for org in Organisation.objects.order_by("pk")[::10]]
    failures = [(url, status) for url in urls if (status := client.get(url).status_code) != 200]
    assert failures == []

    for q in ("户", "社会保险", "政府网站 主动"):
        page = client.get("/search/", {"q": q}).context["page"]
        assert page.paginator.count > 0, q
        for item in page.object_list:
            assert all(term in item.search_text for term in q.split())
