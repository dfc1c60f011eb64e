import pytest
from django.core.management import CommandError, call_command

from catalog.models import Catalogue, Item, ItemPublisher, Region
from catalog.search import refresh_search_text
from tests.factories import CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db


def test_generates_exactly_n_items_from_the_loaded_seed():
    call_command("load_seed", verbosity=0)
    seeded = Item.objects.count()
    call_command("generate_synthetic", items=1500, seed=7, verbosity=0)
    assert Item.objects.count() == seeded + 1500
    synthetic = Catalogue.objects.filter(source_file="synthetic")
    assert synthetic.count() >= 10
    assert set(Region.objects.values_list("level", flat=True)) >= {"province", "county", "township"}
    # The precomputed search text is exactly what the refresher would build.
    assert refresh_search_text(Item.objects.values_list("pk", flat=True)) == 0


def test_copies_loaded_catalogues_with_local_names():
    source = CatalogueFactory(region__name="阿尔山市")
    for n in range(20):
        ItemFactory(catalogue=source, level2=f"最低生活保障{n}", linked=True)
    call_command("generate_synthetic", items=300, seed=1, verbosity=0)
    copies = Item.objects.exclude(catalogue=source)
    assert copies.count() == 300
    assert refresh_search_text(copies.values_list("pk", flat=True)) == 0
    publishers = set(ItemPublisher.objects.filter(item__in=copies).values_list("organisation__name", flat=True))
    assert publishers and all("阿尔山市" not in name for name in publishers)
    assert all(name.endswith("民政局") for name in publishers)


def test_same_seed_same_data_and_sequences_continue():
    source = CatalogueFactory(region__name="阿尔山市")
    for n in range(20):
        ItemFactory(catalogue=source, level2=f"最低生活保障{n}", content=f"名单{n}", linked=True)
    synthetic = Item.objects.filter(catalogue__source_file="synthetic").order_by("pk")
    call_command("generate_synthetic", items=200, seed=5, verbosity=0)
    first = list(synthetic.values_list("level1", "level2", "content", "status"))
    synthetic.delete()
    call_command("generate_synthetic", items=200, seed=5, verbosity=0)
    second = list(synthetic.values_list("level1", "level2", "content", "status"))
    assert first == second
    # Ordinary inserts after a bulk load get fresh ids.
    ItemFactory(catalogue=Catalogue.objects.filter(source_file="synthetic").first(), level2="新增事项", linked=True)


def test_an_empty_database_is_refused_with_a_chinese_message():
    with pytest.raises(CommandError, match="没有可复制的目录"):
        call_command("generate_synthetic", items=10, verbosity=0)
    assert not Item.objects.exists()


def test_rejects_a_non_positive_count():
    with pytest.raises(CommandError):
        call_command("generate_synthetic", items=0, verbosity=0)
