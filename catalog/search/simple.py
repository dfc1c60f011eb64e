"""The simple backend: `icontains` on Item.search_text (exact substring semantics, unindexed)."""

import operator
from functools import reduce

from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.db.models.lookups import IContains

from .plan import RankedMatch, Results, ranked_results


def all_of(conditions) -> Q:
    return reduce(operator.and_, [Q(condition) for condition in conditions])


class SimpleBackend:
    def match(self, queryset, terms: list[str], *, domain=None, region=None, lookups=None) -> RankedMatch:
        names = Concat("level1", Value("\n"), "level2", Value("\n"), "level3")
        in_names = all_of(IContains(names, term) for term in terms)
        in_content = all_of(Q(IContains(names, term)) | Q(content__icontains=term) for term in terms)
        anywhere = all_of(Q(search_text__icontains=term) for term in terms)
        return RankedMatch([in_names, in_content, anywhere])

    def search(self, queryset, terms: list[str], *, domain=None, region=None) -> Results:
        return ranked_results(queryset, self.match(queryset, terms))
