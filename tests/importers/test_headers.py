"""The header vocabulary and the column mapping every reader shares."""

import pytest

from catalog.importers.headers import (
    CLOSE,
    EXACT,
    GIVEN,
    GUESS,
    UNKNOWN,
    apply_overrides,
    columns_from_labels,
    map_columns,
    match_label,
    parse_overrides,
)
from catalog.importers.normalise import normalise
from catalog.importers.parse import parse, parse_rows
from catalog.importers.records import ImportFailed, MissingNames, NoTableFound


@pytest.mark.parametrize(
    "printed, field, certainty",
    [
        ("一级目录", "level1", EXACT),
        ("三级事项", "level3", EXACT),
        ("具体职责", "level1", EXACT),
        ("业务事项", "level2", EXACT),
        ("信息类别", "level3", EXACT),
        ("内容标准", "content", EXACT),
        ("公开属性", "mode", EXACT),
        ("公开渠道", "channels", EXACT),
        ("特定对象", "audience_specific", EXACT),
        ("责任科室", "office", EXACT),
        ("全社 会", "audience_public", EXACT),  # a word split by a space (jiayin line 3)
        ("依申\n请公 开", "mode_on_request", EXACT),  # and by a line break (gaizhou lines 6-7)
        ("社会", "audience_public", CLOSE),  # the first character lost (fengjieqinglian line 34)
        ("申请", "mode_on_request", CLOSE),  # (fengjieqinglian line 41)
        ("开渠道", "channels", CLOSE),  # pingwu line 3
        ("公开渠道和载体 (“■”表示必选项,“□”表示可选项)", "channels", CLOSE),  # abaga line 5
        ("公开形式", "other", UNKNOWN),
        ("咨询电话", "other", UNKNOWN),
    ],
)
def test_vocabulary(printed, field, certainty):
    found = match_label(printed)
    assert (found.field, found.certainty) == (field, certainty)


@pytest.mark.parametrize(
    "printed, levels",
    [
        ("市级", ("city",)),
        ("区级", ("county",)),
        ("州级", ("city",)),
        ("县级", ("county",)),
        ("镇级", ("township",)),
        ("乡级", ("township",)),
        ("村级", ("village",)),
        ("乡、村级", ("township", "village")),
        ("社区", ("village",)),
        ("州级县级", ("city", "county")),
    ],
)
def test_level_headers(printed, levels):
    found = match_label(printed)
    assert (found.field, found.levels) == ("level", levels)


def test_a_grid_header_with_its_groups_repeated_over_their_span():
    # what a reader that repeats merged cells over their span hands in
    top = ["序号", "公开事项", "公开事项", "公开内容", "公开对象", "公开对象", "公开层级", "公开层级"]
    sub = ["序号", "一级事项", "二级事项", "公开内容", "全社会", "特定群体", "县级", "乡、村级"]
    mapping = map_columns([top, sub])
    assert [c.key for c in mapping.columns] == [
        "number",
        "level1",
        "level2",
        "content",
        "audience_public",
        "audience_specific",
        "level",
        "level",
    ]
    assert [c.printed for c in mapping.columns][4:] == [
        "公开对象／全社会",
        "公开对象／特定群体",
        "公开层级／县级",
        "公开层级／乡、村级",
    ]


def test_a_header_without_grid_positions_gives_sub_headers_to_their_groups():
    columns = columns_from_labels(
        ["序号", "公开事项", "公开内容", "公开对象", "公开方式", "公开层级"],
        ["一级事项", "二级事项", "全社会", "特定群众", "主动", "依申请公开", "县级", "乡级"],
    )
    assert [c.key for c in columns] == [
        "number",
        "level1",
        "level2",
        "content",
        "audience_public",
        "audience_specific",
        "mode_proactive",
        "mode_on_request",
        "level",
        "level",
    ]


def test_a_directory_model_with_a_category_above_four_levels():
    # henan-zhecheng lines 36-60: 分类 / 一级–四级目录 / … / 公开事项 printed alone
    columns = columns_from_labels(
        [
            "序号",
            "分类",
            "一级目录",
            "二级目录",
            "三级目录",
            "四级目录",
            "公开依据",
            "公开事项",
            "事项内容",
            "公开时限",
            "公开方式",
            "公开形式",
            "公开主体",
        ],
        [],
    )
    assert [c.key for c in columns] == [
        "number",
        "level1",
        "level3",
        "level3",
        "level3",
        "level3",
        "legal_basis",
        "level2",
        "content",
        "deadline",
        "mode",
        "other",
        "publisher",
    ]


def test_overrides_by_header_or_position_and_their_errors():
    mapping = map_columns([["序号", "具体职责", "业务事项", "公开形式", "公开内容"]])
    changed = apply_overrides(mapping, parse_overrides("具体职责=ignore, #4=content, 业务事项=level1"))
    assert [(c.key, c.certainty) for c in changed.columns] == [
        ("number", EXACT),
        ("ignore", GIVEN),
        ("level1", GIVEN),
        ("content", GIVEN),
        ("content", EXACT),
    ]
    assert [index for index, _ in changed.kept()] == [0, 2, 3, 4]
    with pytest.raises(ImportFailed, match="“备注”不在文件的表头中.*“具体职责”"):
        apply_overrides(mapping, {"备注": "other"})
    with pytest.raises(ImportFailed, match="“名称”不是可选的字段"):
        apply_overrides(mapping, {"具体职责": "名称"})


