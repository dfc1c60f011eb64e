"""Each trap of the sources, with real lines taken from them."""

import re

import pytest

from catalog.deadlines.parsing import parse_deadline
from catalog.importers.aliases import correct_ocr
from catalog.importers.cleaners import strip_html
from catalog.importers.laws import split_laws
from catalog.importers.normalise import normalise
from catalog.importers.parse import parse
from catalog.importers.registry import SEEDS

from .seeds import S000, S001, S002, SOURCES, items, lines


def details(item):
    return [channel.detail for channel in item.channels]


def test_blank_merged_cells_take_the_row_above():
    # 000 lines 156-160 (社会保险 6-10): content, laws, deadline and publisher printed once
    six, seven, eight, nine, ten = items(lines(S000, (146, 149), (156, 160)))
    assert seven.content == six.content and seven.content.startswith("事项名称、事项简述")
    assert [law.title for law in seven.laws] == [law.title for law in six.laws]
    assert seven.publishers == ["阿尔山市人力资源和社会保障局"]
    assert ten.deadline_days == 20


def test_a_merged_channel_cell_printed_down_its_rows_is_put_together():
    six, seven, eight, nine, ten = items(lines(S000, (146, 149), (156, 160)))
    assert details(six) == details(seven) == ["阿尔山市人民政府网站", "社保综合服务大厅或政务服务中心"]
    assert details(ten) == ["阿尔山市人民政府网站", "社保综合服务大厅或政务服务中心", "基层公共服务平台"]


def test_same_as_above_inherits_within_the_section():
    one, two, three = items(lines(S000, (99, 105)))
    assert two.legal_basis_text == one.legal_basis_text
    assert len(two.laws) == 2


def test_same_as_above_never_reaches_into_another_section():
    # (六) then (一), whose only row prints 同上 as its 公开时限
    *_, first_of_next = items(lines(S000, (99, 105), (29, 33)))
    assert first_of_next.deadline_text == ""
    assert any("同上" in reason for reason in first_of_next.review_reasons)


def test_a_name_split_by_a_page_break_is_rejoined():
    # 000 lines 120-123: 一级 "职业介绍、职业指导和创业开业指" + "导" on the next page
    six, seven, eight = items(lines(S000, (110, 113), (120, 123)))
    assert six.level1 == seven.level1 == eight.level1 == "职业介绍、职业指导和创业开业指导"
    assert (six.level2, seven.level2) == ("职业介绍", "职业指导")
    assert any("跨页断开" in reason for reason in seven.review_reasons)


def test_a_bracket_split_by_a_page_break_is_rejoined():
    # 000 lines 132-135: "对就业困难人员(含建档立卡贫困" + "劳动力)实施就业援助"
    fifteen, sixteen, seventeen = items(lines(S000, (110, 113), (132, 135)))
    assert fifteen.level1 == sixteen.level1 == seventeen.level1 == "对就业困难人员(含建档立卡贫困劳动力)实施就业援助"


def test_a_law_split_by_a_page_break_is_merged_back_and_reported():
    # 000 lines 311-313: "…政务舆情" + a line holding only "回应的通知》"
    (section,) = normalise(parse(lines(S000, (303, 306), (310, 314))))
    four, five, six = section.items
    titles = [law.title for law in five.laws]
    assert "国务院办公厅关于在政务公开工作中进一步做好政务舆情回应的通知" in titles
    assert any("跨页残行" in problem.message for problem in section.problems)


def test_a_cell_continuing_across_rows_of_the_same_law():
    # 000 lines 249-251: 公开依据 of row 4 ends unclosed, row 5 finishes it
    four, five = items(lines(S000, (242, 245), 249, 251))
    expected = "住房城乡建设部 财政部 国务院扶贫办关于加强和完善建档立卡贫困户等重点对象农村危房改造若干问题的通知"
    assert [law.title for law in four.laws] == [expected]
    assert [law.title for law in five.laws] == [expected]


def test_spaced_characters_are_joined():
    *_, three, four = items(lines(S000, (99, 104), (107, 108)))
    assert three.level1 == "法律咨询服务"
    assert three.level2 == "公共法律服务实体平台、热线平台、网络平台咨询服务"
    assert three.publishers == ["阿尔山市司法局", "公共法律服务中心", "公共法律服务工作站"]
    assert (three.deadline_kind, three.deadline_days) == ("working_days", 20)
    assert four.level1 == "公共法律服务平台"


