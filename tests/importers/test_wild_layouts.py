"""Layouts met on real catalogue pages beyond the corpus (issue 14), each input built by rule.

Each test builds a page in the layout a real page used and checks that it reads as the same
page printed plainly does."""

from catalog.importers.normalise import normalise
from catalog.importers.readers import read_document, to_raw

# The official header, as two rows of labels (groups over sub-headers).
TOP = [
    "序号",
    "公开事项",
    "公开内容(要素)",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
]
SUB = ["一级事项", "二级事项", "全社会", "特定群众", "主动", "依申请公开"]


def cells(n: int) -> list[str]:
    """Row n: names, content, basis, deadline, publisher, channel, 全社会 and 主动 ticked."""
    return [str(n), f"第{(n + 1) // 2}类事项", f"事项{n}", f"事项{n}的办理条件和结果", f"《测试办法第{n}号》",
            "信息形成之日起20个工作日内", "测试县交通运输局", "■政府网站", "√", " ", "√", " "]  # fmt: skip


def read(text: str):
    raw = to_raw(read_document(text.encode("utf-8"), name="目录.txt"))
    items = [item for section in normalise(raw) for item in section.items]
    columns = [(c.key, c.levels) for c in raw.sections[0].columns]
    fields = [
        (i.number, i.level1, i.level2, i.content, [law.title for law in i.laws], i.deadline_days, i.publishers,
         [c.slug for c in i.channels], i.audience_public, i.audience_specific, i.mode_proactive, i.mode_on_request)
        for i in items
    ]  # fmt: skip
    return raw, columns, fields


def lines_page(labels: list[str], rows: int) -> str:
    """One cell per line, cells between blank lines (a lone space is an empty cell)."""
    body = labels + [cell for n in range(1, rows + 1) for cell in cells(n)]
    return "交通运输领域基层政务公开标准目录\n\n" + "\n\n".join(body) + "\n"


def broken(label: str) -> list[str]:
    """A label broken in the middle as a narrow header cell wraps it: 公开时限 -> 公开 / 时限."""
    half = len(label) // 2
    return [label[:half], label[half:]] if len(label) >= 3 else [label]


def test_header_labels_broken_over_blank_lines_read_as_the_whole_labels():
    # 苏尼特左旗's 交通运输 page prints 公开 / 时限, 公开 / 主体, 一级 / 事项 and 特定 / 群众 as
    # paragraphs of their own, exactly like cell breaks; its rows were read as garbage.
    plain = read(lines_page(TOP + SUB, 4))
    assert plain[0].layout == "lines" and len(plain[2]) == 4
    assert plain[2][0] == ("1", "第1类事项", "事项1", "事项1的办理条件和结果", ["测试办法第1号"], 20, ["测试县交通运输局"],
                           ["zhengfu-wangzhan"], True, False, True, False)  # fmt: skip
    labels = [piece for label in TOP + SUB for piece in broken(label)]
    assert "时限" in labels and "社会" in labels  # 全 / 社会: 社会 alone reads as 全社会 without its 全
    raw, columns, fields = read(lines_page(labels, 4))
    assert (columns, fields) == plain[1:]


def spaces_page(top_lines: list[str], rows: int, publisher: str = "测试县自然资源局") -> str:
    """Space-separated columns (PDF text): the header's lines, then one row a line."""
    body = top_lines + ["一级事项 二级事项"]
    for n in range(1, rows + 1):
        body.append(f"{n} 第{(n + 1) // 2}类事项 事项{n} 事项{n}的办理条件和结果 《测试办法第{n}号》 "
                    f"信息形成之日起20个工作日内 {publisher} ■政府网站 口政务服务中心")  # fmt: skip
    return "自然资源领域基层政务公开标准目录\n" + "\n".join(body) + "\n"


