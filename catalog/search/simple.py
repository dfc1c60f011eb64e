"""The simple backend: `icontains` on Item.search_text (exact substring semantics, unindexed)."""
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Concat


def search_rank(in_names: Q, in_content: Q) -> Case:
    """The rank both backends annotate: 0 = every term in the names, 1 = in names or content, 2 = elsewhere."""
    return Case(
        When(in_names, then=Value(0)),
        When(in_content, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


class SimpleBackend:
    def search(self, queryset, terms: list[str]):
        for term in terms:
            queryset = queryset.filter(search_text__icontains=term)
        names = Concat("level1", Value("\n"), "level2", Value("\n"), "level3")
        queryset = queryset.annotate(search_names=names)
        in_names = Q()
        in_content = Q()
        for term in terms:
            in_names &= Q(search_names__icontains=term)
            in_content &= Q(search_names__icontains=term) | Q(content__icontains=term)
        return queryset.annotate(search_rank=search_rank(in_names, in_content))
