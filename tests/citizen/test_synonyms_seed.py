"""The seed synonyms (loaded by the data migration) on the real seed catalogues: each result matches exactly, literal first."""

import pytest
from django.core.management import call_command

from catalog.models import Catalogue, Item, Synonym
from catalog.search.synonyms import SYNONYM_RANK_OFFSET


@pytest.mark.django_db
def test_seed_synonyms_on_the_seed_data():
    call_command("load_seed", verbosity=0)
    assert Catalogue.objects.exists(), "load_seed loaded no catalogue from fixtures/"
    texts = {pk: text.lower() for pk, text in Item.objects.published().values_list("pk", "search_text")}
    seeds = [(synonym.term, synonym.expansion_list()) for synonym in Synonym.objects.all()]
    assert len(seeds) == 14  # the data migration's seed list
    for term, expansions in seeds:
        ranked = list(
            Item.objects.published().search(term).order_by("search_rank", "pk").values_list("pk", "search_rank")
        )
        literal = {pk for pk, text in texts.items() if term in text}
        either = {pk for pk, text in texts.items() if term in text or any(e in text for e in expansions)}
        assert {pk for pk, _ in ranked} == either, term  # exactly the items with a substring match
        ranks = [rank for _, rank in ranked]
        assert ranks == sorted(ranks)
        assert {pk for pk, rank in ranked if rank < SYNONYM_RANK_OFFSET} == literal, term  # literal first
    dibao = Item.objects.published().search("低保").order_by("search_rank", "pk")
    assert dibao.count() > Item.objects.published().search("低保", expand=False).count()
    assert any(item.level1 == "最低生活保障" for item in dibao)