def test_a_space_separated_header_wrapped_over_lines_is_one_header_row():
    # 南江县's 自然资源 page (PDF text) wraps its header row over five lines, two of them only a
    # bracketed note: "序号 公开事项 公开内容" / "(要素)" / "公开依据 公开时限 公开主体 公开渠道和载体" /
    # "(在标注范围内至少选择其一公开…)"; the file was refused for want of a name column.
    labels = ["序号", "公开事项", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
    plain = read(spaces_page([" ".join(labels)], 3))
    assert plain[0].layout == "spaces" and [f[:3] for f in plain[2]] == [
        ("1", "第1类事项", "事项1"), ("2", "第1类事项", "事项2"), ("3", "第2类事项", "事项3")
    ]  # fmt: skip
    assert plain[2][0][3:8] == (
        "事项1的办理条件和结果",
        ["测试办法第1号"],
        20,
        ["测试县自然资源局"],
        ["zhengfu-wangzhan"],
    )
    for width in (2, 3, 4):  # labels a line
        wrapped = []
        for start in range(0, len(labels), width):
            wrapped.append(" ".join(label.replace("(要素)", "") for label in labels[start : start + width]))
            if "公开内容(要素)" in labels[start : start + width]:
                wrapped.append("(要素)")
            if "公开渠道和载体" in labels[start : start + width]:
                wrapped.append("(在标注范围内至少选择其一公开,法律法规规章另有规定的从其规定)")
        raw, columns, fields = read(spaces_page(wrapped, 3))
        assert (raw.layout, columns, fields) == ("spaces", *plain[1:]), wrapped


def test_a_cjk_box_run_into_the_entry_before_it_is_a_box_where_the_cell_uses_it_so():
    # 南江县's channel grid prints 口 for □ and runs two entries together on a line:
    # "口便民服务站口入户/现场"; the second box was read as part of the first entry.
    from catalog.importers.channels import parse_channels
    from catalog.models.standards import STANDARD_CHANNELS

    names = [name for name, _, _ in STANDARD_CHANNELS if name != "政府网站"]
    for first, second in zip(names, names[1:]):
        refs, notes = parse_channels(f"■政府网站 口政府公报\n口{first}口{second}")
        assert ([r.slug for r in refs], notes) == (["zhengfu-wangzhan"], []), (first, second)
        refs, notes = parse_channels(f"■政府网站 口政府公报\n口{first}■{second}")
        assert [r.detail for r in refs] == ["政府网站", second]
    # ■其他渠道 (a gas company's page) is the option 其他 named at length, not a channel "渠道".
    refs, notes = parse_channels("■政府网站 ■其他渠道")
    assert ([(r.slug, r.detail) for r in refs], notes) == ([("zhengfu-wangzhan", "政府网站"), ("qita", "其他渠道")], [])
    # Without a 口 box elsewhere in the cell, 口 inside words stays text (人口, 出口).
    refs, _ = parse_channels("■人口信息网站 ■政府网站")
    assert [r.detail for r in refs] == ["人口信息网站", "政府网站"]


def test_a_filled_diamond_ticks_a_channel_as_a_filled_square_does():
    # A 城乡规划 page prints its channels "◆政府网站 ◆广播电视": "◆广播电视" fell to 其他.
    from catalog.importers.channels import parse_channels
    from catalog.models.standards import STANDARD_CHANNELS

    for name, _, _ in STANDARD_CHANNELS:
        assert parse_channels(f"◆政府网站 ◆{name} □政府公报") == parse_channels(f"■政府网站 ■{name} □政府公报"), name


def test_a_note_in_brackets_broken_over_blank_lines_stays_with_its_header_label():
    # 腾冲市荷花镇's 房屋征收 page: "公开渠道和载体(“■”表示必选" / "项,“口”表示可选项)" as two
    # paragraphs; the header ended at the second, and the file was refused (a second header).
    plain = read(lines_page(TOP + SUB, 3))
    note = ["公开渠道和载体(“■”表示必选", "项,“口”表示可选项)"]
    labels = [piece for label in TOP + SUB for piece in (note if label == "公开渠道和载体" else [label])]
    raw, columns, fields = read(lines_page(labels, 3))
    assert raw.sections[0].columns[7].label == "公开渠道和载体(“■”表示必选项,“口”表示可选项)"
    assert (columns, fields) == plain[1:]


GLUED_TOP = "序号公开事项公开内容(要素)公开依据公开时限公开主体公开渠道和载体公开对象公开方式公开层级"
GLUED_SUB = ["一级事项", "二级事项", "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"]


def glued_cells(n: int) -> list[str]:
    """Row n of a table whose cells run together: its 公开内容 a list printed one entry a line."""
    return [str(n), f"第{(n + 1) // 2}类信息", f"{'甲乙丙丁戊己庚辛壬癸'[(n - 1) % 10]}项公告", "受理范围;\n受理地点。", f"《测试办法第{n}号》(测政发〔2020〕{n}号)",
            "信息形成(变更)20个工作日内", "测试县住房保障行政主管部门", "■政府网站 ■两微一端"]  # fmt: skip


def test_cells_run_together_over_several_lines_are_one_row_cut_by_content():
    # 凌源市's 保障性住房 page runs every cell together, with its 要素 one per line and its levels
    # (县级乡、村级) in the sub-header: the sub-header and each 要素 line became items of their own
    # (18 from 5 rows), and 公开时限, 公开主体 and 公开渠道 stayed inside 公开依据.
    pipe_page = "保障性住房领域基层政务公开标准目录\n" + "\n".join(
        [" | ".join(["序号", "公开事项", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                     "公开对象", "公开方式", "公开层级"]) + " |", " | ".join(GLUED_SUB) + " |"]
        + [" | ".join(c.replace("\n", "") for c in glued_cells(n)) + " | | | | | | |" for n in range(1, 5)]
    )  # fmt: skip
    glued_page = "保障性住房领域基层政务公开标准目录\n" + "\n".join(
        [GLUED_TOP, "".join(GLUED_SUB)] + ["".join(glued_cells(n)) for n in range(1, 5)]
    )
    plain, glued = read(pipe_page + "\n"), read(glued_page + "\n")
    assert plain[0].layout == "pipe" and glued[0].layout == "glued"
    assert glued[1] == plain[1]  # the same columns, levels included
    assert [f[:8] for f in glued[2]] == [f[:8] for f in plain[2]]
    assert [f[1:3] for f in plain[2]] == [("第1类信息", "甲项公告"), ("第1类信息", "乙项公告"),
                                          ("第2类信息", "丙项公告"), ("第2类信息", "丁项公告")]  # fmt: skip


def pipe_sections(heading_row) -> str:
    """Two domain sections of pipe tables, each under its heading printed by heading_row."""
    out = ["某街道基层政务公开标准目录"]
    for k, domain in enumerate(["重大建设项目", "公共资源交易"]):
        out.append(heading_row(f"({'一二'[k]}){domain}领域基层政务公开标准目录"))
        out.append(" | ".join(TOP + ["公开层级"]) + " |")
        out.append(" | ".join(SUB + ["乡级"]) + " |")
        for n in (1, 2):
            row = cells(n)
            # The ticks wrap onto lines of their own, as on 通海县九龙街道's page.
            out.append(" | ".join(row[:8]) + " | √ |")
            out.append("| √ |")
            out.append("| √ |")
    return "\n".join(out) + "\n"


def test_a_domain_heading_printed_as_a_pipe_row_opens_a_new_section():
    # 通海县九龙街道's page: "(一)重大建设项目领域基层政务公开标准目录 |" above each table. The
    # headings were not seen (they hold a |): the tables ran together as one, without their
    # domains, and the page was refused at a later table's header.
    plain = to_raw(read_document(pipe_sections(lambda h: h).encode(), name="目录.txt"))
    assert [(s.domain_name, len(s.rows)) for s in plain.sections] == [("重大建设项目", 2), ("公共资源交易", 2)]
    for style in (lambda h: f"{h} |", lambda h: f"| {h} | | | |", lambda h: f"{h} | |||||||"):
        raw = to_raw(read_document(pipe_sections(style).encode(), name="目录.txt"))
        assert [(s.heading, s.domain_name) for s in raw.sections] == [
            (s.heading, s.domain_name) for s in plain.sections
        ]
        assert [[r.cells for r in s.rows] for s in raw.sections] == [[r.cells for r in s.rows] for s in plain.sections]


def one_cell_a_line_pipe(top: list[str], sub: list[str], third: list[str], rows: int) -> str:
    """Each cell on a line of its own closed by " |" (the rows run on until the next 序号)."""
    body = top + sub + third + [cell for n in range(1, rows + 1) for cell in cells(n)]
    return "自然资源领域基层政务公开标准目录\n" + "\n".join(f"{cell} |" for cell in body) + "\n"


def test_sub_headers_ending_on_a_third_header_line_are_completed():
    # 孟连县's 文化旅游 page: "一级 | 二级 | 全社会 | 特定 | 主动 | 依申请 | 县级 | 乡级" and then
    # "事项 | 事项 | 群体" (the narrow cells' second lines); the second header line was not read
    # as sub-headers and the third started "a new header", so the file was refused.
    sub = ["一级事项", "二级事项", "全社会", "特定群众", "主动", "依申请公开"]
    plain = read(one_cell_a_line_pipe(TOP, sub, [], 3))
    assert plain[0].layout == "pipe" and len(plain[2]) == 3
    cut = ["一级", "二级", "全社会", "特定", "主动", "依申请公开"]
    raw, columns, fields = read(one_cell_a_line_pipe(TOP, cut, ["事项", "事项", "群众"], 3))
    assert (columns, fields) == plain[1:]


def test_a_cell_that_is_a_sentence_is_not_taken_for_a_name():
    # 孟连县's row 2 prints one name (旅游规划), then "本地旅游发展规划文本。" and its laws as
    # "1.《…》;2.《…》。": the sentence was read as 二级事项, the laws as 公开内容, and the
    # 公开依据 taken from the row above.
    text = one_cell_a_line_pipe(TOP, SUB, [], 1)
    row = cells(2)
    row = [row[0], "旅游规划", "本地旅游发展规划文本。", "1.《测试办法》;2.《测试规定》。"] + row[5:]
    raw, _, fields = read(text + "".join(f"{cell} |\n" for cell in row))
    assert [f[1:5] for f in fields][1] == ("第1类事项", "旅游规划", "本地旅游发展规划文本。", ["测试办法", "测试规定"])


def test_a_lone_row_cut_before_its_last_column_is_left_out_with_a_warning_not_a_crash():
    # A page cut after its first row's 公开主体 (the 2,000-byte excerpts end anywhere): the reason
    # was asked again after the row was popped, of an empty table, and raised ValueError.
    from catalog.importers.pipeline import record_from_raw
    from catalog.importers.records import CatalogueMeta, ImportFailed

    text = pipe_rows_page([cells(1)[:7]])
    raw = to_raw(read_document(text.encode(), name="目录.txt"))
    assert [(p.line, "缺少“公开渠道和载体”等列" in p.message) for p in raw.problems] == [(3, True)]
    meta = CatalogueMeta(slug="x", title="测试目录", region=[("x", "测试县", "county")])
    try:
        record_from_raw(raw, meta=meta, name="目录.txt", data=text.encode())
    except ImportFailed as refused:
        assert "没有读出任何事项" in str(refused) and "第3行" in str(refused)
    else:
        raise AssertionError("a file with no complete row must be refused")


def department_page(split: bool) -> str:
    """A department catalogue (具体职责 / 业务事项 / 信息类别 / 内容标准), each row's 【要素】
    in its cell or, split, one a row with the row's other cells merged over them."""
    out = ["测试局政府信息公开标准目录", "序号 | 具体职责 | 业务事项 | 信息类别 | 内容标准 | 公开时限 | 公开形式 |"]
    for n in range(1, 5):
        marks = [f"【要素{n}-{k}】" for k in range(1, n + 1)]  # 1 to 4 marks a row
        first = marks[0] if split else "".join(marks)
        out.append(
            f"{n} | 负责测试工作{n} | 政务公开 | 类别{n} | {first} | 信息形成或者变更之日起20个工作日内 | 政府网站常规公开 |"
        )
        out += [f"{mark} | ||||||" for mark in marks[1:]] if split else []
    # 具体职责 merged over the next row, which prints its 公开时限 as 按年公开
    out.append("5 | 政府信息公开 | 信息公开年报 | 【标题】【内容】 | 按年公开 | 政府网站常规公开 | |")
    return "\n".join(out) + "\n"


def test_element_marks_printed_as_rows_of_their_own_are_the_content_of_the_row_above():
    # 北京门头沟区's department catalogue prints 【机构名称】 in its row, then 【联系方式】 | ||||||,
    # 【咨询服务】 | |||||| … as rows of their own: they were glued onto the row as cells under no
    # header ("无法对应表头，未采用") or read as items of their own named 【咨询服务】.
    plain, split = read(department_page(False)), read(department_page(True))
    assert [f[:4] for f in plain[2]][3] == (
        "4",
        "负责测试工作4",
        "政务公开",
        "【要素4-1】【要素4-2】【要素4-3】【要素4-4】",
    )
    assert split[1:] == plain[1:]
    assert plain[2][4][:4] == ("5", "负责测试工作4", "政府信息公开", "【标题】【内容】")
    items = [i for s in normalise(split[0]) for i in s.items]
    assert [i.elements for i in items][2] == ["要素3-1", "要素3-2", "要素3-3"]


def test_a_table_that_is_only_a_header_is_named_in_a_warning():
    # 通海县九龙街道's page ends with the heading and header of its 4th table: the report listed
    # "(四)户籍管理领域…：0 项" without a word on why.
    text = pipe_sections(lambda h: h) + "(三)户籍管理领域基层政务公开标准目录\n" + " | ".join(TOP[:3]) + " |\n"
    raw = to_raw(read_document(text.encode(), name="目录.txt"))
    assert [len(s.rows) for s in raw.sections] == [2, 2, 0]
    empty = raw.sections[2]
    assert [p.line for p in raw.problems if "只有表头" in p.message and empty.heading in p.message] == [empty.line]


PIPE_LABELS = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]


