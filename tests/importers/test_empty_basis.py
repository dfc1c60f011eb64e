"""A 公开依据 printed as a mark for "none" (无, /, 略) is the row's basis, not more 公开内容.

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
from catalog.importers.parse import decode, parse

PAGES = [
    "qinghai-huzhu-hujiguanli",  # one cell per line, blank-line separated
    "shanxi-fangshan-shenongbutie",  # one cell per line, 公开内容 a list of lines
    "chongqing-fengjieqinglian-yanglaofuwu",  # one cell per line, 公开内容 ● items
    "yunnan-linxiangnanmei-fupin",  # one cell per line, 公开内容 · items
    "guangdong-meixian-gonggongfalvfuwu",  # one cell per line, names printed twice
    "jiangxi-fuliangsanlong-jiuzai",  # space-separated columns
]
MARKS = ["无", "/", "略"]


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
