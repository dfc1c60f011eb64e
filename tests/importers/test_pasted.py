"""Catalogue tables copied from a web page in Chromium and pasted as text.

The inputs in tests/data/pasted are made by make_pasted.py there: each .html is a page
written by rule from a seed catalogue's items, each .txt what Chromium copies from it
(Ctrl+C, the clipboard read back). The text must import to the items the page itself does.
"""

import re
from pathlib import Path

import pytest

from catalog.importers.normalise import normalise
from catalog.importers.parse import parse_rows
from catalog.importers.readers import read_document, to_raw

from .seeds import S000, lines

PASTED = Path(__file__).resolve().parents[1] / "data" / "pasted"


def read(name: str, data: bytes | None = None):
    path = PASTED / name
    raw = to_raw(read_document(path.read_bytes() if data is None else data, name=name))
    return raw, [item for section in normalise(raw) for item in section.items]


def fields(item, ticks: bool = True):
    kept = (
        item.number,
        item.content,
        item.legal_basis_text,
        item.deadline_text,
        item.publisher_text,
        item.channel_text,
        item.responsible_office,
    )
    if not ticks:
        return kept
    names = (item.level1, item.level2, item.level3)
    flags = (item.audience_public, item.audience_specific, item.mode_proactive, item.mode_on_request)
    reasons = tuple(reason for reason in item.review_reasons if DOUBT not in reason)
    return (*kept, names, flags, tuple(item.levels), reasons)


# What a copied row is flagged with when a text column is left out right after a paragraph
# cell: the copy cannot tell an empty cell from a merged one there (no tab after a paragraph).
DOUBT = "复制的网页文字分不清这是空单元格还是上方合并的单元格"


@pytest.mark.parametrize("name", ["shehuijiuzhu", "yihang", "jiuye", "genhe", "bumen", "kongge", "hebing"])
def test_a_copied_table_imports_to_the_items_of_the_page(name):
    # shehuijiuzhu: the two-row header copied as 序号…公开对象 公开方式 / 全社会 特定群体 主动 依申请,
    # 一级事项 merged down (rows below its first leave it out), <br> and <p> in 公开内容 and the
    # channels (a row over several lines); yihang: the same with its header on one row (a copy
    # told from the seeds' OCR text by its rows that go on over lines) and the footer;
    # jiuye: 公开事项 over 一级/二级事项, 公开内容<br>（要素） (the header over two lines), 公开层级, 公开主体 merged too, the page footer copied below;
    # genhe: three name levels, 公开时限 merged, 责任科室 last; bumen: 一级目录/二级目录, 公开对象
    # as text merged over the whole table, 公开层级 over 州级县级/乡、村级, <th> header cells.
    # kongge: channels in <p>s on every row, then ticks with up to five empty cells before the
    # first √, which the copy leaves no trace of (no tab after a paragraph): the ticks are not
    # moved to the left (nor is an empty tick cell taken as merged from the row above).
    # hebing: the header on one row, 一级事项 and 公开主体 merged down, no line break in any cell: told
    # from a sheet's text by its rows that leave the merged cells out (it was read as a sheet's text:
    # names and content taken from the wrong cells, each such row flagged 单元格错位).
    _, page = read(f"{name}.html")
    raw, pasted = read(f"{name}.txt")
    assert len(page) >= 12
    assert [fields(item) for item in pasted] == [fields(item) for item in page]
    assert [problem.message for problem in raw.problems] == []
    assert raw.layout == "pasted"


def test_a_text_cell_left_out_after_a_paragraph_is_taken_as_merged_and_flagged_for_review():
    # genhe: 公开时限 merged down over rows whose 公开内容 (the cell before it) is a <p>: Chromium
    # copies no tab after the paragraph, so the left-out 公开时限 could as well have been empty.
    # It is read as the merged cell it is on the page, and the row says it could not tell.
    _, page = read("genhe.html")
    _, pasted = read("genhe.txt")
    doubtful = [i for i, item in enumerate(pasted) if any(DOUBT in reason for reason in item.review_reasons)]
    assert doubtful
    for i in doubtful:
        assert pasted[i].deadline_text == page[i].deadline_text == page[i - 1].deadline_text
        assert not any(DOUBT in reason for reason in page[i].review_reasons)
        assert [r for r in pasted[i].review_reasons if DOUBT in r] == [
            "本行“公开时限”未复制出内容：复制的网页文字分不清这是空单元格还是上方合并的单元格，"
            "已按合并单元格沿用上一行，请对照原网页核对"
        ]