def pipe_table(rows: list[list[str]], labels: list[str] = PIPE_LABELS) -> str:
    """The lines of a pipe table: one header row (by default 序号, two names, content, basis,
    deadline, publisher, channels: cells(n)[:8]), then the rows."""
    return "\n".join(" | ".join(row) + " |" for row in [labels, *rows])


def pipe_rows_page(
    rows: list[list[str]], labels: list[str] = PIPE_LABELS, title: str = "测试县政务公开标准目录"
) -> str:
    """A pipe page of the rows under one header row, below the catalogue's title."""
    return f"{title}\n{pipe_table(rows, labels)}\n"


def test_a_row_that_prints_no_content_of_its_own_does_not_take_the_content_above():
    # 黄石市市场监管局's page: "政府信息公开指南 | 《中华人民共和国政府信息公开条例》 | 自该政府信息
    # 形成…20个工作日内 | 办公室 | …": no 公开内容 cell, its other cells its own. The content
    # of the row above (政策解读's) was taken in silence.
    rows = [cells(n)[:8] for n in range(1, 5)]
    _, columns, full = read(pipe_rows_page(rows))
    # Row 4 under the 一级 merged from row 3, as on the page: its 二级 name, then its 公开依据.
    without = [row[:1] + row[2:3] + row[4:] if n == 3 else row for n, row in enumerate(rows)]
    raw, columns_without, fields = read(pipe_rows_page(without))
    assert columns_without == columns
    assert fields[:3] == full[:3]
    assert fields[3][:3] == full[3][:3] and fields[3][3] == "" and fields[3][4:] == full[3][4:]
    items = [i for s in normalise(raw) for i in s.items]
    assert [any("没有印出公开内容" in reason for reason in i.review_reasons) for i in items] == [
        False,
        False,
        False,
        True,
    ]


def listed_cells(n: int, sep: str) -> list[str]:
    """Row n with its 公开内容 and 公开依据 as numbered lists, their entries joined by ``sep``."""
    row = cells(n)
    row[3] = sep.join([f"1.事项{n}的办理条件;", f"2.事项{n}的办理结果"])
    row[4] = sep.join([f"1.《测试办法第{n}号》", "2.《测试规定》"])
    return row


def test_a_numbered_list_entry_opening_a_line_inside_a_pipe_cell_does_not_end_the_row():
    # A 社会救助及福利 page (a copy on taishandichan.com) prints each cell closed by " |" and a numbered list's entries on lines
    # of their own: "…投诉举报电话 |" then "1.《中华人民共和国政府信息公开条例》…" then "2.《…》 |".
    # "1.《…" was taken for a heading ("1. …"), so each row was read as two half rows.
    def page(sep: str) -> str:
        body = [f"{cell} |" for cell in TOP + SUB]
        for n in range(1, 5):
            row = listed_cells(n, sep)
            # each cell opens a line of its own, as the page prints narrow columns
            body += [" | ".join(row[:3]) + " |", f"{row[3]} |", f"{row[4]} |", " | ".join(row[5:]) + " |"]
        return "社会救助领域基层政务公开标准目录\n" + "\n".join(body) + "\n"

    plain = read(page(" "))
    assert plain[0].layout == "pipe" and [f[:3] for f in plain[2]] == [
        (str(n), f"第{(n + 1) // 2}类事项", f"事项{n}") for n in range(1, 5)
    ]
    assert plain[2][0][4] == ["测试办法第1号", "测试规定"]
    raw, columns, fields = read(page("\n"))
    assert [f[:3] + f[4:] for f in fields] == [f[:3] + f[4:] for f in plain[2]]
    assert [f[3].split() for f in fields] == [f[3].split() for f in plain[2]]
    assert columns == plain[1]


