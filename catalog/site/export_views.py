"""Export views: the portal's FilterSet picks the items, export_response writes them."""

from django.conf import settings
from django.shortcuts import render

from catalog.exports.response import FORMATS, describe, export_response
from catalog.search.filters import filter_items
from catalog.site.throttle import Throttled, acquire

DEFAULT_MAX_ROWS = 50_000


def _error(request, message: str, status: int, **headers):
    response = render(request, "catalog/export_error.html", {"message": message}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def export_items(request, fmt: str):
    if fmt not in FORMATS:
        return _error(request, f"不支持的导出格式“{fmt}”，可选 CSV、XLSX、JSON。", 404)
    filterset, queryset = filter_items(request.GET)
    errors = filterset.error_messages()
    if errors:
        return _error(request, "筛选条件有误，未导出：" + "；".join(errors), 400)
    limit = int(getattr(settings, "EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS))
    count = queryset.count()
    if count > limit:
        message = f"导出的事项过多：共 {count} 项，单次最多导出 {limit} 项。请增加筛选条件（如目录、领域）后分批导出。"
        return _error(request, message, 400)
    try:
        slot = acquire(request)
    except Throttled as throttled:
        return _error(request, throttled.message, 429, **{"Retry-After": str(throttled.retry_after)})
    title, words = describe(filterset)
    try:
        return export_response(
            queryset, fmt, title=title, filters_description=words, request=request, on_close=slot.release
        )
    except Exception:
        slot.release()
        raise