def test_a_copied_table_with_a_cell_a_paragraph_keeps_its_items_and_its_footer_is_no_row():
    # Every cell a <p> (as a page pasted from Word): the copy has no tabs, one cell a paragraph,
    # and the empty cells vanish, so which 公开层级 a lone √ ticks, or whether a lone name is a
    # 一级 or a 二级, is not in the text. The rest is; and the footer below the table (附件：…,
    # 来源：…, 【字体：大 中 小】 打印本页 关闭窗口) neither ends the last row nor casts doubt on it.
    _, page = read("shequ.html")
    raw, pasted = read("shequ.txt")
    assert [fields(item, ticks=False) for item in pasted] == [fields(item, ticks=False) for item in page]
    assert [problem.message for problem in raw.problems] == []
    assert not any("附件" in item.channel_text or "打印" in item.channel_text for item in pasted)


def test_the_footer_below_a_tab_table_is_page_text_not_an_item():
    table = lines(S000, (73, 86))
    footer = "\n附件：目录.docx\n\n来源：县人民政府办公室\n\n【字体：大 中 小】 打印本页 关闭窗口"
    _, alone = read("x.txt", table.encode())
    raw, with_footer = read("x.txt", (table + footer).encode())
    assert [fields(item) for item in with_footer] == [fields(item) for item in alone]
    assert raw.problems == []


def test_a_copied_table_cut_in_its_last_row_leaves_that_row_out_with_a_warning():
    text = (PASTED / "jiuye.txt").read_text(encoding="utf-8")
    table = text[: text.index("附件")].rstrip("\n")
    whole, _ = read("x.txt", table.encode())
    assert whole.problems == []
    cut = table[: table.rindex("办理地点")]  # inside the last row's 公开内容
    raw, items = read("x.txt", cut.encode())
    assert [item.number for item in items] == [str(n) for n in range(1, 14)]
    (problem,) = raw.problems
    last = [line.split("\t")[0] for line in cut.split("\n")].index("14") + 1  # where row 14 begins
    assert "可能被截断" in problem.message and problem.line == last


def test_a_grid_whose_second_header_row_starts_with_a_label_is_read_by_position_not_as_a_copy():
    # A sheet without 序号: its second header row starts with 一级事项 under 公开事项. A grid
    # keeps every cell in place (blanks under the rowspans), so it is read by position, not as
    # a browser's copy; it was refused (出现了列不同的新表头), as the row was taken for a header.
    rows = [
        ["公开事项", "", "公开内容", "公开依据", "公开对象", ""],
        ["一级事项", "二级事项", "", "", "全社会", "特定群体"],
        ["最低生活保障", "办事指南", "办理条件、申请材料", "《社会救助暂行办法》", "√", ""],
        ["", "审批信息", "低保对象名单", "《社会救助暂行办法》", "", "√"],
    ]
    raw = parse_rows(rows, title="社会救助领域政务公开标准目录")
    (section,) = raw.sections
    assert [column.key for column in section.columns] == [
        "level1", "level2", "content", "legal_basis", "audience_public", "audience_specific",
    ]  # fmt: skip
    assert [
        (item.level1, item.level2, item.audience_public, item.audience_specific) for item in normalise(raw)[0].items
    ] == [
        ("最低生活保障", "办事指南", True, False),
        ("最低生活保障", "审批信息", False, True),
    ]


def test_a_header_label_a_line_break_cut_is_named_as_printed():
    # jiuye's 公开内容<br>（要素）: copied over two lines, named as one label in the report.
    raw, _ = read("jiuye.txt")
    (section,) = raw.sections
    assert [column.printed for column in section.columns if column.key == "content"] == ["公开内容（要素）"]