def test_channels_printed_one_a_line_without_boxes_are_each_a_channel():
    # A Shandong district's 户籍管理 page (tez.gov.cn) prints "政府网站" / "山东政务服务网" / "入户/现场" one a line in its
    # channel cell, no box before them: they were read as one unknown channel "山东政务服务网入户/现场".
    from catalog.importers.channels import parse_channels
    from catalog.models.standards import STANDARD_CHANNELS

    names = [name for name, _, _ in STANDARD_CHANNELS if name != "其他"]
    for first, second in zip(names, names[1:]):
        refs, notes = parse_channels(f"{first}\n{second}")
        assert ([(r.slug, r.detail) for r in refs], notes) == (
            [(r.slug, r.detail) for r in parse_channels(f"{first}、{second}")[0]],
            [],
        ), (first, second)
        assert len(refs) == 2
    # A name wrapped over two lines in a narrow cell stays one channel (盖州市: "…村公示" / "栏(电子屏)").
    for name in ("社区/企事业单位/村公示栏(电子屏)", "广播电视"):
        for k in range(1, len(name)):
            refs, _ = parse_channels(f"{name[:k]}\n{name[k:]}\n政府网站")
            assert [r.slug for r in refs] == [r.slug for r in parse_channels(f"{name}、政府网站")[0]], (name, k)
    # On a page printed one cell a paragraph, the cell's lines are the channels.
    text = lines_page(TOP + SUB, 3).replace("■政府网站", "政府网站\n入户/现场\n便民服务站")
    assert [f[7] for f in read(text)[2]] == [["zhengfu-wangzhan", "ruhu-xianchang", "bianmin-fuwuzhan"]] * 3
    # … and printed a paragraph each, they are one cell without a doubt: no row is flagged for
    # "“政府网站”与“入户/现场”之间没有分隔" (every row of that page was).
    text = lines_page(TOP + SUB, 3).replace("■政府网站", "政府网站\n\n入户/现场\n\n便民服务站")
    raw, _, fields = read(text)
    assert [f[7] for f in fields] == [["zhengfu-wangzhan", "ruhu-xianchang", "bianmin-fuwuzhan"]] * 3
    assert [note for row in raw.sections[0].rows for note in row.notes] == []


def stacked_page(rows: list[list[str]]) -> str:
    """One cell a line and no blank line anywhere: the header one label a line, then each row's
    cells (an empty cell a line of spaces), as a web page's table comes out as text."""
    return "交通运输领域基层政务公开标准目录\n" + "\n".join(TOP + SUB + [c for row in rows for c in row]) + "\n"


def test_one_cell_a_line_without_blank_lines_reads_when_every_row_has_the_header_width():
    # A town's 社会救助 page (mdx.gov.cn) and 廉江市车板镇's 城乡规划 page print each cell on a line of its own with
    # no blank line between cells or rows; such files were all refused. With the header's width
    # known and every row exactly that many lines from its 序号, the rows are not in doubt.
    plain = read(lines_page(TOP + SUB, 4))
    raw, columns, fields = read(stacked_page([cells(n) for n in range(1, 5)]))
    assert raw.layout == "stacked" and (columns, fields) == plain[1:]
    # A file cut inside its last row: the whole rows are read, the cut one is left out and named.
    cut = stacked_page([cells(n) for n in range(1, 5)] + [cells(5)[:6]])
    raw, columns, fields = read(cut)
    assert fields == plain[2]
    last = 1 + len(TOP + SUB) + 4 * len(cells(1)) + 1
    assert [p.line for p in raw.problems if "少于表头的12列" in p.message] == [last]


def test_one_cell_a_line_without_blank_lines_is_refused_where_a_row_does_not_fit():
    # The mdx.gov.cn rows leave empty cells out and break cells over lines ("政策" / "法规" / "文件"):
    # no count of lines tells where a cell ends, so the file is refused, naming the line where
    # the next 序号 should have been and what to upload instead.
    import pytest

    from catalog.importers.records import ImportFailed

    width = len(cells(1))
    first = 1 + len(TOP + SUB) + 1  # the line of row 1's 序号
    for broken, misfit in (
        (cells(2)[:9] + cells(2)[10:], first + 2 * width),  # an empty cell not printed: row 3 starts a line early
        (cells(2)[:3] + ["事项2的办理条件", "和结果"] + cells(2)[4:], first + 2 * width),  # a cell on two lines
    ):
        text = stacked_page([cells(1), broken, cells(3), cells(4)])
        with pytest.raises(ImportFailed) as refused:
            read(text)
        message = str(refused.value)
        assert f"第{misfit}行应是下一行的序号" in message and "每格一行" in message, message
        assert "另存为 .html" in message and f"共{width}列" in message
        # A blank line between cells does not bring back the empty cells the page left out.
        assert "空单元格也要占一行" in message and "Word" in message


def test_a_first_column_before_the_xuhao_is_a_column_of_the_header():
    # A page whose table opens with its domain: "领域 | 序号 | 公开事项 | …", each row "社会救助 | 1 | …"
    # (or the same one cell a paragraph: the 领域 paragraph became an item of its own).
    # 领域 is no label of the vocabulary, so the header row ran on over the sub-headers and the
    # first data row, and every row was read under the sub-headers alone (the names and the
    # content lost).
    def page(row_text, rows: int, first: bool) -> str:
        top, sub = (["领域"] if first else []) + TOP, SUB
        body = [row_text(top), row_text(sub)]
        body += [row_text((["社会救助"] if first else []) + cells(n)) for n in range(1, rows + 1)]
        return "社会救助领域基层政务公开标准目录\n" + "\n".join(body) + "\n"

    for style in (
        lambda cells: " | ".join(cells) + " |",
        lambda cells: "| " + " | ".join(cells) + " |",
        lambda cells: "\n".join(f"{cell} |" for cell in cells),
        lambda cells: "\n\n".join(cells) + "\n",  # one cell a paragraph
    ):
        plain = read(page(style, 3, False))
        assert plain[0].layout in ("pipe", "lines") and [f[:3] for f in plain[2]] == [
            ("1", "第1类事项", "事项1"), ("2", "第1类事项", "事项2"), ("3", "第2类事项", "事项3")
        ]  # fmt: skip
        raw, columns, fields = read(page(style, 3, True))
        assert (columns[0], columns[1:], fields) == (("other", ()), *plain[1:])
        items = [item for section in normalise(raw) for item in section.items]
        assert [item.other_info for item in items] == [[("领域", "社会救助")]] * 3


