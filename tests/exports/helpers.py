"""Read exports back the way a user's software would."""

import csv
import io
import json
import re
from urllib.parse import unquote

from django.core.signals import request_finished
from django.db import close_old_connections
from openpyxl import load_workbook


def body(response) -> bytes:
    """All bytes of a response; the test client closes a streamed one when it is read out."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def close(response) -> None:
    """Close a response as a server would, minus request_finished closing the test's connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def csv_rows(response) -> list[dict]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def json_doc(response) -> dict:
    return json.loads(body(response).decode("utf-8"))


def workbook(response):
    return load_workbook(io.BytesIO(body(response)))


def sheet_ids(sheet) -> list[int]:
    """The 事项ID column of a domain sheet (headers on rows 2–3, data from row 4)."""
    header = [cell.value for cell in sheet[2]]
    column = header.index("事项ID") + 1
    return [row[column - 1] for row in sheet.iter_rows(min_row=4, values_only=True)]


def file_names(response) -> tuple[str, str]:
    """What a download names its file: (the ASCII fallback, the name in UTF-8)."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\n" not in disposition and "\\" not in disposition
    fallback = re.search(r'filename="([^"]*)"', disposition).group(1)
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition)
    return fallback, unquote(encoded.group(1)) if encoded else fallback