def test_ticks_after_a_cell_ending_in_a_line_break_keep_their_columns_or_the_row_says_it_cannot_tell():
    # huanhang: every row's channels end in a <br>. Chromium copies no tab after it, nor for the
    # empty tick cells up to the first √, which came glued to the channels' last line
    # (“…公开查阅点\n√”): the channels took the √ and the ticks moved left. A row with no √ at
    # all ends with its channels, its six tick cells left no trace, as merged ones would: it
    # is read as merged and flagged, not taken from the row above in silence.
    html = (PASTED / "huanhang.html").read_text(encoding="utf-8")
    ticked = ["√" in row for row in re.findall(r"<tr>(.*?)</tr>", html)[2:]]  # below the two header rows
    _, page = read("huanhang.html")
    raw, pasted = read("huanhang.txt")
    assert len(ticked) == len(page) == len(pasted) and 0 < ticked.count(False) < len(ticked)
    for item, copied, has_ticks in zip(page, pasted, ticked):
        assert "√" not in copied.channel_text
        if has_ticks:
            assert fields(copied) == fields(item)
        else:
            assert fields(copied, ticks=False) == fields(item, ticks=False)
            assert [reason for reason in copied.review_reasons if "未复制出内容" in reason] == [
                "本行末尾的“全社会”、“特定群体”、“主动”、“依申请”、“县级”、“乡级”未复制出内容："
                "复制的网页文字分不清这是空单元格（前一格以换行结尾）还是上方合并的单元格，请对照原网页核对勾选"
            ]
    assert [problem.message for problem in raw.problems] == [] and raw.layout == "pasted"


def test_a_lone_tick_of_a_copy_without_empty_cells_is_flagged_not_placed_by_guess():
    # shequ: every cell a <p>, so the copy prints one cell a paragraph and no empty cell; each
    # row's one √ under 县级/乡级/村级 (村级 on the page) cannot be placed from the text. It was
    # read as 县级 in silence; now the row's 公开层级 is left empty and the row says why.
    html = (PASTED / "shequ.html").read_text(encoding="utf-8")
    ticks = [row.count("√") for row in re.findall(r"<tr>(.*?)</tr>", html)[1:]]  # below the header row
    _, page = read("shequ.html")
    raw, pasted = read("shequ.txt")
    assert ticks == [1] * len(page) == [1] * len(pasted)
    for item, copied in zip(page, pasted):
        assert len(item.levels) == 1 and copied.levels == []
        assert (
            "公开层级：原文每格单独成段，空单元格没有印出，分不清“√”勾的是县级、乡级、村级中的哪一项，"
            "未导入公开层级，请对照原件核对"
        ) in copied.review_reasons
    assert raw.problems == []


def test_a_lone_name_of_a_copy_without_empty_cells_is_read_as_the_page_or_flagged():
    # shequ: every cell a <p>; "10 / 司法调解服务 / …" (a 一级 whose 二级 is empty) prints as
    # "5 / 城镇非职工居民独生子女保健费发放 / …" (a 二级 under 生育 merged from above) does. Rows
    # 10-14 were read as 二级 under 就业 in silence, and row 1 as a 二级 under nothing.
    _, page = read("shequ.html")
    _, pasted = read("shequ.txt")
    assert len(page) == len(pasted)
    lone = "本行只印出一个事项名称"
    assert (pasted[0].level1, pasted[0].level2) == (page[0].level1, page[0].level2)  # nothing above it
    wrong = 0
    for item, copied in zip(page, pasted):
        said = [reason for reason in copied.review_reasons if lone in reason]
        if (copied.level1, copied.level2) != (item.level1, item.level2):
            wrong += 1
            assert said and f"“{item.level1 if not item.level2 else item.level2}”" in said[0], item.number
        if not (item.level1 and item.level2):  # a lone name on the page, lone in the copy too
            assert said, item.number
    assert wrong  # the page has such rows: the test reads some