def glued_page(rows: list[tuple[str, str, str]]) -> str:
    """A glued table (as 凌源市's) of rows (一级 printed or "" under a merged one, 二级, 公开内容)."""
    body = [GLUED_TOP, "".join(GLUED_SUB)]
    for n, (top, name, content) in enumerate(rows, 1):
        row = glued_cells(n)
        body.append("".join([str(n), top, name, content.replace(";", ";\n"), *row[4:]]))
    return "保障性住房领域基层政务公开标准目录\n" + "\n".join(body) + "\n"


def glued_items(rows):
    raw = to_raw(read_document(glued_page(rows).encode("utf-8"), name="目录.txt"))
    assert raw.layout == "glued"
    return [i for s in normalise(raw) for i in s.items]


def test_glued_rows_whose_lists_go_on_alike_share_their_first_element():
    # 凌源市's rows 1 and 2: "1法规政策法律法规文件名称;文号;…" and "2政策文件文件名称;文号;…": the
    # name was cut after the longest name-like word (…法律法规文件 | 名称;文号…). The lists
    # after their first 要素 are the same, so the 要素 is the end the two have in common (less a
    # word both names end with, which goes back to them unless a name would say it twice:
    # 政策文件文件). Where the text cannot tell, the row says what else the name could be.
    lists = ["文件名称;文号;发布部门;发布日期;正文。", "会议名称;会议时间;会议结果。", "申请条件;申请材料;办理流程。"]
    names = ["法律法规", "政策文件", "规划文件", "会议信息", "办事指南", "审批信息"]
    for content in lists:
        words = content.rstrip("。").split(";")
        for first, second in zip(names, names[1:]):
            items = glued_items([("", first, content), ("", second, content)])
            read = [(i.level1 or i.level2, i.elements) for i in items]
            if any(name.endswith(words[0][:2]) for name in (first, second)):  # as 凌源市's: certain
                assert read == [(first, words), (second, words)], (first, second, content)
            for item, name in zip(items, (first, second)):
                if (item.level1 or item.level2, item.elements) != (name, words):
                    assert any(f"“{name}”" in reason for reason in item.review_reasons), (name, content)


def test_a_glued_name_cut_by_word_endings_alone_is_read_right_or_says_what_else_it_could_be():
    # 凌源市's rows 3–5: "重大决策决策前预公开决策公开制度;意见征集。" and "决策结果公开保障性住房
    # 领域方案、…": names end with 公开, 结果, 信息 …, which the first 要素 may hold too; the row
    # was read as one name with no content, or cut inside the name, and only the general note said so.
    names = ["决策前预公开", "决策结果公开", "政府信息", "机构简介", "工作报告"]
    firsts = ["决策公开制度", "结果公开方案", "信息公开指南", "机构职能", "工作动态信息"]
    for name in names:
        for first in firsts:
            (item,) = glued_items([("", name, f"{first};意见征集;办理结果。")])
            read_name = item.level1 or item.level2
            if (read_name, item.content) != (name, f"{first};意见征集;办理结果。"):
                assert any(f"“{name}”" in reason for reason in item.review_reasons), (name, first, read_name)


