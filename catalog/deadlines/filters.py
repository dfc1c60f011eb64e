"""The deadline filters on QuerySets; the one FilterSet (catalog/search/filters.py) calls them
for 公开时限不超过（工作日） and 时限类型."""

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
