"""A region's subtree: every region below it, read in one statement, once per region instance."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Region
from catalog.models.item import region_with_descendants
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_every_region_below_in_one_statement_once_per_instance():
    top = RegionFactory(level=Region.Level.PROVINCE)
    city = RegionFactory(parent=top, level=Region.Level.CITY)
    county = RegionFactory(parent=city)
    town = RegionFactory(parent=county, level=Region.Level.TOWNSHIP)
    RegionFactory()  # another tree
    with CaptureQueriesContext(connection) as ctx:
        assert region_with_descendants(top) == sorted([top.pk, city.pk, county.pk, town.pk])
        assert region_with_descendants(top) == sorted([top.pk, city.pk, county.pk, town.pk])
    assert len(ctx.captured_queries) == 1  # four levels, one statement; asked again, none
    assert region_with_descendants(town) == [town.pk]

    # what one instance read stays with it (a request's); a region read again sees the change
    village = RegionFactory(parent=town, level=Region.Level.COMMUNITY)
    assert village.pk not in region_with_descendants(top)
    assert village.pk in region_with_descendants(Region.objects.get(pk=top.pk))
