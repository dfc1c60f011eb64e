"""The byline chrome of real pages (来源 / 作者 / 时间 / 点击) read as metadata, not as values
of one another. Inputs are built by rule from the labels pagetext.KEYS knows and the
bylines counties print: labels left empty ("作者:  点击:[]"), a label printed without its
colon after a value ("发布日期:2020-12-15 10:22:00    来源 访问量:")."""

import pytest

from catalog.importers.pagetext import KEYS, read_page
from catalog.importers.parse import decode, parse
from catalog.importers.records import NoTableFound

from .test_corpus import CORPUS, read, reading
from .test_empty_basis import ALL_MARKS

KEPT = sorted(key for key, label in KEYS.items() if label and key not in ("Source", "标题"))
COUNTS = sorted(key for key, label in KEYS.items() if label is None)


@pytest.mark.parametrize("key", KEPT)
@pytest.mark.parametrize("after", ["点击:[]", "来自:", "编辑:", "点击数:人次"])
def test_a_label_printed_empty_does_not_take_the_next_label_as_its_value(key, after):
    page = read_page([(1, f"{key}:  {after}  时间:2023-06-28")])
    assert all(label != KEYS[key] or value == "2023-06-28" for label, value in page.metadata), page.metadata
    assert ("发布时间", "2023-06-28") in page.metadata


@pytest.mark.parametrize("key", KEPT)
@pytest.mark.parametrize("count", COUNTS)
def test_a_label_printed_without_its_colon_after_a_value_is_not_part_of_the_value(key, count):
    page = read_page([(1, f"发布日期:2020-12-15 10:22:00    {key} {count}:")])
    assert page.metadata == [("发布日期", "2020-12-15 10:22:00")]


def test_the_bylines_of_real_pages():
    # 滕州 户籍管理 (作者/来自/时间), 牟定 戌街乡 城乡规划 (来源/作者/点击), 瑞金 户籍管理 (来源 without colon)
    assert read_page([(1, "作者: 来自: 时间:2023-06-28")]).metadata == [("发布时间", "2023-06-28")]
    assert read_page([(1, "发布日期:2022-08-10   来源:   作者:  点击:[]")]).metadata == [("发布日期", "2022-08-10")]
    page = read_page([(1, "发布日期:2020-12-15 10:22:00    来源 访问量:")])
    assert page.metadata == [("发布日期", "2020-12-15 10:22:00")] and page.date.isoformat() == "2020-12-15"


# Corpus pages whose line 2 is the catalogue's title, above a pipe table.
TITLED_PIPE_PAGES = [
    "sichuan-yajiang-ziranziyuan.txt",
    "yunnan-tengchong-jiuye.txt",
    "neimenggu-abaga-chengshizonghezhifa.txt",
    "fujian-xianganxiangshan-yiwujiaoyu.txt",
]


@pytest.mark.parametrize("name", TITLED_PIPE_PAGES)
def test_a_metadata_grid_in_pipes_names_the_table_by_its_title(name):
    """A page whose 索引号 grid is printed as pipe rows above the table, its title as the
    grid's 名称 (as a copied 信息公开 page prints it), reads as the page with the title alone."""
    lines = decode((CORPUS / name).read_bytes()).split("\n")
    title = next(cell.strip() for cell in lines[1].split("|") if cell.strip())
    grid = [
        "| 索引号: | 000000/2025-00001 | 分类: | |",
        "| 发布机构: | 某县某局 | 成文日期: | 2025-12-02 |",
        f"| 名称: | {title} | ||",
        "| 文号: | 发布日期: | 2025-12-02 | |",
        "| 主题词: | |||",
    ]
    raw, items = read(name)
    variant, variant_items = read(name, "\n".join([lines[0], *grid, *lines[2:]]))
    assert [s.heading for s in variant.sections] == [title] == [s.heading for s in raw.sections]
    assert [s.domain_name for s in variant.sections] == [s.domain_name for s in raw.sections]
    assert reading(variant_items) == reading(items)
    assert ("标题", title) in variant.metadata and ("发布机构", "某县某局") in variant.metadata
    assert not any(value.startswith("发布日期") for _, value in variant.metadata)


@pytest.mark.parametrize("name", TITLED_PIPE_PAGES)
def test_a_metadata_grid_without_a_title_is_not_taken_for_one(name):
    lines = decode((CORPUS / name).read_bytes()).split("\n")
    grid = ["| 索引号: | 000000/2025-00001 | 分类: | |", "| 发布机构: | 某县某局 | 成文日期: | 2025-12-02 |"]
    variant, _ = read(name, "\n".join([lines[0], *grid, *lines[2:]]))
    assert all("索引号" not in s.heading and "|" not in s.heading for s in variant.sections), variant.sections[
        0
    ].heading
    assert "索引号" not in variant.title


def issuer(page) -> str:
    try:
        return parse(decode(page.read_bytes())).issuer
    except NoTableFound:
        return ""


# Every corpus page that names its issuer (发布机构, 填报单位) in its metadata.
ISSUED = [(page.name, issuer(page)) for page in sorted(CORPUS.glob("*.txt")) if issuer(page)]


@pytest.mark.parametrize("mark", ALL_MARKS)
@pytest.mark.parametrize("name, printed", ISSUED)
def test_an_issuer_printed_as_none_is_no_issuer(name, printed, mark):
    """发布机构 printed as a mark for "none" (cleaners.NONE_MARK: 无, 暂无, /, ／, —, …) names no one."""
    text = decode((CORPUS / name).read_bytes()).replace(printed, mark, 1)
    assert parse(text).issuer == ""