def test_a_party_described_at_length_is_the_publisher_not_a_channel():
    # 勐往乡's 公共资源交易 page (space-separated): "及时公开 招标人或者其委托的招标代理机构 ■政府网站…":
    # the party was read into 公开渠道 (as the channel 其他) and 公开主体 left empty.
    labels = ["序号", "公开事项", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
    plain = read(spaces_page([" ".join(labels)], 3))
    parties = [f"{who}{link}{agent}" for who in ("招标人", "项目法人", "采购人") for link in ("或者其委托的", "或")
               for agent in ("招标代理机构", "建设单位", "采购代理机构")]  # fmt: skip
    for party in parties:
        raw, columns, fields = read(spaces_page([" ".join(labels)], 3, publisher=party))
        assert columns == plain[1]
        assert [f[6:8] for f in fields] == [([party], ["zhengfu-wangzhan"])] * 3, party
        assert [f[:6] for f in fields] == [f[:6] for f in plain[2]]


def test_a_document_number_and_the_article_cited_after_a_title_belong_to_that_title():
    # 黄石市's 重点公开事项目录: "《中华人民共和国政府信息公开条例》国务院令第711号,第二十条第二款:机关
    # 职能、…" and "《…政府网站发展指引的通知》国办发〔2017〕47号:发布本地区、…": the number
    # (printed without brackets) and the article quoted were "书名号外的文字" on every row.
    numbers = ["国务院令第711号", "国办发〔2017〕47号", "测政办发[2020]3号"]
    cited = ["", ",第二十条第二款:机关职能、机构设置", ":发布本地区、本部门的负责人信息。", "第九条"]
    for number in numbers:
        for quote in cited:
            rows = [cells(n)[:8] for n in range(1, 4)]
            for row in rows:
                row[4] = f"{row[4]}{number}{quote}《第二测试规定》"
            text = pipe_rows_page(rows)
            raw = to_raw(read_document(text.encode(), name="目录.txt"))
            items = [i for s in normalise(raw) for i in s.items]
            assert [[(law.title, law.document_number) for law in i.laws] for i in items] == [
                [(f"测试办法第{n}号", number), ("第二测试规定", "")] for n in range(1, 4)
            ], (number, quote)
            assert not any("书名号外" in reason for i in items for reason in i.review_reasons), (number, quote)


def division_page(division: bool) -> str:
    """A web table whose 公开事项 group holds 一级/二级/三级事项 (三级 left empty), optionally with
    a 一级目录 column before the group repeating the 一级事项, as 石城县's 社会救助 page prints it."""

    def td(text: str, **spans: int) -> str:
        return "<td" + "".join(f' {k}="{v}"' for k, v in spans.items()) + f">{text}</td>"

    top = td("序号", rowspan=2) + (td("一级目录", rowspan=2) if division else "") + td("公开事项", colspan=3)
    top += "".join(td(label, rowspan=2) for label in TOP[2:7]) + td("公开对象", colspan=2) + td("公开方式", colspan=2)
    sub = "".join(td(label) for label in ["一级事项", "二级事项", "三级事项", *SUB[2:]])
    rows = []
    for n in range(1, 5):
        row = cells(n)
        printed = [row[0], *([row[1]] if division else []), row[1], row[2], "", *row[3:]]
        rows.append("".join(td(text) for text in printed))
    body = "".join(f"<tr>{row}</tr>\n" for row in [top, sub, *rows])
    return f"<table border=1>\n{body}</table>"


def test_a_division_column_beside_the_items_own_levels_does_not_shift_them_down():
    # 石城县's 社会救助 page: 序号 | 一级目录 | 公开事项 (一级事项 / 二级事项 / 三级事项) | …; 一级目录
    # was read as 一级, 一级事项 as 二级 and 二级事项 as 三级 (综合业务 / 综合业务 / 政策法规文件).
    def names(division: bool):
        raw = to_raw(read_document(division_page(division).encode("utf-8"), name="目录.html"))
        items = [item for section in normalise(raw) for item in section.items]
        return [(i.level1, i.level2, i.level3) for i in items], [c.key for c in raw.sections[0].columns]

    plain, plain_keys = names(False)
    assert plain[0] == (cells(1)[1], cells(1)[2], "") and len(plain) == 4
    found, keys = names(True)
    assert found == plain
    assert keys[:5] == ["number", "other", "level1", "level2", "level3"]


def test_a_division_column_in_a_text_copy_that_leaves_out_its_empty_cells():
    # 石城县's 社会救助 page as text: "1 | 综合业务 | 综合业务 | 政策法规文件 | …" (一级目录, 一级事项,
    # 二级事项; the empty 三级事项 not printed), then "2 | 监督检查 | …" under the merged 一级目录 and
    # 一级事项. Read 综合业务 / 综合业务 / 政策法规文件, then 综合业务 / 综合业务 / 监督检查: the
    # division taken for the 一级, every name a level too deep.
    header = [
        " | ".join(["序号", "一级目录", *TOP[1:]]) + " | ||||",
        " | ".join(["一级事项", "二级事项", "三级事项", *SUB[2:]]) + " | ||||",
    ]
    lines = []
    for n in range(1, 7):
        row = [cell for cell in cells(n) if cell.strip()]  # the empty cells left out
        if n % 2:  # the first row of a 一级 prints the division and the 一级; the second leaves both out
            row = [row[0], row[1], *row[1:]]
        else:
            row = [row[0], *row[2:]]
        lines.append(" | ".join(row) + " | " + "|" * (len(cells(n)) + 2 - len(row)))
    text = "社会救助领域基层政务公开标准目录\n" + "\n".join(header + lines) + "\n"
    raw = to_raw(read_document(text.encode(), name="目录.txt"))
    assert raw.layout == "pipe"
    items = [item for section in normalise(raw) for item in section.items]
    assert [(i.number, i.level1, i.level2, i.level3) for i in items] == [
        (str(n), cells(n)[1], cells(n)[2], "") for n in range(1, 7)
    ]
    assert [i.other_info for i in items] == [[("一级目录", cells(n)[1])] for n in range(1, 7)]
    assert [i.content for i in items] == [cells(n)[3] for n in range(1, 7)]


def test_a_row_that_prints_both_names_and_no_content_keeps_its_names():
    # A page printing every row's 一级 and 二级 whose row leaves out its 公开内容 ("4 | 第2类事项 |
    # 事项4 | 《…》 |") is one cell short: it was read as under a 一级 merged from above, so the 一级
    # became its 二级 and its own name the 公开内容, with no flag.
    rows = [cells(n)[:8] for n in range(1, 9)]
    _, columns, full = read(pipe_rows_page(rows))
    for k in range(8):
        without = [row[:3] + row[4:] if n == k else row for n, row in enumerate(rows)]
        raw, columns_without, fields = read(pipe_rows_page(without))
        assert columns_without == columns and fields[:k] + fields[k + 1 :] == full[:k] + full[k + 1 :]
        items = [i for s in normalise(raw) for i in s.items]
        if k == 0 or k >= 2:
            # The first row (nothing above to merge), its 一级 the row above's, or a page seen to
            # print each row's 一级 (rows 1 and 2 did): the names as printed, no 公开内容, flagged.
            assert fields[k] == (*full[k][:3], "", *full[k][4:]), k
            assert items[k].review_reasons, k
        else:
            assert k == 1 and cells(2)[1] == cells(1)[1]  # the 一级 the row above's
            assert fields[k] == (*full[k][:3], "", *full[k][4:]), k
    # Under a 一级 the page merges (printed once), a row of its 二级 and a short 公开内容 is read
    # so, as before (四川平武's 农村危房改造 page: "3 | 农村危房改造对象申请条件 | 农村危房改造农户申请条件 |").
    merged = [row if n % 2 == 0 else [row[0], row[2], f"事项{n + 1}的申请条件", *row[4:]] for n, row in enumerate(rows)]
    _, _, fields = read(pipe_rows_page(merged))
    assert [f[1:4] for f in fields] == [
        (cells(n)[1], cells(n)[2], cells(n)[3] if n % 2 else f"事项{n}的申请条件") for n in range(1, 9)
    ]


def test_notice_boards_radio_and_visits_as_real_pages_name_them_are_their_standard_channels():
    # 石城县 prints 政务公开栏, village pages 村务公开栏, 宜就镇 入户/现场宣传 and 广播电台, a township
    # of 台山 便民服务中心 and 便民惠民服务中心 (its 公开主体 is the township's 公共服务办): each came
    # through as 其他 with a note "不在渠道对照表中"; a website's 信息公开栏目 stays no notice board.
    printed = {"政务公开栏": "公示栏", "村务公开栏": "公示栏", "党务公开栏": "公示栏", "入户/现场宣传": "入户/现场",
               "广播电台": "广播电视", "便民服务中心": "便民服务站", "便民惠民服务中心": "便民服务站"}  # fmt: skip
    from catalog.importers.aliases import map_channel
    from catalog.models.standards import STANDARD_CHANNELS

    slug = {name: slug for name, slug, _ in STANDARD_CHANNELS} | {"公示栏": "gongshilan"}

    def page(channel_of) -> str:
        rows = [[*cells(n)[:7], f"■{channel_of(n)}", *cells(n)[8:]] for n in range(1, len(printed) + 1)]
        return "交通运输领域基层政务公开标准目录\n\n" + "\n\n".join(TOP + SUB + [c for row in rows for c in row]) + "\n"

    names = list(printed)
    raw, _, fields = read(page(lambda n: names[n - 1]))
    assert [f[7] for f in fields] == [[slug[printed[name]]] for name in names]
    assert not [p.message for p in raw.problems if "渠道" in p.message]
    _, _, standard = read(page(lambda n: printed[names[n - 1]]))
    assert [f[7] for f in fields] == [f[7] for f in standard]
    assert map_channel("测试县人民政府网站信息公开栏目") != "gongshilan"


def test_a_group_named_in_the_specific_audience_cell_stays_in_its_row():
    # 腾冲市's pages print the group in the 特定群体 cell instead of a √ ("房屋征收范围内的被征收人"),
    # in one paragraph or broken over several: in the one-cell-a-paragraph layout the cell
    # began a phantom row of its own (no 序号, the group as its name), and the row lost its
    # ticks (58dfd55). Its 房屋征收 page prints "在征收范" / "围内", a paragraph each: pieces were
    # never joined under a tick column, so the second began a phantom row ("在征收范" / "围内" as
    # its names, the row above's content); broken in three the same, in two the first half
    # was read into the channels.
    def page(audience: list[str]) -> str:
        body = list(TOP + SUB)
        for n in range(1, 5):
            row = cells(n)
            if n % 2:  # 全社会 empty, the group (or a √) under 特定群众
                row = row[:8] + [" "] + audience + row[10:]
            body += row
        return "房屋征收领域基层政务公开标准目录\n\n" + "\n\n".join(body) + "\n"

    ticked = read(page(["√"]))
    assert len(ticked[2]) == 4 and ticked[2][0][8:10] == (False, True)
    groups = [f"{where}{who}" for where in ("房屋征收范围内的", "辖区内", "") for who in ("被征收人", "困难家庭", "低保对象", "退役军人")]  # fmt: skip
    for group in groups + ["在征收范围内", "在项目区域内"]:
        assert read(page([group]))[1:] == ticked[1:], group
        for parts in (2, 3):
            size = -(-len(group) // parts)
            pieces = [group[k : k + size] for k in range(0, len(group), size)]
            assert read(page(pieces))[1:] == ticked[1:], (group, pieces)


def test_a_title_broken_over_paragraphs_is_one_basis():
    # The same page breaks a long 《title》 after "…工作的": the rest ("实施意见》(建房〔2012〕84号)")
    # was read into the 公开时限 with the deadline after it, and the law lost its end.
    def page(split: bool) -> str:
        body = list(TOP + SUB)
        for n in range(1, 4):
            row = cells(n)
            law = [f"《关于推进测试县第{n}号信息公开工作的", f"实施意见》(测发〔2012〕{n}号)"]
            body += row[:4] + (law if split else ["".join(law)]) + row[5:]
        return "房屋征收领域基层政务公开标准目录\n\n" + "\n\n".join(body) + "\n"

    whole = read(page(False))
    assert [f[4] for f in whole[2]] == [[f"关于推进测试县第{n}号信息公开工作的实施意见"] for n in (1, 2, 3)]
    assert read(page(True))[1:] == whole[1:]


def test_a_pipe_row_leaving_out_only_its_merged_upper_name_is_not_flagged_as_misplaced():
    # 泉州洛江区's 户籍管理 page, one cell a line closed by " |": the second item under a 一级事项
    # prints no 一级 cell (merged from the row above); each such row was flagged "本行单元格错位
    # …已按内容重新对齐" although it read right.
    rows = [cells(n) if n % 2 else [cells(n)[0], *cells(n)[2:]] for n in range(1, 7)]
    body = TOP + SUB + [cell for row in rows for cell in row]
    merged = to_raw(read_document(("自然资源领域基层政务公开标准目录\n" + "\n".join(f"{c} |" for c in body) + "\n").encode(), name="目录.txt"))  # fmt: skip
    items = [item for section in normalise(merged) for item in section.items]
    plain = read(one_cell_a_line_pipe(TOP, SUB, [], 6))[2]
    assert [(i.number, i.level1, i.level2, i.content) for i in items] == [f[:4] for f in plain]
    assert not [r for i in items for r in i.review_reasons if r.startswith("本行单元格错位")]


def test_a_breadcrumb_is_page_chrome_not_the_tables_title():
    # A county site prints "您当前的位置:首页>政务公开>…>标准目录" between the catalogue's title and
    # its table: the breadcrumb became the section's heading (and, printed again below the
    # table, a row "cut short").
    table = pipe_table([cells(n)[:8] for n in range(1, 4)])
    title = "住房保障领域基层政务公开标准目录"
    plain = to_raw(read_document(f"{title}\n{table}\n".encode(), name="目录.txt"))
    trail = ["政务公开", "政府信息公开目录", "住房保障领域基层政务公开", "标准目录"]
    for lead in ("您当前的位置:", "当前位置：", "您现在的位置：", "所在位置: ", "", "网站"):
        for sep in (">", " > ", "»", "＞"):
            crumb = f"{lead}首页{sep}{sep.join(trail)}"
            raw = to_raw(read_document(f"{title}\n{crumb}\n{table}\n{crumb}\n".encode(), name="目录.txt"))
            assert [(s.heading, s.domain_name) for s in raw.sections] == [
                (s.heading, s.domain_name) for s in plain.sections
            ], crumb
            assert [[r.cells for r in s.rows] for s in raw.sections] == [
                [r.cells for r in s.rows] for s in plain.sections
            ]
            assert raw.problems == plain.problems, crumb


def test_an_audience_printed_as_text_under_gongkai_fanwei_fills_the_audience_flags():
    # 黄石市's and 武汉市东西湖区's lists print the audience as words under 公开范围 ("全社会"): the
    # column was kept as 其他信息 and the items' 公开对象 left unknown.
    words = ["全社会", "特定群体", "特定群众", "全社会"]

    def page(header: str) -> str:
        rows = [[*cells(n)[:8], words[n - 1]] for n in range(1, 5)]
        return pipe_rows_page(rows, [*PIPE_LABELS, header], title="测试县政务公开事项目录")

    _, columns, plain = read(page("公开对象"))
    assert columns[-1] == ("audience", ())
    assert [f[8:10] for f in plain] == [(True, False), (False, True), (False, True), (True, False)]
    for header in ("公开范围", "公开 范围"):
        raw, columns_read, fields = read(page(header))
        assert (columns_read, fields) == (columns, plain), header
        items = [i for s in normalise(raw) for i in s.items]
        assert [i.other_info for i in items] == [[]] * 4
        assert not [p.message for p in raw.problems if "公开范围" in p.message]


def test_a_source_label_before_its_colon_is_read_whole_not_cut_at_a_key():
    # 凌源市's page: "发布日期:2024-07-09 信息来源:凌源市" was read as 发布日期 "2024-07-09 信息"
    # and 来源 "凌源市"; a label the importer does not know (更新时间) is not a key it ends with.
    from catalog.importers.pagetext import read_page

    for label in ("信息来源", "稿件来源", "来源", "文章来源"):
        for gap in (" ", "   ", "\u3000"):
            page = read_page([(1, f"发布日期:2024-07-09{gap}{label}:测试县"), (2, "浏览:")])
            assert page.metadata == [("发布日期", "2024-07-09"), ("来源", "测试县")], (label, gap)
    page = read_page([(1, "发布日期：2024-07-09 更新时间：2024-08-01 发文字号：测政发〔2024〕3号")])
    assert page.metadata == [("发布日期", "2024-07-09"), ("文号", "测政发〔2024〕3号")]
    # A key run into the value before it still ends that value (no space: 应急管理局成文日期).
    page = read_page([(1, "发布机构:测试县应急管理局成文日期:2023-07-13")])
    assert page.metadata == [("发布机构", "测试县应急管理局"), ("成文日期", "2023-07-13")]
    # On a page: the 发布日期 is the catalogue's date.
    text = "测试县政务公开标准目录\n发布日期:2024-07-09 信息来源:测试县\n" + "\n".join(
        " | ".join(row) + " |" for row in [["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]]
        + [cells(n)[:8] for n in range(1, 3)]
    )  # fmt: skip
    raw = to_raw(read_document(text.encode(), name="目录.txt"))
    assert ("来源", "测试县") in raw.metadata and ("发布日期", "2024-07-09") in raw.metadata


def test_a_service_window_is_the_government_service_centre_channel():
    # 赣州蓉江新区's 户籍管理 page ticks "■政府网站 ■办事窗口": 办事窗口 came through as 其他 with a note
    # "不在渠道对照表中"; it is the window of the 办事大厅, the 政务服务中心 channel.
    from catalog.importers.aliases import map_channel
    from catalog.importers.channels import parse_channels

    refs, notes = parse_channels("■政府网站\n■办事窗口")
    assert [(r.slug, r.detail) for r in refs] == [
        ("zhengfu-wangzhan", "政府网站"),
        ("zhengwu-fuwu-zhongxin", "办事窗口"),
    ]
    assert notes == []
    text = lines_page(TOP + SUB, 3).replace("■政府网站", "■政府网站\n\n■办事窗口")
    raw, _, fields = read(text)
    assert [f[7] for f in fields] == [["zhengfu-wangzhan", "zhengwu-fuwu-zhongxin"]] * 3
    assert map_channel("办事大厅") == map_channel("办事窗口") == "zhengwu-fuwu-zhongxin"
    assert map_channel("便民服务窗口") == "bianmin-fuwuzhan"


def test_a_glued_upper_name_printed_once_over_its_group_is_split_where_the_group_shows_it():
    # 凌源市's rows: "1法规政策法律法规文件名称;…" then "2政策文件文件名称;…" (法规政策 merged over
    # both), "3重大决策决策前预公开…" then "4决策会议公开…": the first row of each group was one
    # name, flagged, and the rows below had no 一级. A group's name shares a word with each of its
    # items, and its last word is in the item below: that cut alone fits.
    groups = [("法规政策", ["法律法规", "政策文件"]), ("重大决策", ["决策前预公开", "决策会议公开", "决策结果公开"]),
              ("机关信息", ["机关简介", "领导信息"]), ("规划计划", ["中长期规划", "年度计划"])]  # fmt: skip
    contents = ["受理范围;受理地点;办理时限。", "会议名称;会议时间;会议结果。", "申请条件;申请材料;办理流程。"]
    for turn in range(len(contents)):
        rows, want = [], []
        for g, (top, names) in enumerate(groups):
            for k, name in enumerate(names):
                rows.append((top if k == 0 else "", name, contents[(g + k + turn) % len(contents)]))
                want.append((top, name))
        items = glued_items(rows)
        assert [(i.level1, i.level2) for i in items] == want, turn
        assert [i.content for i in items] == [content for _, _, content in rows]
        for item, (top, _, _) in zip(items, rows):
            if top:
                assert any("已分为一级事项" in reason and f"“{top}”" in reason for reason in item.review_reasons)
    # A long name that is one name stays whole and flagged: no cut has a word in common on both sides.
    for long, below in (
        ("政府信息公开工作年度报告", "信息公开指南"),
        ("城乡居民养老保险待遇信息", "保险关系转移接续信息"),
    ):
        items = glued_items([("", long, contents[0]), ("", below, contents[1])])
        assert [(i.level1, i.level2) for i in items][0] == (long, ""), long
        assert any("未能分开" in reason for reason in items[0].review_reasons)
    # A group's first row printed again where the row below does not show the group (rows
    # printed twice): the 一级 the table's other rows show cuts it.
    items = glued_items([("机关信息", "机关简介", contents[0]), ("", "领导信息", contents[1]),
                         ("机关信息", "机关简介", contents[0]), ("机关信息", "机关简介", contents[0])])  # fmt: skip
    assert [(i.level1, i.level2) for i in items] == [("机关信息", "机关简介"), ("机关信息", "领导信息")] + [
        ("机关信息", "机关简介")
    ] * 2
    assert any("本表其他行的一级事项是“机关信息”" in reason for reason in items[3].review_reasons)
    # With no row below to show the group, the name is not cut.
    (item,) = glued_items([("法规政策", "法律法规", contents[0])])
    assert (item.level1, item.level2) == ("法规政策法律法规", "")


def test_a_site_footer_below_the_table_is_page_chrome_not_a_row_cut_short():
    # A county page's table is followed by the site's footer, printed as links between bars
    # ("网站地图 | 联系我们 | …") and the registration every government site shows (主办, 网站标识码,
    # ICP 备案号, 公网安备): each such line was read as the start of a row and the file warned
    # that it was cut short.
    table = pipe_table([cells(n)[:8] for n in range(1, 4)])
    plain = to_raw(read_document(f"测试县政务公开标准目录\n{table}\n".encode(), name="目录.txt"))
    assert not plain.problems
    links = ["网站地图", "联系我们", "关于我们", "隐私声明", "网站纠错"]
    registration = ["主办：测试县人民政府办公室", "承办单位：测试县大数据中心", "网站标识码：1234000001",
                    "测ICP备05004010号", "测公网安备 12345602000101号", "版权所有：测试县人民政府"]  # fmt: skip
    for sep in (" | ", "|", "  ", "｜"):
        for footer in ([sep.join(links)], [sep.join(registration[:3]), sep.join(registration[3:])], registration):
            for bars in ((lambda line: line), (lambda line: f"| {line} |")):
                lines = [bars(line) for line in footer]
                raw = to_raw(read_document(f"测试县政务公开标准目录\n{table}\n".encode() + "\n".join(lines).encode(), name="目录.txt"))  # fmt: skip
                assert raw.problems == plain.problems, lines
                assert [[r.cells for r in s.rows] for s in raw.sections] == [
                    [r.cells for r in s.rows] for s in plain.sections
                ]
    # A data row that names a 主办单位 in its content is still a row.
    row = cells(4)[:8]
    row[3] = "主办单位：测试县文旅局;活动时间;活动地点"
    raw = to_raw(read_document(f"测试县政务公开标准目录\n{table}\n{' | '.join(row)} |\n".encode(), name="目录.txt"))
    assert [len(s.rows) for s in raw.sections] == [4]


def test_a_provinces_government_service_website_is_the_government_website_channel():
    # A Shandong district's 户籍管理 page (tez.gov.cn) prints "政府网站" / "山东政务服务网" / "入户/现场";
    # seed 001 "■阿尔山市政务服务网": a 政务服务网 is a government's own website (for its services),
    # the 政府网站 channel with its name kept; it was put under 其他.
    from catalog.importers.aliases import map_channel
    from catalog.importers.channels import parse_channels

    for place in ("山东", "阿尔山市", "测试县", "浙江"):
        assert map_channel(f"{place}政务服务网") == "zhengfu-wangzhan", place
    refs, notes = parse_channels("政府网站\n山东政务服务网\n入户/现场")
    assert [(r.slug, r.detail) for r in refs] == [
        ("zhengfu-wangzhan", "政府网站"),
        ("zhengfu-wangzhan", "山东政务服务网"),
        ("ruhu-xianchang", "入户/现场"),
    ]
    assert notes == []
    # Platforms that are no government's website stay 其他 with their names.
    assert map_channel("投资项目在线审批监管平台") == map_channel("国家企业信用信息公示系统") == "qita"
