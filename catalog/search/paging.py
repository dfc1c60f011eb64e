"""Counting and paging large result sets cheaply (PostgreSQL at national scale).

- `capped_count`: exact up to COUNT_LIMIT, after that "more than COUNT_LIMIT". Counting
  half a million matches costs as much as scanning them; nobody pages that far.
- `page_rows`: ids of the requested slice first (the ordering columns come from the
  covering index catalog_item_search_cover and the small catalogue table, so PostgreSQL
  can answer with an index-only scan), then only those rows with everything the page shows.
  Without this, sorting touches the full item row of every match.
- `SearchPaginator`: Django's Paginator on top of both; handed the search's plan (`plan=`,
  from `search()`'s Results), it counts and pages through the plan instead, as long as the
  queryset still is the search's items (catalog/search/plan.py).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .plan import SearchPlan

COUNT_LIMIT = 10_000


def capped_count(queryset, limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """(count, exact): the exact count when it is at most `limit`, else (limit, False)."""
    found = queryset.order_by()[: limit + 1].count()
    return min(found, limit), found <= limit


def page_rows(queryset, start: int, stop: int) -> list:
    """queryset[start:stop] (queryset must be totally ordered), fetched ids-first."""
    ids = list(queryset.values_list("pk", flat=True)[start:stop])
    if not ids:
        return []
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


class SearchPaginator(Paginator):
    """A Paginator whose count stops at COUNT_LIMIT (see `count_is_exact`)."""

    count_limit = COUNT_LIMIT

    def __init__(
        self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, plan: SearchPlan | None = None
    ):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.plan = plan

    @cached_property
    def _plan(self) -> SearchPlan | None:
        """The plan, while the list still is the search's items; else the plain queryset is paged."""
        return self.plan if self.plan is not None and self.plan.applies_to(self.object_list) else None

    @cached_property
    def _relevance_order(self) -> list | None:
        """The ordering after search_rank, when the list is ordered by relevance."""
        order = list(self.object_list.query.order_by)
        return order[1:] if order and order[0] == "search_rank" else None

    @cached_property
    def _capped(self):
        plan, order = self._plan, self._relevance_order
        if plan and order is not None and plan.match.collect_all:
            found = len(plan.collected(order))
            return min(found, self.count_limit), found <= self.count_limit
        if plan:
            return plan.capped_count(self.count_limit, order)
        return capped_count(self.object_list, self.count_limit)

    @cached_property
    def count(self):
        return self._capped[0]

    @property
    def count_is_exact(self) -> bool:
        return self._capped[1]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, start: int, stop: int) -> list:
        plan, order = self._plan, self._relevance_order
        if not plan or order is None:
            return page_rows(self.object_list, start, stop)
        if plan.match.collect_all:
            ids = plan.collected(order)[start:stop]
        else:
            ids = plan.page_ids(start, stop, order)
        return plan.rows(ids, like=self.object_list)
