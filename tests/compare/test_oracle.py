"""对标核查 against the synthetic generator's record: a synthetic catalogue compared with
the catalogue it was copied from finds exactly what the generator dropped, borrowed and
edited (missing = dropped, extra = borrowed, differing = the element an edit added).

The two source catalogues are in different domains with distinct names, so a borrowed item
can never be mistaken for a dropped one by the near-name stage (the matcher only pairs
within a domain); each source item has elements, laws, channels and an audience, so every
kind of difference could show up if the copy changed it."""

import pytest

from catalog.compare.comparison import AMBIGUOUS, COVERED, DIFFERS, EXTRA, MISSING, compare_catalogues
from catalog.models import Catalogue, Domain, Item
from catalog.synthetic.generate import Generator, Options
from tests.factories import CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db

WORDS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def build_source(title, domain_slug, count, salt):
    catalogue = CatalogueFactory(title=title, slug=f"source-{domain_slug}")
    for n in range(count):
        a, b = WORDS[(n + salt) % len(WORDS)], WORDS[(n * 7 + salt) % len(WORDS)]
        ItemFactory(
            catalogue=catalogue,
            domain_slug=domain_slug,
            level1=f"{title[:2]}{a}{b}类",
            level2=f"{title[:2]}事项{n}号{b}{a}",
            content="办理依据、办理条件、办理结果",
            elements=("办理依据", "办理条件", "办理结果"),
            laws=("中华人民共和国政府信息公开条例",),
            channels=(("zhengfu-wangzhan", "政府网站"),),
            deadline_text="信息形成之日起20个工作日内",
            deadline_kind="working_days",
            deadline_days=20,
            audience_public=True,
        )
    return catalogue


def test_a_synthetic_copy_differs_from_its_source_exactly_as_the_generator_recorded():
    build_source("救助目录", "shehui-jiuzhu", 60, 0)
    other_domain = Domain.objects.exclude(slug="shehui-jiuzhu").order_by("position").first()
    build_source("另一目录", other_domain.slug, 60, 5)
    generator = Generator(Options(items=3000, seed=11, drop_rate=0.1, add_rate=0.1, edit_rate=0.15))
    generator.write()
    assert Item.objects.filter(catalogue__source_file="synthetic").count() == 3000
    seen = {"dropped": 0, "borrowed": 0, "edited": 0}
    for record in generator.records:
        copy = Catalogue.objects.get(pk=record.catalogue_id)
        source = Catalogue.objects.get(pk=record.source.catalogue_id)
        source_ids = list(source.items.order_by("position").values_list("pk", flat=True))
        result = compare_catalogues(copy, source)
        groups = {name: result.group(name) for name in (COVERED, DIFFERS, AMBIGUOUS, MISSING, EXTRA)}

        assert {row.reference.id for row in groups[MISSING]} == {source_ids[i] for i in record.dropped}
        assert {row.compared.id for row in groups[EXTRA]} == {w.item_id for w in record.borrowed}
        assert groups[AMBIGUOUS] == []
        edited = {source_ids[i]: element for i, element in record.edited.items()}
        assert {row.reference.id for row in groups[DIFFERS]} == set(edited)
        for row in groups[DIFFERS]:
            assert [(d.label, d.compared, d.weaker) for d in row.differences] == [
                ("公开要素", f"增加：{edited[row.reference.id]}", False)
            ]
        # Covered pairs are the copy's own items, each paired with the item it copies.
        own = {w.item_id: source_ids[w.origin.index] for w in record.items if not w.origin.borrowed}
        for row in groups[COVERED] + groups[DIFFERS]:
            assert own[row.compared.id] == row.reference.id
        total = result.total
        assert total.reference_count == len(source_ids)
        assert total.covered == len(source_ids) - len(record.dropped)
        seen["dropped"] += len(record.dropped)
        seen["borrowed"] += len(record.borrowed)
        seen["edited"] += len(record.edited)
    # The run exercised every kind of change, many times.
    assert len(generator.records) >= 30
    assert min(seen.values()) >= 50, seen
