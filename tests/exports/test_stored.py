"""Exports written to files (the export job and `manage.py export_items`), and their cleanup."""

import json
import os
import time

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from catalog.exports import stored
from catalog.exports.stored import export_path, prune_exports, write_export
from catalog.exports.writers import ExportMeta
from catalog.search.filters import filter_items


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_write_export_reports_progress_and_leaves_only_the_finished_file(world, media, monkeypatch, fmt):
    monkeypatch.setattr(stored, "PROGRESS_EVERY", 2)
    _, queryset = filter_items({})
    expected = [item.pk for item in queryset]
    path = export_path("job-1", f"事项.{fmt}")
    seen = []
    meta = ExportMeta(title="政务公开事项", exported_at=timezone.now())
    write_export(queryset, fmt, path, meta, progress=seen.append)
    assert meta.count == len(expected) >= 3
    assert seen == [*range(2, len(expected) + 1, 2), len(expected)]
    assert os.listdir(path.parent) == [path.name]
    if fmt == "json":
        assert [record["id"] for record in json.loads(path.read_text(encoding="utf-8"))["items"]] == expected
    elif fmt == "xlsx":
        assert load_workbook(path)["说明"]["B5"].value == len(expected)


def test_a_failed_export_leaves_no_file(world, media, monkeypatch):
    def broken(records, meta):
        yield b"id\n"
        raise RuntimeError("disk full")

    monkeypatch.setattr(stored, "csv_chunks", broken)
    path = export_path("job-2", "事项.csv")
    with pytest.raises(RuntimeError):
        write_export(filter_items({})[1], "csv", path, ExportMeta(title="x", exported_at=timezone.now()))
    assert os.listdir(path.parent) == []


def test_prune_exports_deletes_only_folders_older_than_the_limit(media, settings):
    settings.EXPORT_FILE_HOURS = 24
    old, new = export_path("old", "a.csv"), export_path("new", "b.csv")
    for path in (old, new):
        path.write_text("x")
    day_ago = time.time() - 25 * 3600
    os.utime(old.parent, (day_ago, day_ago))
    assert prune_exports() == 1
    assert not old.parent.exists() and new.exists()
    assert prune_exports(older_than_hours=0, now=time.time() + 1) == 1
    assert not new.parent.exists()
