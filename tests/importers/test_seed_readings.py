"""Issue 15, item 7: misreadings of the seeds found by reading them against the data.

Each test quotes the source lines it reads (fixtures/sources/, the same files as
/work/shared/seeds/) and states the reading a person gives them.
"""

from pathlib import Path

from catalog.importers.pipeline import read_catalogue
from catalog.models.doubts import doubt_codes

from .seeds import S000, S002, SOURCES, items, lines


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


# ---- 002 lines 34-39 ------------------------------------------------------------------


def slugs(item):
    return [channel.slug for channel in item.channels]


def test_rows_above_a_page_break_in_the_merged_cell_of_the_next_top_name():
    # 002 line 34 prints the boxes ☑政府网站 □政府公报 □两微一端 □发布会/听证会 and stops; after the
    # page break (line 36) line 37 prints the rest (□广播电视台 … □其他) and opens 一级 政府信息公开工作
    # without a 序号, which line 38 prints (9): the merged 一级, 序号 and 公开渠道 cells of 9 begin on
    # line 34. So lines 34-35 (政府信息公开指南, 政府信息公开目录) are 政府信息公开工作, not 财政信息
    # (line 30), and take its 公开时限 and 公开主体 (line 37), not 即时公开 (line 33) and 财务室 (line 30).
    records = items(lines(S002, (3, 6), (30, 39)))
    eight, *finance, guide, directory, rules, report, on_request = records
    assert eight.level1 == "财政信息" and {item.level1 for item in finance} == {"财政信息"}
    assert finance[-1].deadline_text == "即时公开"
    for item in (guide, directory):
        assert item.level1 == "政府信息公开工作"
        assert item.deadline_text == rules.deadline_text == "信息产生或变更之日起20个工作日内公开"
        assert item.publisher_text == "办公室"
        assert "page_break" in doubt_codes(item.review_reasons)
    assert (guide.level2, directory.level2) == ("政府信息公开指南", "政府信息公开目录")
    assert report.number == "9" and report.level1 == "政府信息公开工作"


def test_a_box_list_split_by_a_page_break_is_joined():
    # 002 lines 34 and 37: one list of 13 boxes (as line 7 prints it whole), ticked only at 政府网站.
    *_, guide, directory, rules, report, on_request = items(lines(S002, (3, 6), (30, 39)))
    for item in (guide, directory, rules, report, on_request):
        assert slugs(item) == ["zhengfu-wangzhan"]
    assert "公开渠道为空或均未勾选" not in rules.review_reasons


def test_a_list_of_ticked_boxes_only_is_not_a_cut_template():
    # 000 lines 85 and 87 (社会救助 8 and 9, a page break between): ■ lists of the channels used.
    *_, eight, nine = items(lines(S000, (73, 76), (84, 87)))
    assert slugs(eight) == ["zhengfu-wangzhan", "gongkai-chayuedian"]
    assert slugs(nine) == ["gongshilan"]


def test_the_whole_of_002_reads_lines_34_to_39_under_one_top_name():
    records = whole(S002)
    assert {at(records, line).level1 for line in (34, 35, 37, 38, 39)} == {"政府信息公开工作"}
    assert all(slugs(at(records, line)) == ["zhengfu-wangzhan"] for line in (34, 35, 37, 38, 39))
    assert at(records, 33).level1 == "财政信息"
