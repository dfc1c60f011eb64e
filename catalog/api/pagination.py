from functools import partial

from django.core.paginator import Paginator as DjangoPaginator
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from catalog.search.paging import COUNT_LIMIT, SearchPaginator


class Pagination(PageNumberPagination):
    """Numbered pages over a totally ordered queryset, so pages never overlap.

    A search (`q`) is counted and paged as the search page does it (SearchPaginator): exactly up
    to COUNT_LIMIT results, then `count_is_exact` is false and `count` is that limit, since
    counting a frequent term's hundreds of thousands of matches took seconds at 1M items.
    Lists without `q` keep their exact count, so that every item can be paged through.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        # The search's plan, kept on the view by ItemFilterBackend (views are made per request).
        plan = getattr(view, "search_plan", None)
        self.django_paginator_class = partial(SearchPaginator, plan=plan) if plan else DjangoPaginator
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_exact": getattr(self.page.paginator, "count_is_exact", True),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_is_exact"] = {
            "type": "boolean",
            "description": f"检索（q）结果超过 {COUNT_LIMIT:,} 条时为 false：count 即为 {COUNT_LIMIT:,}，"
            f"只能翻到前 {COUNT_LIMIT:,} 条，请加筛选条件缩小范围",
        }
        response["required"].append("count_is_exact")
        return response
