import re
from pathlib import Path

import pytest

from catalog.importers.parse import decode, parse
from catalog.importers.records import ImportFailed, NoTableFound

from .seeds import S000, S001, S002, S004, SOURCES, items, lines

DATA = Path(__file__).resolve().parents[1] / "data"


def keys(section):
    return [column.key for column in section.columns]


def test_sections_and_their_domains_come_from_the_headings():
    raw = parse((SOURCES / S000).read_text(encoding="utf-8"))
    assert [s.domain_name for s in raw.sections] == [
        "重大建设项目",
        "义务教育",
        "户籍管理",
        "社会救助",
        "养老服务",
        "公共法律服务",
        "就业",
        "社会保险",
        "农村危房改造",
        "公共文化服务",
        "安全生产",
        "救灾生产",
        "食品药品监管",
        "扶贫",
    ]


def test_header_columns_are_read_from_the_two_header_rows():
    # (一) has no 公开层级 columns, (二) has 县级 and 乡、村级
    first, second = parse(lines(S000, (29, 33), (35, 39))).sections
    assert keys(first)[-4:] == ["audience_public", "audience_specific", "mode_proactive", "mode_on_request"]
    assert [(c.label, c.levels) for c in second.columns if c.key == "level"] == [
        ("县级", ("county",)),
        ("乡、村级", ("township", "village")),
    ]


def test_genhe_header_has_three_levels_office_and_no_legal_basis():
    (section,) = parse(lines(S002, (3, 7))).sections
    assert keys(section) == [
        "number",
        "level1",
        "level2",
        "level3",
        "content",
        "deadline",
        "publisher",
        "channels",
        "audience_public",
        "audience_specific",
        "office",
    ]
    assert section.columns[9].label == "特定群体"


def test_header_and_title_repeated_on_every_page_are_skipped():
    raw = parse((SOURCES / S004).read_text(encoding="utf-8"))
    (section,) = raw.sections
    assert [column.label for column in section.columns if column.key == "level"] == ["县级", "乡镇", "社区"]
    assert [row.cells[0] for row in section.rows] == [str(n) for n in range(1, 15)]


def test_misplaced_group_labels_of_the_bad_ocr_header_do_not_matter():
    (section,) = parse((SOURCES / S001).read_text(encoding="utf-8")).sections
    assert len(section.columns) == 14
    assert keys(section)[8:12] == ["audience_public", "audience_specific", "mode_proactive", "mode_on_request"]


def test_a_cell_under_the_wrong_header_is_realigned_and_noted():
    # 000 line 115: the publisher was printed under 全社会, the ticks one column right
    (section,) = parse(lines(S000, (110, 115))).sections
    row = section.rows[-1]
    assert row.cells[section.index("publisher")] == "阿尔山市人力资源和社会保障局"
    assert "错位" in row.notes[0]


def test_glued_number_and_name_are_split():
    # 002 line 46: "11 重点领域信息" in one cell
    (section,) = parse(lines(S002, (3, 6), 46)).sections
    row = section.rows[0]
    assert row.cells[0] == "11"
    assert row.cells[1] == "重点领域信息"


@pytest.mark.parametrize(
    "name, message",
    [
        ("no_header.txt", "未找到表头"),
    ],
)
def test_malformed_files_are_refused_with_a_chinese_message(name, message):
    with pytest.raises(ImportFailed, match=message):
        parse(decode((DATA / name).read_bytes()))


def test_a_gbk_source_reads_like_its_utf8_original():
    # The one decoding policy (catalog.files.text) accepts GB18030, as uploads of CSV always did.
    assert decode((DATA / "gbk.txt").read_bytes()) == lines(S004, (3, 10)) + "\n"


@pytest.mark.parametrize(
    "data, message",
    [
        ("序号\t一级事项\n".encode("utf-16"), "UTF-16"),
        (b"caf\xe9\n", "既不是 UTF-8 也不是 GB18030"),
        (b"\x00\x01binary", "二进制"),
    ],
)
def test_undecodable_sources_are_refused_with_a_chinese_message(data, message):
    with pytest.raises(ImportFailed, match=message):
        decode(data)


def test_a_file_cut_inside_its_last_row_keeps_the_rows_before_and_warns():
    # truncated.txt: 000 lines 35-40, cut inside line 40's HTML (its 6th line)
    raw = parse(decode((DATA / "truncated.txt").read_bytes()))
    (section,) = raw.sections
    assert [row.line for row in section.rows] == [5]
    (problem,) = [p for p in raw.problems if "截断" in p.message]
    assert problem.line == 6 and problem.severity == "warning" and "未导入" in problem.message


def test_a_spreadsheet_in_the_official_layout_gives_the_same_items():
    """An XLSX/CSV reader hands rows of cells to parse_rows and reuses normalise."""
    from catalog.importers.normalise import normalise
    from catalog.importers.parse import parse_rows

    text = lines(S004, (5, 10))
    rows = [line.split("\t") for line in text.split("\n")]
    from_rows = normalise(parse_rows(rows, title="襄垣县朝阳社区政务公开事项标准目录"))
    from_text = normalise(parse("襄垣县朝阳社区政务公开事项标准目录\n" + text))
    assert [i.level1 for i in from_rows[0].items] == ["组织机构", "工作动态", "党建工作服务", "生育"]
    assert [(i.content, i.levels, [law.title for law in i.laws]) for i in from_rows[0].items] == [
        (i.content, i.levels, [law.title for law in i.laws]) for i in from_text[0].items
    ]
    assert from_rows[0].items[0].source_line == 3  # the sheet row


