"""Small builders for the citizen-feature tests (vocabularies come from the migrations)."""

from itertools import count

import pytest

from catalog.models import Catalogue, Channel, Domain, Item, ItemChannel, Level, Region, Section
from catalog.search import refresh_search_text

_seq = count(1)


def make_catalogue(title="阿尔山市基层政务公开标准目录", region=None, **fields):
    n = next(_seq)
    region = region or Region.objects.create(name=f"测试区划{n}", code=f"test-region-{n}", level=Region.Level.COUNTY)
    return Catalogue.objects.create(title=title, slug=f"test-catalogue-{n}", region=region, position=n, **fields)


def make_item(catalogue, *, domain="shehui-jiuzhu", status=Item.Status.PUBLISHED, channels=(), levels=(), **fields):
    dom = Domain.objects.get(slug=domain)
    section = Section.objects.filter(catalogue=catalogue, domain=dom).first() or Section.objects.create(
        catalogue=catalogue,
        domain=dom,
        position=Section.objects.filter(catalogue=catalogue).count() + 1,
        heading=dom.name,
    )
    position = Item.objects.filter(catalogue=catalogue).count() + 1
    item = Item.objects.create(
        catalogue=catalogue,
        section=section,
        domain=dom,
        position=position,
        number=str(position),
        status=status,
        **fields,
    )
    for i, slug in enumerate(channels, 1):
        ItemChannel.objects.create(item=item, channel=Channel.objects.get(slug=slug), position=i)
    for code in levels:
        item.levels.add(Level.objects.get(code=code))
    refresh_search_text([item.pk])
    item.refresh_from_db()
    return item


@pytest.fixture
def catalogue(db):
    return make_catalogue()
