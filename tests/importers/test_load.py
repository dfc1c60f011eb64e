import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog.importers.load import import_record
from catalog.importers.pipeline import read_catalogue
from catalog.models import Catalogue, ImportRun, Item, LegalBasis, LegalBasisAlias, Organisation, Region, Section

from .seeds import S000, S004, SOURCES

DATA = Path(__file__).resolve().parents[1] / "data"


def record(name):
    return read_catalogue((SOURCES / name).read_bytes(), name=name)


@pytest.mark.django_db
def test_import_writes_items_with_links_and_an_import_run():
    report = import_record(record(S004))
    catalogue = Catalogue.objects.get(slug="xiangyuan-chaoyang-shequ")
    items = catalogue.items.in_catalogue_order()
    assert items.count() == report["items"] == 14
    first = items.first()
    assert first.status == Item.Status.PUBLISHED
    assert first.level1 == "组织机构"
    assert [level.code for level in first.levels.all()] == ["village"]
    assert first.level_label == "社区"
    assert [link.channel.slug for link in first.channel_links.all()] == [
        "zhengfu-wangzhan",
        "gongshilan",
        "bianmin-fuwuzhan",
    ]
    assert "组织机构" in first.search_text
    assert first.source_file == "004_d471104087878b0a.txt" and first.source_line == 7
    assert catalogue.region.name == "朝阳社区" and catalogue.region.parent.name == "襄垣县"
    assert Section.objects.get(catalogue=catalogue).domain.slug == "shequ-zhengwu"
    run = ImportRun.objects.get()
    assert run.source_sha256 == catalogue.source_sha256 and run.item_count == 14


@pytest.mark.django_db
def test_reimport_updates_in_place_instead_of_duplicating():
    import_record(record(S004))
    before = dict(Item.objects.values_list("pk", "position"))
    report = import_record(record(S004), draft=True)
    assert dict(Item.objects.values_list("pk", "position")) == before
    # a draft re-import does not unpublish what is published
    assert set(Item.objects.values_list("status", flat=True)) == {Item.Status.PUBLISHED}
    assert report["plan"]["unchanged"] == 14 and not report["plan"]["changed"]
    assert ImportRun.objects.count() == 2


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    report = import_record(record(S004), dry_run=True)
    assert report["items"] == 14 and report["dry_run"]
    assert not Catalogue.objects.exists() and not Item.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.django_db
def test_law_aliases_share_one_legal_basis_across_catalogues():
    import_record(record(S000))
    import_record(record(S004))
    law = LegalBasis.objects.get(title="中华人民共和国政府信息公开条例")
    assert law.document_number == "国务院令第711号"
    assert {"信息公开条例", "政府信息公开条例"} <= set(
        LegalBasisAlias.objects.filter(legal_basis=law).values_list("alias", flat=True)
    )
    assert set(law.items.values_list("catalogue__slug", flat=True)) == {"aershan-zhen-2022", "xiangyuan-chaoyang-shequ"}
    # printed names are kept as organisations (四个镇人民政府 is how the catalogue names them)
    assert Organisation.objects.filter(name="四个镇人民政府").exists()


@pytest.mark.django_db
def test_domains_come_from_headings_and_aliases():
    import_record(record(S000))
    sections = Section.objects.filter(catalogue__slug="aershan-zhen-2022").select_related("domain")
    assert sections.count() == 14
    assert sections.get(position=12).domain.slug == "jiuzai"  # 救灾生产 -> 救灾


@pytest.mark.django_db
@pytest.mark.parametrize("name, message", [("no_header.txt", "未找到表头")])
def test_command_refuses_malformed_files_and_writes_nothing(name, message):
    Region.objects.create(code="aershan", name="阿尔山市", level=Region.Level.COUNTY)
    with pytest.raises(CommandError, match=message):
        call_command("import_catalogue", str(DATA / name), slug="x", title="测试", region="aershan")
    assert not Catalogue.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.django_db
