"""The indexed PostgreSQL backend: same rows and ranks as the simple backend, from an index.

For each term, the GIN index on SearchDocument.grams finds the distinct segments that
contain all of the term's character pairs (or the character itself, for a one-character
term); `text__icontains` then rechecks those few documents exactly, with the very
expression the simple backend uses. Items are kept when, for every term, one of their four
segments is among the matching documents. The rank follows from which segment matched:
names (0), content (1), anything else (2).

Matching documents are fetched first (one small query per term) so that the item query is
a plain `IN (…)` on the entry table's btree indexes that the planner can combine with the
portal's filters. If a term matches no document the result is empty without touching items.
"""
import operator
from functools import reduce

from django.db.models import BooleanField, Case, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from catalog.models import SearchDocument

from .simple import SimpleBackend

SEGMENTS = ("names", "content", "template", "local")


def matching_documents(term: str) -> dict[str, list[int]]:
    """Ids of the documents containing `term` (case-insensitive, as `icontains`), by segment."""
    has_grams = RawSQL("grams @> catalog_search_query_grams(%s)", [term], output_field=BooleanField())
    found: dict[str, list[int]] = {segment: [] for segment in SEGMENTS}
    for pk, kind in SearchDocument.objects.filter(has_grams, text__icontains=term).values_list("id", "kind"):
        found[SEGMENTS[kind]].append(pk)
    return found


class PostgresBackend:
    def search(self, queryset, terms: list[str]):
        if any(any(ch.isspace() for ch in term) for term in terms):
            # parse_terms never yields these; a term with a line break could span two
            # segments, so answer it the slow, plainly exact way.
            return SimpleBackend().search(queryset, terms)
        in_names = Q()
        in_content = Q()
        for term in terms:
            documents = matching_documents(term)
            if not any(documents.values()):
                return queryset.none().annotate(search_rank=Value(2, output_field=IntegerField()))
            # Q(pk__in=[]) is "nothing" to Django, so a segment without matches drops out.
            matches = {
                segment: Q(**{f"search_entry__{segment}_id__in": ids}) if ids else Q(pk__in=[])
                for segment, ids in documents.items()
            }
            queryset = queryset.filter(
                reduce(operator.or_, (matches[segment] for segment in SEGMENTS if documents[segment]))
            )
            in_names &= matches["names"]
            in_content &= matches["names"] | matches["content"]
        return queryset.annotate(
            search_rank=Case(
                When(in_names, then=Value(0)),
                When(in_content, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
