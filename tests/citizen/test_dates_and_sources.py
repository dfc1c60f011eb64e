"""A date known only to the month is shown as 2022年10月 (pages, exports, API), and an item
says in plain words where it comes from, naming a scan where the text was read from one."""

import datetime
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from catalog.importers.load import import_record
from catalog.importers.pipeline import read_catalogue, with_page_details
from catalog.importers.records import RawCatalogue
from catalog.importers.registry import SEEDS
from catalog.models import Catalogue, Edition, Item
from tests.exports.helpers import workbook
from tests.factories import CatalogueFactory, ItemFactory
from tests.importers.seeds import S000, SOURCES

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ZHEN = "aershan-zhen-2022"  # 封面只印“2022 年 10 月”


@pytest.fixture
def seeds(db):
    files = [FIXTURES / "00_vocabulary.json", *sorted(FIXTURES.glob("0[14]_*.json"))]
    call_command("loaddata", *map(str, files), verbosity=0)
    return Catalogue.objects.get(slug=ZHEN)


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def test_an_import_keeps_the_precision_of_the_catalogue_and_its_edition(client, db):
    import_record(read_catalogue((SOURCES / S000).read_bytes(), name=S000))
    catalogue = Catalogue.objects.get(slug=ZHEN)
    assert (catalogue.issued_date, catalogue.issued_date_precision) == (datetime.date(2022, 10, 1), "month")
    edition = Edition.objects.get(catalogue=catalogue)
    assert (edition.date, edition.date_precision) == (datetime.date(2022, 10, 1), "month")
    shown = text_of(client.get(reverse("catalog:catalogue_revisions", args=[ZHEN])))
    assert f"{edition.name}（2022年10月）" in shown


def test_pages_show_the_month_not_the_first_of_it(client, seeds):
    shown = text_of(client.get(seeds.get_absolute_url()))
    assert "2022年10月" in shown and "2022年10月1日" not in shown  # the provenance spells it “2022 年 10 月”
    listing = text_of(client.get(reverse("catalog:home")))
    assert "2022-10" in listing and "2022-10-01" not in listing


def test_the_api_and_the_xlsx_give_the_month(client, seeds):
    rows = {row["slug"]: row for row in client.get("/api/catalogues/").json()["results"]}
    assert rows[ZHEN]["issued_date"] == "2022-10"
    assert rows[ZHEN]["issued_date_precision"] == "month"
    about = workbook(client.get("/exports/items.xlsx", {"catalogue": ZHEN})).worksheets[0]
    cells = [cell for row in about.iter_rows(values_only=True) for cell in row if cell]
    assert "2022-10" in cells and "2022-10-01" not in cells


def test_a_page_printing_only_the_month_gives_a_month_precise_date():
    raw = RawCatalogue(title="", sections=[], issued_date=datetime.date(2022, 10, 1), issued_date_precision="month")
    meta = with_page_details(replace(SEEDS["004_d471104087878b0a.txt"], issued_date=None), raw)
    assert (meta.issued_date, meta.issued_date_precision) == (datetime.date(2022, 10, 1), "month")


def test_an_item_read_from_a_scan_says_so(client, seeds):
    item = Item.objects.published().filter(catalogue=seeds).in_catalogue_order().first()
    shown = text_of(client.get(item.get_absolute_url()))
    assert f"来源 《{seeds.title}》原件第 {item.source_line} 行，扫描件识别录入" in shown


def test_an_item_typed_from_a_document_does_not_claim_a_scan(client, db):
    catalogue = CatalogueFactory(title="某县政务公开目录")
    item = ItemFactory(catalogue=catalogue, level1="最低生活保障", source_line=7)
    shown = text_of(client.get(item.get_absolute_url()))
    assert "《某县政务公开目录》原件第 7 行" in shown
    assert "扫描件" not in shown


def test_a_flagged_item_says_识别录入_only_when_its_catalogue_was_read_from_a_scan(client, seeds):
    """An item in doubt from a web page or a Word file was not read by OCR: its notice does not say so."""
    reasons = ["公开渠道：勾选框“征地信息公开平台”未勾选，未计入"]
    typed = ItemFactory(catalogue=CatalogueFactory(title="某县政务公开目录"), review_reasons=reasons, needs_review=True)
    shown = text_of(client.get(typed.get_absolute_url()))
    assert "请以原件为准" in shown and "可能识别有误" in shown  # the kind of doubt is still told
    assert "识别录入" not in shown
    scanned = Item.objects.published().filter(catalogue=seeds).in_catalogue_order().first()
    Item.objects.filter(pk=scanned.pk).update(review_reasons=reasons, needs_review=True)
    assert "本条文字由原件识别录入" in text_of(client.get(scanned.get_absolute_url()))