def test_only_checked_boxes_count():
    (item,) = items(lines(S002, (3, 7)))
    assert [channel.slug for channel in item.channels] == ["zhengfu-wangzhan", "zhengwu-fuwu-zhongxin", "qita"]
    assert not any("勾选框" in reason for reason in item.review_reasons)  # the official template list


def test_an_unticked_local_channel_is_left_out_and_flagged():
    # 000 line 56: the 人民政府网站 box unticked, 入户/现场 ticked
    (item,) = items(lines(S000, (47, 50), 56))
    assert details(item) == ["入户/现场"]
    assert any("阿尔山市人民政府网站" in reason for reason in item.review_reasons)


def test_channels_map_to_the_vocabulary_and_keep_the_printed_detail():
    (item,) = items(lines(S000, (29, 33)))
    assert [(c.slug, c.detail) for c in item.channels] == [
        ("zhengfu-wangzhan", "政府网站"),
        ("liangwei-yiduan", "两微一端"),
        ("fabuhui-tingzhenghui", "发布会听证会"),
        ("qita", "投资项目在线审批监管平台"),
    ]
    assert item.publishers == ["四个镇人民政府"]


def test_shifted_cells_are_read_and_flagged():
    # 000 line 288: no 序号, channels printed under 全社会 and the ticks one column right
    *_, standard = items(lines(S000, (280, 287), 288))
    assert standard.level2 == "标准" and standard.number == ""
    assert [c.slug for c in standard.channels] == ["zhengfu-wangzhan", "liangwei-yiduan", "zhengwu-fuwu-zhongxin"]
    assert standard.publishers == ["阿尔山市应急管理局"]
    assert any("错位" in reason for reason in standard.review_reasons)
    assert any("无序号" in reason for reason in standard.review_reasons)


def test_a_row_with_every_tick_set_is_flagged():
    *_, meeting = items(lines(S000, (280, 287), 290))
    assert meeting.mode_proactive and meeting.mode_on_request
    assert any("公开方式" in reason for reason in meeting.review_reasons)


def test_too_many_ticks_are_flagged():
    # 001 line 23: eight ✓ cells for six tick columns
    *_, eleven = items(lines(S001, (3, 9), 23), scope="aershan-shebao")
    assert any("多出单元格" in reason for reason in eleven.review_reasons)


def test_a_row_missing_its_merged_name_cell_reads_its_ticks_against_the_header():
    # 000 line 347: 一级 lost, every later cell one column left
    *_, four, five = items(lines(S000, (338, 345), 347))
    assert (five.level1, five.level2) == ("扶贫对象", "贫困人口退出")
    assert (five.audience_public, five.mode_proactive, five.mode_on_request) == (True, True, False)
    assert five.levels == four.levels == ["township", "village"]
    assert [law.title for law in five.laws] == ["中共中央办公厅、国务院办公厅关于建立贫困退出机制的意见"]


def test_tick_only_lines_are_reported_not_imported():
    (section,) = normalise(parse(lines(S001, (3, 8), (15, 16))), scope="aershan-shebao")
    assert len(section.items) == 1
    assert any("只有勾选标记" in problem.message for problem in section.problems)
    assert section.items[0].needs_review


def test_a_page_break_residue_in_the_channel_column_is_dropped_and_reported():
    # 000 line 169 holds only "平台"; line 170 starts with it again
    (section,) = normalise(parse(lines(S000, (146, 149), (166, 170))))
    *_, sixteen, seventeen = section.items
    assert "平台" not in details(seventeen)
    assert any("平台" in problem.message for problem in section.problems)
    assert any("平台" in reason for reason in seventeen.review_reasons)


def test_ocr_misreadings_are_corrected_through_the_alias_table_and_recorded():
    *_, twenty = items(lines(S001, (3, 9), 36), scope="aershan-shebao")
    assert twenty.publishers == ["阿尔山市社会保险服务中心"]
    assert [law.title for law in twenty.laws][0] == "中华人民共和国政府信息公开条例"
    assert any("阿爾山巒市" in reason for reason in twenty.review_reasons)


