"""Small factories for portal tests (plain functions; the vocabularies come from migrations)."""

from itertools import count

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

_seq = count(1)


def make_region(name="阿尔山市", code=None, level=Region.Level.COUNTY, parent=None):
    return Region.objects.create(name=name, code=code or f"region-{next(_seq)}", level=level, parent=parent)


def make_catalogue(title="阿尔山市基层政务公开标准目录", region=None, slug=None, **fields):
    n = next(_seq)
    return Catalogue.objects.create(
        title=title, slug=slug or f"catalogue-{n}", region=region or make_region(code=f"r-{n}"), position=n, **fields
    )


def domain(slug="shehui-jiuzhu"):
    return Domain.objects.get(slug=slug)


def channel(slug="zhengfu-wangzhan"):
    return Channel.objects.get(slug=slug)


def level(code="county"):
    return Level.objects.get(code=code)


def section_for(catalogue, dom):
    section = Section.objects.filter(catalogue=catalogue, domain=dom).first()
    if section is None:
        position = Section.objects.filter(catalogue=catalogue).count() + 1
        section = Section.objects.create(catalogue=catalogue, domain=dom, position=position, heading=dom.name)
    return section


def make_item(
    catalogue,
    *,
    domain_slug="shehui-jiuzhu",
    status=Item.Status.PUBLISHED,
    laws=(),
    publishers=(),
    channels=(),
    levels=(),
    elements=(),
    **fields,
):
    """An item with its links; `laws`/`publishers` are names, `channels` (slug, detail) pairs."""
    dom = domain(domain_slug)
    position = (
        Item.objects.filter(catalogue=catalogue).order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    fields.setdefault("number", str(position))
    item = Item.objects.create(
        catalogue=catalogue,
        section=section_for(catalogue, dom),
        domain=dom,
        position=position,
        status=status,
        **fields,
    )
    for i, title in enumerate(laws, 1):
        law, _ = LegalBasis.objects.get_or_create(title=title)
        ItemLegalBasis.objects.create(item=item, legal_basis=law, position=i, printed=f"《{title}》")
    for i, name in enumerate(publishers, 1):
        org, _ = Organisation.objects.get_or_create(name=name)
        ItemPublisher.objects.create(item=item, organisation=org, position=i)
    for i, (slug, detail) in enumerate(channels, 1):
        ItemChannel.objects.create(item=item, channel=channel(slug), position=i, detail=detail)
    for code in levels:
        item.levels.add(level(code))
    for i, text in enumerate(elements, 1):
        ContentElement.objects.create(item=item, position=i, text=text)
    refresh_search_text([item.pk])
    item.refresh_from_db()
    return item
