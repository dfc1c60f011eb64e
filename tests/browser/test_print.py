"""Printing the official table: Chromium prints the 13-item 社会救助 table of the seed catalogue
to PDF (A4, the page's own print CSS), and the PDF is read back with pdfplumber."""

import io

import pytest
from django.core.management import call_command

from catalog.site.elder import COOKIE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PATH = "/catalogues/aershan-zhen-2022/shehui-jiuzhu/"


def load_seed():
    """Transactional tests may start from a flushed database: recreate the migrations' vocabulary."""
    from importlib import import_module

    from django.apps import apps

    from catalog.models import Catalogue, Domain

    if not Domain.objects.exists():
        initial_data = import_module("catalog.migrations.0002_initial_data")
        initial_data.create_vocabulary(apps, None)
        initial_data.seed_synonyms(apps, None)
    call_command("load_seed", verbosity=0)
    assert Catalogue.objects.filter(slug="aershan-zhen-2022").exists(), "load_seed 没有载入种子目录 aershan-zhen-2022"


def test_the_13_item_table_prints_on_at_most_3_a4_pages_in_both_modes(browser, live_server):
    import pdfplumber  # a dependency of the importer

    from catalog.models import Item

    load_seed()
    numbers = list(
        Item.objects.published()
        .filter(catalogue__slug="aershan-zhen-2022", domain__slug="shehui-jiuzhu")
        .order_by("position")
        .values_list("number", flat=True)
    )
    assert len(numbers) == 13
    for elder in (False, True):
        check_printout(browser, live_server, elder, numbers, pdfplumber)


def check_printout(browser, live_server, elder, numbers, pdfplumber):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if elder:
        context.add_cookies([{"name": COOKIE, "value": "1", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + PATH)
        pdf_bytes = page.pdf(prefer_css_page_size=True)
    finally:
        context.close()

    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
        texts = [p.extract_text() or "" for p in pdf.pages]
        rows = [row for p in pdf.pages for table in p.extract_tables() for row in table]

    mode = "长者模式" if elder else "normal"
    assert len(texts) <= 3, f"{mode}: {len(texts)} pages"
    assert sizes == {(842, 595)}, sizes  # A4 landscape throughout
    first = texts[0].replace("\n", "")
    assert "公开内容（要素）" in first and (numbers[0] or "1") in first  # the table starts on page 1
    assert "社会救助" in first  # the page title
    assert live_server.url + PATH in first and "打印日期" in first  # where and when it was printed
    everything = "".join(texts)
    for control in ("跳到主要内容", "长者模式", "导出全部筛选结果", "退出长者模式"):
        assert control not in everything, control
    # Every body row printed whole: each starts with its 序号 exactly once, none continues on a
    # later page with an empty first cell (a row split across pages would).
    body = [row for row in rows if row and row[0] != "序号"]
    assert [(row[0] or "").strip() for row in body] == [n or str(i + 1) for i, n in enumerate(numbers)]