def test_altay_is_corrected_only_in_the_catalogue_where_it_is_a_misreading():
    (corrected,) = items(lines(S001, (3, 9)), scope=SEEDS[S001].ocr_aliases)
    (kept,) = items(lines(S001, (3, 9)), scope="")
    assert corrected.publishers == ["阿尔山市社会保险服务中心"]
    assert kept.publishers == ["阿勒泰市社会保险服务中心"]


def test_genhe_misreading_in_content():
    *_, five = items(lines(S002, (3, 6), 26), scope=SEEDS[S002].ocr_aliases)
    assert five.content.startswith("根河市民政局人事任免信息")


def test_law_aliases_are_one_canonical_law_with_its_document_number():
    short, _ = split_laws("《信息公开条例》及相关规定")  # 000 line 77
    (full, *_), _ = split_laws(
        "《中华人民共和国政府信息公开条例》（中华人民共和国国务院令第711号）"  # 004 line 7
    )
    assert short[0].title == full.title == "中华人民共和国政府信息公开条例"
    assert short[0].document_number == full.document_number == "国务院令第711号"


def test_content_is_split_into_ordered_elements():
    (item,) = items(lines(S002, (3, 7)))
    assert item.elements[:2] == ["国家有关领域的法律", "国务院有关领域的规章"]
    assert len(item.elements) == 5


DEADLINES = [
    ("信息形成或者变更之日起20个工作日内", "working_days", 20, None),
    ("形成或者变更之日起20个工作日内予以公开", "working_days", 20, None),
    ("制定或获取信息之日起10个工作日内，公示7个工作日", "working_days", 10, 7),
    ("信息形成(变更)3个工作日内,公示时间不少于7个工作日", "working_days", 3, 7),
    ("资金分配结果下达15个工作日内", "working_days", 15, None),
    ("本级政府财政部门批复后20日内", "calendar_days", 20, None),
    ("即时公开", "immediate", None, None),
    ("与政策文件同步发布", "immediate", None, None),
    ("按进展情况及时公开", "prompt", None, None),
    ("信息形成后及时公开", "prompt", None, None),
    ("提前一周发通知邀请", "before_event", 7, None),
    ("每年底前集中公布1次当年情况", "periodic", None, None),
    ("按中央要求时限公开", "other", None, None),
    ("征求意见时对外公布的时限内公开", "other", None, None),
    ("公告期后满一个月", "other", None, None),
]


@pytest.mark.parametrize("text, kind, days, publicity", DEADLINES)
def test_deadline_kinds(text, kind, days, publicity):
    parsed = parse_deadline(text)
    assert (parsed.kind, parsed.days, parsed.publicity_days) == (kind, days, publicity)


@pytest.mark.parametrize("source", sorted(SEEDS))
def test_nothing_is_silently_dropped(source):
    """Every data line ends up in an item or in the section's problems."""
    raw = parse((SOURCES / source).read_text(encoding="utf-8"))
    sections = normalise(raw, scope=SEEDS[source].ocr_aliases)
    for raw_section, section in zip(raw.sections, sections):
        kept = {line for item in section.items for line in item.source_text.split("\n")}
        reported = {problem.line for problem in section.problems}
        missing = [row.line for row in raw_section.rows if row.text not in kept and row.line not in reported]
        assert missing == []


@pytest.mark.parametrize("source", sorted(SEEDS))
def test_names_match_the_source_text(source):
    """Names are the printed text, only cleaned of OCR spaces and marks; a name rejoined
    across a page break says so."""
    text = (SOURCES / source).read_text(encoding="utf-8")
    text, _ = correct_ocr(text, SEEDS[source].ocr_aliases)
    flat = re.sub(r"\s+", "", strip_html(text))
    records = items((SOURCES / source).read_text(encoding="utf-8"), scope=SEEDS[source].ocr_aliases)
    rejoined = {
        name
        for item in records
        for reason in item.review_reasons
        if "跨页断开" in reason
        for name in re.findall(r"已合并为“([^”]+)”", reason)
    }
    for item in records:
        for name in (item.level1, item.level2, item.level3):
            if name and re.sub(r"\s+", "", name) not in flat:
                assert name in rejoined, name


def test_angle_brackets_inside_a_title_are_not_taken_for_html():
    # 000 line 185
    *_, thirty = items(lines(S000, (146, 149), 182, 185))
    assert "人力资源社会保障部财政部关于印发<城乡养老保险制度衔接暂行办法>的通知" in [law.title for law in thirty.laws]
