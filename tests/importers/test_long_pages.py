"""Long files in the corpus pages' own layouts read every row as the page's own rows read.

The files are made as bench/import_layouts_bench.py makes them: a page's text above its first
row, then its complete rows over and over, renumbered 1..N (past 999, as a long catalogue
numbers them), each copy's names marked "（第k轮）". Every row must come out with the cells the
page's own row has (``check``), and a few items are checked field by field against the page
(line numbers of tests/data/corpus cited)."""

import pytest

from bench.import_layouts_bench import CORPUS, check, long_page, read_unit
from catalog.importers.normalise import normalise
from catalog.importers.parse import parse

ROWS = 1002  # past 999: four-digit 序号


def items_of(text: str):
    return [item for section in normalise(parse(text)) for item in section.items]


@pytest.mark.parametrize(
    "page",
    [
        "qinghai-huzhu-hujiguanli",  # one cell per line, blank-line separated
        "xinjiang-wuqia-nongcunweifanggaizao",  # one cell per line, each ending " |"
        "jiangxi-fuliangsanlong-jiuzai",  # space-separated columns
        "hubei-tianmen-zhudonggongkaimulu",  # cells run together
        "liaoning-gaizhou-shehuijiuzhu",  # pipes, ticks on lines of their own
    ],
)
def test_every_row_of_a_long_file_reads_as_the_page_row(page):
    unit = read_unit(CORPUS / f"{page}.txt")
    text, made = long_page(unit, ROWS)
    right, wrong = check(unit, text, made)
    assert (right, wrong) == (len(made), [])
    assert len(made) >= ROWS


@pytest.mark.parametrize("page", ["qinghai-huzhu-hujiguanli", "xinjiang-wuqia-nongcunweifanggaizao"])
def test_four_digit_row_numbers_start_rows(page):
    """序号 999, 1000, 1001 ... each start a row (a long catalogue numbers past 999)."""
    unit = read_unit(CORPUS / f"{page}.txt")
    text, made = long_page(unit, 6, first=998)
    assert [n for _, _, n in made][:4] == [998, 999, 1000, 1001]
    assert check(unit, text, made) == (len(made), [])


def test_long_lines_page_items():
    """qinghai-huzhu: rows 1 (lines 42-67) and 2 (lines 70-93) of the page, 501 times over."""
    unit = read_unit(CORPUS / "qinghai-huzhu-hujiguanli.txt")
    text, made = long_page(unit, ROWS)
    items = items_of(text)
    assert len(items) == len(made) == 1002
    first, later, last = items[0], items[1000], items[1001]
    assert (first.number, first.level1, first.level2) == ("1", "出生登记", "出生登记")
    assert (later.number, later.level1, later.level2) == ("1001", "出生登记", "出生登记（第501轮）")
    assert later.content == "受理部门、办理条件、办理流程、所需材料、办理时限、收费依据及标准"  # line 52
    assert later.deadline_text == "形成或者变更之日起20个工作日内予以公开"  # line 58
    assert later.publishers == ["公安机关"]  # lines 60-62
    assert (last.number, last.level1, last.level2) == ("1002", "收养、入籍等登记", "收养登记（第501轮）")
    assert "《收养法》" in last.legal_basis_text  # line 80


def test_long_spaces_page_items():
    """jiangxi-fuliangsanlong: rows 1 (lines 10-16) and 2 (lines 19-25), space-separated."""
    unit = read_unit(CORPUS / "jiangxi-fuliangsanlong-jiuzai.txt")
    text, made = long_page(unit, ROWS)
    items = items_of(text)
    assert len(items) == 1002
    row = items[1000]  # 序号 1001: the page's row 1, 501st copy
    assert row.number == "1001"
    assert row.level1 == "政策文件"
    assert row.content == "与救灾有关的法律、法规"
    assert row.deadline_text == "信息形成或变更之日起20个工作日内"
    assert row.publishers == ["镇级人民政府"]
