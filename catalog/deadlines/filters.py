"""QuerySet-level deadline filters for the portal's ItemFilterSet (catalog/search/filters.py).

class ItemFilterSet(django_filters.FilterSet):
    max_working_days = django_filters.NumberFilter(label="公开时限不超过（工作日）", method="filter_max_working_days")
    deadline_kind = deadline_kind_filter()

    def filter_max_working_days(self, queryset, name, value):
        return at_most_working_days(queryset, value)
"""

import django_filters
from django.db.models import Q, QuerySet

from catalog.models import Item


def at_most_working_days(queryset: QuerySet, n, *, include_immediate: bool = True) -> QuerySet:
    """Items that must be public within `n` working days of the event.

    即时/实时 items count as 0 working days and are included unless `include_immediate` is off;
    calendar-day, periodic and undated items are left out (they are not measured in working days).
    """
    if n is None or n == "":
        return queryset
    n = int(n)
    condition = Q(deadline_kind=Item.DeadlineKind.WORKING_DAYS, deadline_days__lte=n)
    if include_immediate:
        condition |= Q(deadline_kind=Item.DeadlineKind.IMMEDIATE)
    return queryset.filter(condition)


def with_deadline_kind(queryset: QuerySet, kinds) -> QuerySet:
    """Items whose parsed 公开时限 is one of `kinds` (a value or a list of Item.DeadlineKind values)."""
    if not kinds:
        return queryset
    if isinstance(kinds, str):
        kinds = [kinds]
    return queryset.filter(deadline_kind__in=list(kinds))


def deadline_kind_filter(**kwargs) -> django_filters.MultipleChoiceFilter:
    """The 'deadline kind' filter: ?deadline_kind=working_days&deadline_kind=immediate.

    An unknown value makes the FilterSet invalid (django-filter's strict default), so the page
    shows a message instead of every item.
    """
    options = {"label": "时限类型", "choices": Item.DeadlineKind.choices, "method": _filter_kind}
    options.update(kwargs)
    return django_filters.MultipleChoiceFilter(**options)


def max_working_days_filter(**kwargs) -> django_filters.NumberFilter:
    options = {"label": "公开时限不超过（工作日）", "method": _filter_max_working_days, "min_value": 0}
    options.update(kwargs)
    return django_filters.NumberFilter(**options)


def _filter_kind(queryset, name, value):
    return with_deadline_kind(queryset, value)


def _filter_max_working_days(queryset, name, value):
    return at_most_working_days(queryset, value)
