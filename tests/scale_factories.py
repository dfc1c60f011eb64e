"""Small factories for items with every kind of linked row (no factory library needed)."""

import itertools

from catalog.models import (
    Catalogue,
    Channel,
    ContentElement,
    Domain,
    Item,
    ItemChannel,
    ItemLegalBasis,
    ItemPublisher,
    LegalBasis,
    Level,
    Organisation,
    Region,
    Section,
)
from catalog.search import refresh_search_text

_counter = itertools.count(1)


def make_catalogue(region_name="阿尔山市", title=None):
    n = next(_counter)
    region = Region.objects.create(code=f"r{n}", name=region_name, level=Region.Level.COUNTY)
    return Catalogue.objects.create(slug=f"c{n}", title=title or f"{region_name}政务公开标准目录", region=region)


def make_item(
    catalogue,
    *,
    level1="社会救助",
    level2="最低生活保障",
    level3="",
    content="办理依据、办理条件",
    laws=("中华人民共和国政府信息公开条例",),
    publishers=("阿尔山市民政局",),
    channels=(("zhengfu-wangzhan", "阿尔山市人民政府网站"),),
    domain=None,
    status=Item.Status.PUBLISHED,
    office="",
    elements=None,
):
    domain = domain or Domain.objects.get(slug="shehui-jiuzhu")
    section, _ = Section.objects.get_or_create(
        catalogue=catalogue, domain=domain, defaults={"position": catalogue.sections.count() + 1}
    )
    position = (catalogue.items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    item = Item.objects.create(
        catalogue=catalogue,
        section=section,
        domain=domain,
        position=position,
        number=str(position),
        level1=level1,
        level2=level2,
        level3=level3,
        content=content,
        legal_basis_text="、".join(f"《{law}》" for law in laws),
        publisher_text="、".join(publishers),
        channel_text="、".join(detail for _, detail in channels),
        status=status,
        responsible_office=office,
    )
    for n, text in enumerate(elements if elements is not None else [p for p in content.split("、") if p], start=1):
        ContentElement.objects.create(item=item, position=n, text=text)
    for n, law in enumerate(laws, start=1):
        ItemLegalBasis.objects.create(item=item, legal_basis=LegalBasis.objects.get_or_create(title=law)[0], position=n)
    for n, name in enumerate(publishers, start=1):
        ItemPublisher.objects.create(
            item=item, organisation=Organisation.objects.get_or_create(name=name)[0], position=n
        )
    for n, (slug, detail) in enumerate(channels, start=1):
        ItemChannel.objects.create(item=item, channel=Channel.objects.get(slug=slug), position=n, detail=detail)
    item.levels.add(Level.objects.get(code="county"))
    refresh_search_text([item.pk])
    item.refresh_from_db()
    return item
