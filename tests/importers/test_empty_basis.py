"""A 公开依据 printed as a mark for "none" (无, /, 略) is the row's basis, not more 公开内容,
and it is read as what it says: no legal basis, nothing to review.

Pages in the one-cell-per-line and space-separated layouts do not say where a cell ends, so
segment decides which pieces form a cell. A basis cell printed as 无 (or / or 略) is a piece
of its own between the 公开内容 and the 公开时限; it was read as the last line of the 公开内容.

The cases are made by rule from corpus pages: in every complete row, the pieces of the page's
own 公开依据 cell are replaced by one such mark. Every row must then read as the page's own
row does, only with the mark as its 公开依据.
"""

import re

import pytest

from bench.import_layouts_bench import CORPUS
from catalog.importers.normalise import normalise
from catalog.importers.parse import decode, parse

from .seeds import S000, items, lines

PAGES = [
    "qinghai-huzhu-hujiguanli",  # one cell per line, blank-line separated
    "shanxi-fangshan-shenongbutie",  # one cell per line, 公开内容 a list of lines
    "chongqing-fengjieqinglian-yanglaofuwu",  # one cell per line, 公开内容 ● items
    "yunnan-linxiangnanmei-fupin",  # one cell per line, 公开内容 · items
    "guangdong-meixian-gonggongfalvfuwu",  # one cell per line, names printed twice
    "jiangxi-fuliangsanlong-jiuzai",  # space-separated columns
]
MARKS = ["无", "/", "略"]
# Every mark segment.NONE_MARK knows, as a catalogue would print it in a table cell.
ALL_MARKS = ["无", "暂无", "略", "/", "／", "—", "——", "－", "-", " 无 "]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def with_basis(text: str, row, law_lines: list[str], mark: str) -> str:
    """The page with this row's 公开依据 pieces replaced by one mark."""
    start = text.index(row.text)
    own = row.text
    for line in law_lines:
        own = own.replace(line, "\x00", 1)
    own = re.sub("\x00(?:\\s*\x00)*", mark, own)
    return text[:start] + own + text[start + len(row.text) :]


@pytest.mark.parametrize("mark", MARKS)
@pytest.mark.parametrize("page", PAGES)
def test_a_basis_printed_as_none_is_the_basis(page, mark):
    text = decode((CORPUS / f"{page}.txt").read_bytes())
    (section,) = parse(text).sections
    law = [column.key for column in section.columns].index("legal_basis")
    rows = [row for row in section.rows if row.cells.get(law, "").strip()]
    assert rows, "the page has rows with a 公开依据"
    for row in rows:
        lines = [line.strip() for line in row.cells[law].split("\n") if line.strip()]
        if section.layout == "spaces":
            lines = [token for line in lines for token in line.split()]
        changed = parse(with_basis(text, row, lines, mark)).sections[0]
        (again,) = [other for other in changed.rows if other.line == row.line]
        want = {j: flat(cell) for j, cell in row.cells.items() if cell.strip()}
        want[law] = mark
        assert {j: flat(cell) for j, cell in again.cells.items() if cell.strip()} == want, (row.line, mark)


def basis_reasons(item) -> list[str]:
    return [reason for reason in item.review_reasons if "公开依据" in reason]


@pytest.mark.parametrize("page", PAGES)
def test_a_basis_printed_as_none_is_no_law_and_not_flagged(page):
    """Through the text importer: every complete row of the page with its 公开依据 replaced by a
    mark is an item with no laws, an empty basis and no 公开依据 review reason; its other
    review reasons are those of the page's own row."""
    text = decode((CORPUS / f"{page}.txt").read_bytes())
    (section,) = parse(text).sections
    law = [column.key for column in section.columns].index("legal_basis")
    rows = [row for row in section.rows if row.cells.get(law, "").strip()]
    (before,) = normalise(parse(text))
    before = list(before.items)
    lines_read = {row.line for row in rows}
    for mark in MARKS:
        changed = text
        for row in rows:
            pieces = [line.strip() for line in row.cells[law].split("\n") if line.strip()]
            if section.layout == "spaces":
                pieces = [token for line in pieces for token in line.split()]
            changed = with_basis(changed, row, pieces, mark)
        (after,) = normalise(parse(changed))
        after = list(after.items)  # the same items in the same order (lines move: a basis was longer)
        assert [item.number for item in after] == [item.number for item in before]
        changed_items = [(own, item) for own, item in zip(before, after) if own.source_line in lines_read]
        assert changed_items
        for own, item in changed_items:
            assert (item.laws, item.legal_basis_text, basis_reasons(item)) == ([], "", []), (own.source_line, mark)
            others = [reason for reason in own.review_reasons if reason not in basis_reasons(own)]
            assert item.review_reasons == others, (own.source_line, mark)


def _seed_row(basis: str) -> str:
    """Seed 000's header (lines 146-149) and its row 1 (line 150) with the 公开依据 cell replaced."""
    cells = lines(S000, 150).split("\t")
    assert cells[4].startswith("《政府信息公开条例》")  # the 公开依据 column
    cells[4] = basis
    return lines(S000, (146, 149)) + "\n" + "\t".join(cells)


@pytest.mark.parametrize("mark", ALL_MARKS)
def test_a_tabbed_row_with_a_basis_printed_as_none(mark):
    (item,) = items(_seed_row(mark))
    (printed,) = items(_seed_row(lines(S000, 150).split("\t")[4]))
    assert printed.laws and not basis_reasons(printed)
    assert (item.laws, item.legal_basis_text, basis_reasons(item)) == ([], "", [])
    assert (item.level2, item.content, item.review_reasons) == (printed.level2, printed.content, printed.review_reasons)


@pytest.mark.parametrize(
    ("basis", "reason"),
    [
        ("", "公开依据为空"),  # a blank cell may be a lost cell: still for review
        ("参照上级文件执行", "公开依据：书名号外的文字“参照上级文件执行”未能归入某一依据，请核对"),
        ("无。见《社会保险法》", "公开依据：书名号外的文字“无。见”未能归入某一依据，请核对"),
    ],
)
def test_a_basis_that_is_not_a_none_mark_keeps_its_flag(basis, reason):
    (item,) = items(_seed_row(basis))
    assert basis_reasons(item) == [reason]
