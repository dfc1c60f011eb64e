"""Issue 15, item 7: misreadings of the seeds found by reading them against the data.

Each test quotes the source lines it reads (fixtures/sources/, the same files as
/work/shared/seeds/) and states the reading a person gives them.
"""

from pathlib import Path

from catalog.importers.pipeline import read_catalogue
from catalog.models.doubts import doubt_codes

from .seeds import S000, SOURCES, items, lines


def whole(source: str):
    """Every item of a seed as the importer reads the whole file."""
    record = read_catalogue((SOURCES / source).read_bytes(), name=Path(source).name)
    return [item for section in record.sections for item in section.items]


def at(records, line: int):
    (item,) = [item for item in records if item.source_line == line]
    return item


# ---- 000 社会救助 序号 9–10 --------------------------------------------------------------


def test_a_merged_top_name_wrapped_over_two_rows_is_one_name():
    # 000 lines 84-85 (序号 7-8) print 一级 “特困人员救助供养”; lines 87-88 (序号 9-10) print
    # “特困人员” and “救助供养”: the one merged cell of rows 9-10, its text wrapped.
    *_, nine, ten = items(lines(S000, (73, 76), (84, 88)))
    assert (nine.number, nine.level1, nine.level2) == ("9", "特困人员救助供养", "审核信息")
    assert (ten.number, ten.level1, ten.level2) == ("10", "特困人员救助供养", "审批信息")
    assert doubt_codes(nine.review_reasons) == doubt_codes(ten.review_reasons) == ["names"]


def test_the_whole_of_000_files_rows_9_and_10_under_the_one_heading():
    records = whole(S000)
    assert {at(records, line).level1 for line in (84, 85, 87, 88)} == {"特困人员救助供养"}
    assert not [item for item in records if item.level1 in ("特困人员", "救助供养")]


# ---- 000 就业 序号 6–7 -------------------------------------------------------------------


def test_a_repeated_element_after_a_list_is_dropped_and_the_list_split():
    # 000 line 120 (序号 6): “服务内容、服务对象、提交材料、服务时间、服务地点（方式）、咨询电话 服务内容”;
    # line 122 (序号 7) prints no content (merged cell); line 123 (序号 8) prints the list alone.
    six, seven, eight = items(lines(S000, (110, 113), (120, 123)))
    listed = ["服务内容", "服务对象", "提交材料", "服务时间", "服务地点（方式）", "咨询电话"]
    for item in (six, seven):
        assert item.content == "服务内容、服务对象、提交材料、服务时间、服务地点（方式）、咨询电话"
        assert item.elements == listed
        assert any("末尾的“服务内容”" in reason for reason in item.review_reasons)
    assert eight.elements == listed


def test_a_space_separated_list_keeps_its_last_element():
    # 000 line 126 (就业 序号 10): “对象范围、 申请人权利和义务、 …、 咨询电话” — spaces after 、 only.
    (ten,) = items(lines(S000, (110, 113), 126))
    assert ten.elements[-1] == "咨询电话"
    assert not any("末尾" in reason for reason in ten.review_reasons)
