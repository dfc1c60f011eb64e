"""Exports of item lists as CSV, XLSX (official layout) and JSON.

`export_response(queryset, fmt, title=…)` is the one entry point for views and admin
actions: it writes exactly the items of `queryset`, in its order.
"""

from .response import FORMATS, export_filename, export_response

__all__ = ["FORMATS", "export_filename", "export_response"]