def test_grid_rows_with_an_unknown_column_keep_it_as_other_information():
    rows = [
        ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "咨询电话"],
        [
            "1",
            "计划实施",
            "任务分配",
            "补助农户名单",
            "《政府信息公开条例》",
            "20个工作日内",
            "乡镇人民政府",
            "0816-8859127",
        ],
    ]
    raw = parse_rows(rows, title="农村危房改造领域基层政务公开标准目录", reader="xlsx")
    assert (raw.reader, raw.layout) == ("xlsx", "grid")
    (section,) = raw.sections
    assert section.domain_name == "农村危房改造"
    (item,) = normalise(raw)[0].items
    assert item.other_info == [("咨询电话", "0816-8859127")]
    assert any("咨询电话" in p.message and p.severity == "note" for p in raw.problems)


def test_grid_rows_with_an_override_drop_a_column_and_rename_another():
    rows = [
        ["序号", "具体职责", "业务事项", "信息类别", "内容标准", "公开形式"],
        ["1", "规划管理", "城乡规划", "规划批复", "批复文件全文", "文字"],
    ]
    raw = parse_rows(rows, title="某局主动公开信息全清单", overrides={"具体职责": "ignore", "公开形式": "other"})
    (item,) = normalise(raw)[0].items
    assert (item.level1, item.level2, item.level3, item.content) == ("", "城乡规划", "规划批复", "批复文件全文")
    assert item.other_info == [("公开形式", "文字")]


def test_a_grid_without_any_header_is_not_a_catalogue():
    with pytest.raises(NoTableFound, match="不像是一份政务公开目录"):
        parse_rows([["姓名", "电话"], ["张三", "123"]])


def test_a_header_without_names_says_what_it_found_and_what_to_do():
    with pytest.raises(ImportFailed) as error:
        parse_rows(
            [["序号", "事项", "公开内容", "公开依据", "公开时限"], ["1", "低保", "名单", "《条例》", "20个工作日内"]]
        )
    message = str(error.value)
    assert "没有事项名称列" in message and "“事项”" in message and "--columns" in message


def test_a_cut_header_is_read_from_its_cells():
    # shanghai-qingpu line 8: "公开 | 公开" where 公开时限 / 公开主体 were cut short
    rows = [
        ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开", "公开"],
        [
            "1",
            "政策文件",
            "教育法律",
            "教育法律、规章制度",
            "《条例》",
            "信息形成或者变更之日起20个工作日内",
            "区教育局",
        ],
    ]
    raw = parse_rows(rows, title="义务教育领域基层政务公开标准目录")
    assert [(c.key, c.certainty) for c in raw.sections[0].columns][5:] == [("deadline", GUESS), ("publisher", GUESS)]


def test_a_correction_for_a_later_table_is_not_called_missing_from_the_file():
    """--columns on a file of two tables, the first without a name column: the header given
    for the second table is not yet seen when the first is refused, so the refusal names the
    first table's missing name column and says the header is not in *this* table, never that
    the file lacks it."""
    header = "\t公开内容（要素）\t公开依据\t公开时限\t公开主体\t公开渠道和载体\n"
    row = "\t申请条件、办理流程\t《社会救助暂行办法》\t自信息形成之日起20个工作日内\t县民政局\t政府网站\n"
    text = (
        f"（一）社会救助领域\n序号\t工作项目{header}1\t最低生活保障审批{row}"
        f"（二）养老服务领域\n序号\t服务名目{header}1\t高龄津贴{row}"
    )
    with pytest.raises(MissingNames) as refused:
        parse(text, overrides={"服务名目": "level1"})
    message = str(refused.value)
    assert message.startswith("第2行的表头：")
    assert "“服务名目”不在这张表的表头中" in message and "不在文件的表头中" not in message
    assert "“工作项目”" in message  # what the refused table printed
    # Named for both tables, the file reads; named for neither, the file is what lacks it.
    raw = parse(text, overrides={"工作项目": "level1", "服务名目": "level1"})
    assert [len(section.rows) for section in raw.sections] == [1, 1]
    with pytest.raises(ImportFailed, match="“备注”不在文件的表头中"):
        parse(text.replace("工作项目", "一级事项"), overrides={"备注": "other", "服务名目": "level1"})


@pytest.mark.parametrize("top, sub", [("公开内容", "（要素）"), ("公开内", "容（要素）"), ("公开内容", "(要素)")])
def test_a_grid_header_whose_second_row_finishes_the_name_above(top, sub):
    """The second header row holds the rest of a column's name (康巴什区's "(要素)" line, or a
    word the top row broke), not a column of its own: the 公开内容 stays 公开内容."""
    rows = [
        ["序号", "一级事项", top, "公开依据", "公开对象", "", "公开方式", ""],
        ["", "", sub, "", "全社会", "特定群体", "主动", "依申请"],
        ["1", "救灾物资", "物资名称、数量", "《自然灾害救助条例》", "√", "", "√", ""],
    ]
    raw = parse_rows(rows, title="救灾生产领域基层政务公开标准目录", reader="xlsx")
    assert [c.key for c in raw.sections[0].columns] == [
        "number",
        "level1",
        "content",
        "legal_basis",
        "audience_public",
        "audience_specific",
        "mode_proactive",
        "mode_on_request",
    ]
    (item,) = normalise(raw)[0].items
    assert (item.content, item.audience_public, item.mode_proactive, item.other_info) == (
        "物资名称、数量",
        True,
        True,
        [],
    )
