"""Pipe tables as pages converted to text print them: a rule (---|---|) under the header,
the header's cells broken over physical lines after a pipe. Inputs are built by rule from
corpus pipe pages (tests/data/corpus/)."""

import re

import pytest

from catalog.importers.parse import decode, parse
from catalog.importers.records import ImportFailed

from .test_corpus import CORPUS, read, reading

PIPE_PAGES = [
    "sichuan-yajiang-ziranziyuan.txt",
    "yunnan-tengchong-jiuye.txt",
    "neimenggu-abaga-chengshizonghezhifa.txt",
    "fujian-xianganxiangshan-yiwujiaoyu.txt",
    "zhejiang-sanmen-shehuibaoxian.txt",
    "hubei-wuchang-zhongdajianshexiangmu.txt",
]
FIRST_ROW = re.compile(r"^\|?\s*1\s*\|")


def first_row(lines):
    return next(k for k, line in enumerate(lines) if FIRST_ROW.match(line))


@pytest.mark.parametrize("name", PIPE_PAGES)
@pytest.mark.parametrize("rule", ["---|---|---|---|", "| --- | --- | :---: | --- |", "|---|---|"])
def test_a_rule_under_the_header_is_no_row(name, rule):
    lines = decode((CORPUS / name).read_bytes()).split("\n")
    k = first_row(lines)
    raw, items = read(name)
    variant, variant_items = read(name, "\n".join([*lines[:k], rule, *lines[k:]]))
    assert reading(variant_items) == reading(items)
    assert [[c.key for c in s.columns] for s in variant.sections] == [[c.key for c in s.columns] for s in raw.sections]


def test_a_one_row_header_broken_after_a_pipe_with_a_rule_under_it():
    # The shape of a 上海 社会救助 page: no 序号, one header row over two physical lines, a rule.
    header = "公开事项 | 公开内容 (要素) |\n公开依据 | 公开时限 | 公开主体 | 公开对象 | 公开方式 | 公开渠道和载体 |"
    rows = [
        f"{name} | {content} | 《中华人民共和国政府信息公开条例》 | 制定或获取信息之日起{days}个工作日内 | 民政部门 | 全社会 | 主动公开 | 政府网站,公开查阅点 |"
        for name, content, days in [
            ("政策法规文件", "各地配套政策法规文件", 10),
            ("办事指南", "申请材料、办理流程", 20),
        ]
    ]
    raw, items = read("x.txt", "\n".join([header, "---|---|---|---|---|---|---|---|", *rows]))
    assert [c.key for c in raw.sections[0].columns] == [
        "level1", "content", "legal_basis", "deadline", "publisher", "audience", "mode", "channels"
    ]  # fmt: skip
    assert [(i.level1, i.content, i.deadline_days, i.audience_public, i.mode_proactive) for i in items] == [
        ("政策法规文件", "各地配套政策法规文件", 10, True, True),
        ("办事指南", "申请材料、办理流程", 20, True, True),
    ]


def complete_rows(name):
    """The page's lines without its Source line and without the row the excerpt cut."""
    lines = decode((CORPUS / name).read_bytes()).split("\n")
    raw, items = read(name)
    cut = next(p.line for p in raw.problems if p.severity == "warning" and "截断" in p.message)
    return lines[1 : cut - 1], raw, items


@pytest.mark.parametrize(
    "first, second",
    [
        ("sichuan-yajiang-ziranziyuan.txt", "yunnan-tengchong-jiuye.txt"),
        ("yunnan-tengchong-jiuye.txt", "sichuan-yajiang-ziranziyuan.txt"),
        ("yunnan-tengchong-jiuye.txt", "yunnan-tengchong-jiuye.txt"),
    ],
)
def test_domain_tables_one_after_another_under_unnumbered_titles(first, second):
    """A page of several domain tables, each under its title without a (一)/(二) number
    (就业领域基层政务公开标准目录): a section each, with its own domain and rows."""
    one, raw_one, items_one = complete_rows(first)
    two, raw_two, items_two = complete_rows(second)
    title_one, title_two = one[0].strip(), two[0].strip()
    both, items = read("x.txt", "\n".join([*one, "", *two]))
    assert [s.heading for s in both.sections] == [title_one, title_two]
    assert [s.domain_name for s in both.sections] == [raw_one.sections[0].domain_name, raw_two.sections[0].domain_name]
    assert reading(items) == reading(items_one) + reading(items_two)


@pytest.mark.parametrize(
    "name",
    ["qinghai-huzhu-hujiguanli.txt", "shanxi-fangshan-shenongbutie.txt", "yunnan-linxiangnanmei-fupin.txt"],
)
def test_a_header_one_label_a_line_without_blank_lines_is_refused_saying_so(name):
    """One cell a line with no blank line between cells (words wrapped inside a cell look the
    same): the refusal names the header's lines and says what to upload instead."""
    text = "\n".join(line for line in decode((CORPUS / name).read_bytes()).split("\n") if line.strip())
    first = text.split("\n").index("序号") + 1
    with pytest.raises(ImportFailed) as refused:
        parse(text)
    message = str(refused.value)
    assert f"第{first}–" in message and "每个列名各占一行" in message and ".html" in message
    assert "空单元格也要占一行" in message and "Word" in message


@pytest.mark.parametrize("name", ["sichuan-yajiang-ziranziyuan.txt", "yunnan-tengchong-jiuye.txt"])
def test_a_two_row_header_without_xuhao_over_rows_without_numbers(name):
    """序号 printed neither in the header nor at the start of the rows (a page whose 序号
    column stands elsewhere or is gone): the second header row ends where the first row starts."""
    lines = decode((CORPUS / name).read_bytes()).split("\n")
    k = first_row(lines)
    raw, items = read(name)
    # (the header rows' padding of empty cells dropped too: it also tells where a row ends)
    header = [re.sub(r"(\s*\|)+\s*$", " |", re.sub(r"^\|?\s*序号\s*\|", "", line)) for line in lines[:k]]
    rows = [re.sub(r"^(\|?)\s*\d{1,3}\s*\|", r"\1", line) for line in lines[k:]]
    variant, variant_items = read(name, "\n".join([*header, *rows]))
    keys = [c.key for c in raw.sections[0].columns if c.key != "number"]
    assert [c.key for c in variant.sections[0].columns] == keys
    assert [i.level1 for i in variant_items] and all(i.level1 and not i.level1.isdigit() for i in variant_items)


@pytest.mark.parametrize("name", ["sichuan-yajiang-ziranziyuan.txt", "yunnan-tengchong-jiuye.txt"])
def test_a_header_label_broken_over_lines_after_a_pipe_stays_in_the_header(name):
    """ "全社会 |\\n特\\n定群体 |" (a web page's narrow header cell): the broken label is no data row."""
    lines = decode((CORPUS / name).read_bytes()).split("\n")
    k = first_row(lines)
    raw, items = read(name)
    header = "\n".join(re.sub(r"\|\s*特定\s*群体\s*\|", "|\n特\n定群体 |", line) for line in lines[:k]).split("\n")
    assert len(header) > k
    variant, variant_items = read(name, "\n".join([*header, *lines[k:]]))
    assert [c.key for c in variant.sections[0].columns] == [c.key for c in raw.sections[0].columns]
    assert reading(variant_items) == reading(items)
