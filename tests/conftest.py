import pytest


@pytest.fixture
def vocabulary(db):
    """The vocabularies the data migration creates (channels, levels, standard domains)."""
    from catalog.models import Channel, Domain, Level

    return {"channels": Channel.objects.all(), "levels": Level.objects.all(), "domains": Domain.objects.all()}


@pytest.fixture
def published_item(db):
    """One published item in a small catalogue (for pages, caches and headers)."""
    from catalog.models import Catalogue, Domain, Item, Region, Section

    region = Region.objects.create(code="test-county", name="测试县", level=Region.Level.COUNTY)
    catalogue = Catalogue.objects.create(slug="test-catalogue", title="测试县政务公开标准目录", region=region)
    domain = Domain.objects.order_by("pk").first()
    section = Section.objects.create(catalogue=catalogue, domain=domain, position=1)
    return Item.objects.create(
        catalogue=catalogue,
        section=section,
        domain=domain,
        position=1,
        level1="最低生活保障",
        content="申请条件、办理流程",
        status=Item.Status.PUBLISHED,
    )
