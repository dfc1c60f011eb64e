"""The one set of test factories (factory_boy). The vocabularies (domains, channels, levels)
come from the data migration; a test names them by slug or code.

    item = ItemFactory(catalogue=catalogue, level1="最低生活保障", laws=["社会救助暂行办法"],
                       publishers=["阿尔山市民政局"], channels=[("zhengfu-wangzhan", "阿尔山市人民政府网站")])

An item's linked rows are given as plain values: laws and publishers by name (created when
new), channels as slugs or (slug, printed detail) pairs, levels by code, content elements by
text. The item comes back with its search text refreshed, as every write path leaves it.
Traits give the two fuller kinds of item the tests need:

- `linked=True`: names, content, a law, a publisher, a channel, a level and the printed text of
  each (the search and index tests, which need every kind of linked row);
- `imported=True`: as an import leaves it (a parsed deadline, source file, line and text), the
  staff admin's tests.
"""

import factory
from factory.django import DjangoModelFactory

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

GOV_SITE = ("zhengfu-wangzhan", "阿尔山市人民政府网站")


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = "阿尔山市"
    code = factory.Sequence(lambda n: f"region-{n}")
    level = Region.Level.COUNTY
    parent = None


class CatalogueFactory(DjangoModelFactory):
    class Meta:
        model = Catalogue

    title = factory.LazyAttribute(lambda catalogue: f"{catalogue.region.name}基层政务公开标准目录")
    slug = factory.Sequence(lambda n: f"catalogue-{n}")
    region = factory.SubFactory(RegionFactory)
    position = factory.Sequence(lambda n: n)


class DomainFactory(DjangoModelFactory):
    """A domain beside the standard ones of the data migration."""

    class Meta:
        model = Domain

    name = factory.Sequence(lambda n: f"测试领域{n}")
    slug = factory.Sequence(lambda n: f"ceshi-lingyu-{n}")


def section_for(catalogue, domain):
    """The catalogue's section for `domain`, made (after the others) when it has none."""
    section = Section.objects.filter(catalogue=catalogue, domain=domain).first()
    if section is None:
        position = Section.objects.filter(catalogue=catalogue).count() + 1
        section = Section.objects.create(catalogue=catalogue, domain=domain, position=position, heading=domain.name)
    return section


def next_position(catalogue) -> int:
    last = Item.objects.filter(catalogue=catalogue).order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _printed(values) -> str:
    return "、".join(values)


class ItemFactory(DjangoModelFactory):
    class Meta:
        model = Item

    class Params:
        domain_slug = "shehui-jiuzhu"
        linked = factory.Trait(
            level1="社会救助",
            level2="最低生活保障",
            content="办理依据、办理条件",
            laws=("中华人民共和国政府信息公开条例",),
            publishers=("阿尔山市民政局",),
            channels=(GOV_SITE,),
            levels=("county",),
            elements=factory.LazyAttribute(lambda item: [part for part in item.content.split("、") if part]),
            legal_basis_text=factory.LazyAttribute(lambda item: _printed(f"《{law}》" for law in item.laws)),
            publisher_text=factory.LazyAttribute(lambda item: _printed(item.publishers)),
            channel_text=factory.LazyAttribute(lambda item: _printed(detail for _, detail in item.channels)),
        )
        imported = factory.Trait(
            level1=factory.LazyAttribute(lambda item: f"{item.catalogue.region.name}事项{item.position}"),
            content="低保对象名单",
            deadline_text="信息形成之日起20个工作日内",
            deadline_kind=Item.DeadlineKind.WORKING_DAYS,
            deadline_days=20,
            source_file="sources/x.txt",
            source_line=factory.LazyAttribute(lambda item: 10 + item.position),
            source_text=factory.LazyAttribute(lambda item: f"{item.position} 原文行 {item.catalogue.region.name}"),
            channels=(("zhengfu-wangzhan", "政府网站"),),
        )

    catalogue = factory.SubFactory(CatalogueFactory)
    domain = factory.LazyAttribute(lambda item: Domain.objects.get(slug=item.domain_slug))
    section = factory.LazyAttribute(lambda item: section_for(item.catalogue, item.domain))
    position = factory.LazyAttribute(lambda item: next_position(item.catalogue))
    number = factory.LazyAttribute(lambda item: str(item.position))
    status = Item.Status.PUBLISHED

    # Linked rows as plain values (see the module docstring); made once the item exists.
    laws = ()
    publishers = ()
    channels = ()
    levels = ()
    elements = ()

    @classmethod
    def _create(cls, model_class, *args, laws, publishers, channels, levels, elements, **fields):
        item = super()._create(model_class, *args, **fields)
        for position, title in enumerate(laws, 1):
            law, _ = LegalBasis.objects.get_or_create(title=title)
            ItemLegalBasis.objects.create(item=item, legal_basis=law, position=position, printed=f"《{title}》")
        for position, name in enumerate(publishers, 1):
            organisation, _ = Organisation.objects.get_or_create(name=name)
            ItemPublisher.objects.create(item=item, organisation=organisation, position=position)
        for position, channel in enumerate(channels, 1):
            slug, detail = (channel, "") if isinstance(channel, str) else channel
            ItemChannel.objects.create(
                item=item, channel=Channel.objects.get(slug=slug), position=position, detail=detail
            )
        for code in levels:
            item.levels.add(Level.objects.get(code=code))
        for position, text in enumerate(elements, 1):
            ContentElement.objects.create(item=item, position=position, text=text)
        refresh_search_text([item.pk])
        item.refresh_from_db()
        return item
