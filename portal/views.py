"""Project-level error views."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import server_error as django_server_error

from portal.middleware import is_database_unavailable, maintenance_response


def server_error(request, template_name="500.html"):
    """500 handler that answers 503 with the maintenance page when the cause was the database
    being unreachable in a middleware (a session or user lookup), where no view could catch it."""
    if is_database_unavailable(sys.exc_info()[1]):
        return maintenance_response()
    return django_server_error(request, template_name=template_name)


def bad_request(request, exception, template_name="400.html"):
    """400 handler that says when the form's fields were over DATA_UPLOAD_MAX_MEMORY_SIZE (a
    large text pasted into a form without the page's script, which sends it as a file)."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        message = (
            f"提交的表单内容过大（表单中的文字上限约 {limit:.1f} MB）。"
            "粘贴的大段文本请保存为 .txt 文件，改用“目录文件”上传。"
        )
        return HttpResponseBadRequest(render_to_string(template_name, {"message": message}))
    return django_bad_request(request, exception, template_name=template_name)
