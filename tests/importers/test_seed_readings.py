"""Issue 15, item 7: misreadings of the seeds found by reading them against the data.

Each test quotes the source lines it reads (fixtures/sources/, the same files as
/work/shared/seeds/) and states the reading a person gives them.
"""

from pathlib import Path

from catalog.importers.pipeline import read_catalogue
from catalog.models.doubts import doubt_codes

from .seeds import S000, S001, S002, SOURCES, items, lines


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


# ---- 001 (社会保险, OCR of a scan) -------------------------------------------------------


def names(item):
    return (item.level1, item.level2)


def test_a_lone_name_under_a_merged_top_cell_is_a_second_level_name():
    # 001 line 28 prints 养老保险服务 beside 正常退休 申请; lines 30-53 print one name each, the
    # blank of the merged 一级 cell dropped by the OCR (line 47: “25 城镇职工基本养老保险转移接续申请”).
    # 000 lines 170-186 print the same items under 一级 养老保险服务.
    records = whole(S001)
    for line in (30, 32, 34, 36, 38, 47, 48, 49, 53):
        assert at(records, line).level1 == "养老保险服务", line
    assert names(at(records, 47)) == ("养老保险服务", "城镇职工基本养老保险转移接续申请")
    assert (
        "本行只印出一个事项名称“城镇职工基本养老保险转移接续申请”，按二级事项处理，请核对"
        in at(records, 47).review_reasons
    )
    # 工伤保险服务 is printed beside a 二级 on line 77, so line 56 prints it as the 一级 of its
    # group, and line 57 (用人单位办理工伤登记) is a 二级 under it; 失业保险服务 (line 79) likewise.
    assert names(at(records, 57)) == ("工伤保险服务", "用人单位办理工伤登记")
    assert names(at(records, 76))[0] == "工伤保险服务"
    assert names(at(records, 92)) == ("失业保险服务", "技能提升补贴申领")


def test_a_row_of_names_only_does_not_open_a_group():
    # 001 line 84 prints two names (职业介绍 补贴申领, 农民工合同…) with no 序号 and no cells; the
    # lone names of lines 87-92 stay under 失业保险服务 (line 79), as 000 lines 216-226 have them.
    records = whole(S001)
    assert {at(records, line).level1 for line in (87, 88, 92)} == {"失业保险服务"}


def test_rows_repeating_the_name_above_with_ticks_only_are_not_items():
    # 001 lines 38-45: 病残津贴申领 (序号 21), then 养老保险服务 (the merged 一级 cell's label) twice
    # and 病残津贴申领 four times more, with 序号 22-24 on alternate rows and nothing but ticks.
    records = whole(S001)
    assert [item.source_line for item in records if item.level2 == "病残津贴申领"] == [38]
    item = at(records, 38)
    assert (
        "第40行的序号“22”下只重复印了事项名称“养老保险服务”，未单独导入事项，已视为本事项的一部分，请核对"
        in item.review_reasons
    )
    assert "numbering" in doubt_codes(item.review_reasons)
    # Lines 65-67: 工伤康复复 under 序号 40, 41, 42, ticks only: one item.
    assert len([item for item in records if item.level2 == "工伤康复复"]) == 1


def test_numbered_rows_of_ticks_only_are_not_items():
    # 001 lines 81, 85-86: “57”, “59” and “60” with ticks and nothing else.
    records = whole(S001)
    assert not [item for item in records if item.source_line in (81, 85, 86)]
    assert not [item for item in records if item.number in ("22", "23", "24", "41", "42", "57", "59", "60")]


def test_a_run_of_ticks_printed_one_cell_early_keeps_its_spacing():
    # 001 line 31: “✓ _ ✓ _ ✓ ✓” in cells 8-13 of 14 (one blank lost before them); line 9 prints
    # the section's pattern √ _ √ _ √ √ in cells 9-14: 全社会, 主动, 县级, 乡村级.
    *_, item = items(lines(S001, (3, 9), 31), scope="aershan-shebao")
    assert item.level2 == "暂停养老保险待遇申请"
    assert (item.audience_public, item.audience_specific) == (True, False)
    assert (item.mode_proactive, item.mode_on_request) == (True, False)
    assert "ticks" in doubt_codes(item.review_reasons)


def test_on_request_only_against_the_section_is_flagged():
    # 001 lines 9-12 (read without realignment) tick 主动; rows whose ticks stay 依申请 only after
    # realignment (e.g. line 38, 序号 21: ✓ _ ✓ _ ✓ ✓ ✓, five ticks for six columns) are flagged.
    records = whole(S001)
    only_on_request = [item for item in records if item.mode_on_request and not item.mode_proactive]
    assert at(records, 38) in only_on_request
    for item in only_on_request:
        assert any("只勾选了依申请公开" in reason for reason in item.review_reasons), item.source_line
