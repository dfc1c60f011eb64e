"""An import keeps the planner's statistics current when it outgrows them
(catalog/search/index.keep_statistics_current): a new database's tables were analyzed empty by the
migrations, and the search triggers' document lookups were then planned as a sequential scan per row."""

import dataclasses

import pytest
from django.db import connection

from catalog.importers import load
from catalog.importers.load import import_record
from catalog.importers.pipeline import read_catalogue
from catalog.importers.records import CatalogueMeta

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

HEADER = "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体\n"
META = CatalogueMeta(
    slug="stats", title="统计测试目录", region=[("stats-x", "统计县", "county")], domain=("社会救助", "shehui-jiuzhu")
)


def catalogue(rows: int, slug: str):
    data = (
        HEADER
        + "".join(
            f"{n},救助事项{n},审批事项{n},审批名单第{n}号,《社会救助暂行办法》,20个工作日内,民政局,政府网站\n"
            for n in range(1, rows + 1)
        )
    ).encode()
    return read_catalogue(data, name=f"{slug}.csv", meta=dataclasses.replace(META, slug=slug))


def believed(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0]


def test_an_import_that_outgrows_the_statistics_analyzes_the_tables_the_triggers_read(monkeypatch):
    monkeypatch.setattr(load, "BATCH_SIZE", 4)
    with connection.cursor() as cursor:  # as the migrations leave a new database: analyzed empty
        cursor.execute("ANALYZE catalog_item; ANALYZE catalog_searchdocument")
    assert believed("catalog_item") == 0 and believed("catalog_searchdocument") == 0
    import_record(catalogue(10, "stats-a"))
    # analyzed inside the import's transaction, its own rows counted
    assert believed("catalog_item") >= 8 and believed("catalog_searchdocument") > 0
    after_first = believed("catalog_item")

    import_record(catalogue(3, "stats-b"))  # small beside what the planner knows: no ANALYZE
    assert believed("catalog_item") == after_first