@pytest.mark.parametrize("note", ["注：本目录由县民政局负责解释。", "备注:以上事项按年度更新", "说明 1：“√”表示适用"])
def test_a_note_alone_in_a_row_under_a_sheets_table_is_no_item(note):
    # A county's XLSX prints "注：…" in the 序号 column under its table: it came in as one more
    # item, its names taken from the row above and every other field empty.
    from catalog.importers.normalise import normalise
    from catalog.importers.parse import parse_rows

    rows = [line.split("\t") for line in lines(S004, (5, 10)).split("\n")]
    width = max(map(len, rows))
    plain = normalise(parse_rows(rows))[0].items
    noted = normalise(parse_rows([*rows, [""] * width, [note] + [""] * (width - 1)]))[0].items
    assert [(i.number, i.level1, i.level2, i.review_reasons) for i in noted] == [
        (i.number, i.level1, i.level2, i.review_reasons) for i in plain
    ]
    # A row whose first cell only begins with such a word is read as before.
    named = [rows[-1][0], "注册登记", *rows[-1][2:]]
    assert normalise(parse_rows([*rows, named]))[0].items[-1].level1 == "注册登记"


def test_a_serial_number_in_the_thousands_stays_the_number_of_a_row_under_a_merged_name():
    # 社会救助 of source 000 (lines 73-86), its 序号 moved on by 1000 as in a long list: the rows
    # under a merged 一级 cell (2, 4, 6, 8) read as those with 序号 1-9 do, not "1002" as 一级.
    text = lines(S000, (73, 86))
    renumbered = "\n".join(
        re.sub(r"^(\d+)\t", lambda m: f"{int(m.group(1)) + 1000}\t", line) for line in text.split("\n")
    )
    short, long = items(text), items(renumbered)
    assert [item.number for item in long] == [str(int(item.number) + 1000) for item in short]
    assert [(item.level1, item.level2, item.review_reasons) for item in long] == [
        (item.level1, item.level2, item.review_reasons) for item in short
    ]


def test_a_column_whose_rows_above_hold_no_two_chinese_characters_together_is_read():
    # One cell per line: the split of each row is scored by how like the rows above it reads,
    # and 公开依据 printed as “《法》” gives no bigram to compare with. That failed (ValueError).
    header = ["序号", "公开事项", "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
    header += ["公开对象", "公开方式", "公开层级", "一级事项", "二级事项", "全社会", "特定群众", "主动"]
    header += ["依申请公开", "县级", "乡、村级"]
    rows = [
        [str(n), "户籍登记", f"出生登记{n}", "受理部门、办理条件、办理流程", "《法》", "形成之日起20个工作日内"]
        + ["公安机关", "■政府网站", "■", "■", ""]
        for n in range(1, 5)
    ]
    text = "户籍管理领域基层政务公开标准目录\n\n" + "\n\n".join(header + [cell for row in rows for cell in row])
    (section,) = parse(text).sections
    basis = keys(section).index("legal_basis")
    assert [row.cells.get(basis) for row in section.rows] == ["《法》"] * 4


def test_the_cells_kept_of_the_rows_above_are_the_spooled_rows():
    """The parser reads the rows above a row (its examples, the names in force, the row just
    above) from the cells it kept as each row was added, not from the spool: that holds only
    while no step changes a spooled row as the table is read. Checked before and after each
    row is added, on every corpus page and seed and on long pipe and lines pages (past the 50
    rows kept)."""
    from bench.import_layouts_bench import CORPUS, long_page, read_unit
    from catalog.importers import parse as parse_module

    added = parse_module._Parser._add
    checks = []

    def same_as_spooled(parser):
        kept, spooled = list(parser._recent), parser.section.rows[-parse_module.RECENT_ROWS :]
        assert kept == [row.cells for row in spooled]
        checks.append(len(kept))

    def checked_add(parser, row):
        same_as_spooled(parser)
        added(parser, row)
        same_as_spooled(parser)

    texts = [decode(path.read_bytes()) for path in sorted([*CORPUS.glob("*.txt"), *SOURCES.glob("*.txt")])]
    for page in ("liaoning-gaizhou-shehuijiuzhu", "xinjiang-wuqia-nongcunweifanggaizao", "qinghai-huzhu-hujiguanli"):
        texts.append(long_page(read_unit(CORPUS / f"{page}.txt"), 120)[0])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse_module._Parser, "_add", checked_add)
        for text in texts:
            try:
                parse(text)
            except NoTableFound:
                pass  # a page (an excerpt) with no header: no row was added
    assert checks.count(parse_module.RECENT_ROWS) > 100  # the window full, rows dropping out of it
