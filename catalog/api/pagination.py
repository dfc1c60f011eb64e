from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Numbered pages over a totally ordered queryset, so pages never overlap."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
