"""API errors in Chinese: DRF's own messages are translated (zh-hans); a missing object is named."""

from django.http import Http404
from rest_framework.exceptions import NotFound
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """`get_object_or_404` raises Http404 with Django's English "No Item matches the given query.";
    answer instead with the model's Chinese name, e.g. {"detail": "未找到该事项。"}."""
    if isinstance(exc, Http404):
        exc = NotFound(f"未找到该{_model_name(context.get('view'))}。")
    return drf_exception_handler(exc, context)


def _model_name(view) -> str:
    try:
        return str(view.get_queryset().model._meta.verbose_name)  # lazy: no query runs
    except Exception:  # a view without a model queryset: the generic word
        return "对象"
