"""参照目录 and regions' default references: the models' rules and the admin."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from catalog.models import Domain, Reference, RegionReference
from tests.factories import CatalogueFactory, ItemFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def model_catalogue():
    catalogue = CatalogueFactory(title="县级示范目录", slug="model")
    ItemFactory(catalogue=catalogue, domain_slug="shehui-jiuzhu", level1="最低生活保障")
    return catalogue


def test_a_domain_reference_needs_that_domain_in_the_catalogue(model_catalogue):
    other = Domain.objects.exclude(slug="shehui-jiuzhu").first()
    with pytest.raises(ValidationError) as error:
        Reference(catalogue=model_catalogue, domain=other).full_clean()
    assert "没有这个领域" in str(error.value)
    Reference(catalogue=model_catalogue, domain=Domain.objects.get(slug="shehui-jiuzhu")).full_clean()


def test_a_region_default_must_be_a_reference_for_that_domain(model_catalogue):
    jiuzhu = Domain.objects.get(slug="shehui-jiuzhu")
    other = Domain.objects.exclude(slug="shehui-jiuzhu").first()
    region = RegionFactory(name="某县", code="mou-xian")
    section_only = Reference.objects.create(catalogue=model_catalogue, domain=jiuzhu)
    with pytest.raises(ValidationError):
        RegionReference(region=region, domain=other, reference=section_only).full_clean()
    whole = Reference.objects.create(catalogue=model_catalogue)
    with pytest.raises(ValidationError):  # the whole catalogue has no items in that domain
        RegionReference(region=region, domain=other, reference=whole).full_clean()
    RegionReference(region=region, domain=jiuzhu, reference=whole).full_clean()
    assert whole.covers(other) and not section_only.covers(other)


def test_staff_mark_a_reference_and_a_region_default_in_the_admin(client, model_catalogue):
    admin = User.objects.create_superuser("boss", password="pw-for-tests-only")
    client.force_login(admin)
    jiuzhu = Domain.objects.get(slug="shehui-jiuzhu")
    region = RegionFactory(name="某县", code="mou-xian")
    response = client.post(
        "/admin/catalog/reference/add/",
        {
            "catalogue": model_catalogue.pk,
            "domain": jiuzhu.pk,
            "note": "县级示范目录",
            "region_defaults-TOTAL_FORMS": "1",
            "region_defaults-INITIAL_FORMS": "0",
            "region_defaults-0-region": region.pk,
            "region_defaults-0-domain": jiuzhu.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reference = Reference.objects.get()
    assert (reference.catalogue, reference.domain) == (model_catalogue, jiuzhu)
    assert RegionReference.objects.get().reference == reference
    page = client.get("/admin/catalog/reference/")
    assert "县级示范目录" in page.content.decode()
    assert client.get("/admin/catalog/regionreference/").status_code == 200