def test_command_reads_a_gbk_source_and_refuses_utf16(tmp_path):
    Region.objects.create(code="aershan", name="阿尔山市", level=Region.Level.COUNTY)
    out = io.StringIO()
    call_command(
        "import_catalogue",
        str(DATA / "gbk.txt"),
        slug="x",
        title="测试",
        region="aershan",
        domain="shehui-jiuzhu",
        dry_run=True,
        stdout=out,
    )
    assert "检查完毕（试运行，未写入）" in out.getvalue()
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes((DATA / "gbk.txt").read_bytes().decode("gb18030").encode("utf-16"))
    with pytest.raises(CommandError, match="UTF-16"):
        call_command("import_catalogue", str(utf16), slug="x", title="测试", region="aershan")
    assert not Catalogue.objects.exists()


@pytest.mark.django_db
def test_command_imports_the_complete_rows_of_a_cut_file_and_says_so(capsys):
    Region.objects.create(code="aershan", name="阿尔山市", level=Region.Level.COUNTY)
    call_command("import_catalogue", str(DATA / "truncated.txt"), slug="x", title="测试", region="aershan")
    out = capsys.readouterr().out
    assert "[警告] 第6行：文件在这一行的中间结束" in out
    assert list(Item.objects.values_list("level2", flat=True)) == ["财务信息"]


@pytest.mark.django_db
def test_command_wants_metadata_for_an_unregistered_file(tmp_path):
    path = tmp_path / "new.txt"
    path.write_bytes((SOURCES / S004).read_bytes())
    with pytest.raises(CommandError, match="--slug"):
        call_command("import_catalogue", str(path))


@pytest.mark.django_db
def test_command_prints_a_per_section_summary(capsys):
    call_command("import_catalogue", str(SOURCES / S000), dry_run=True)
    out = capsys.readouterr().out
    assert "(七) 就业领域基层政务公开标准目录：24 项" in out
    assert "试运行" in out
    assert not Item.objects.exists()


@pytest.mark.django_db
def test_search_text_written_with_the_rows_is_the_one_refresh_builds():
    from catalog.search.text import build_search_text

    for name in (S000, S004):
        import_record(record(name))
    items = list(Item.objects.for_listing())
    assert len(items) > 200
    assert all(item.search_text for item in items)
    assert [item.search_text for item in items] == [build_search_text(item) for item in items]


@pytest.mark.django_db
def test_with_debug_the_batches_queries_are_not_kept_in_the_query_log(monkeypatch):
    """DEBUG logs every query's SQL with its values: the bulk inserts of the items would keep the
    text of every row until the import ends. The batches' queries are dropped; those before them
    stay, and a caller capturing queries (assertNumQueries) still sees every one."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext, override_settings

    from catalog.importers import load

    monkeypatch.setattr(load, "BATCH_SIZE", 3)
    with override_settings(DEBUG=True):
        reset_queries()
        import_record(record(S004))
        logged = [query["sql"] for query in connection.queries]
    assert any('"catalog_catalogue"' in sql for sql in logged)  # the queries before the batches
    assert not any(sql.startswith('INSERT INTO "catalog_item"') for sql in logged)
    with override_settings(DEBUG=True), CaptureQueriesContext(connection) as captured:
        import_record(record(S000))
    assert sum(query["sql"].startswith('INSERT INTO "catalog_item"') for query in captured) > 1


def test_every_field_an_item_shares_with_its_record_is_written_on_new_and_matched_items():
    # _item writes CONTENT_FIELDS and the source's place on a new item; a matched item gets
    # CONTENT_FIELDS when its content changed and PLACEMENT_FIELDS always: a field added to
    # ItemRecord and Item and to neither list would be written on neither.
    from dataclasses import fields

    from catalog.importers.load import CONTENT_FIELDS, PLACEMENT_FIELDS
    from catalog.importers.records import ItemRecord

    shared = {f.name for f in fields(ItemRecord)} & {f.name for f in Item._meta.concrete_fields}
    assert shared - {*CONTENT_FIELDS, *PLACEMENT_FIELDS} == set()
    assert "needs_review" in CONTENT_FIELDS  # ItemRecord's property, Item's field
