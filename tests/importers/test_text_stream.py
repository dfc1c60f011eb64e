"""Text files are read as a stream (catalog/files/text.py, catalog/importers/parse.py): the
file's lines are decoded piece by piece into a spool, and the parser never reads more than
LOOKAHEAD lines ahead of the row it is at, in every layout, with the same rows as
when it could see the whole file."""

import pytest

from catalog.files.spool import Spool
from catalog.importers import parse
from catalog.importers.normalise import normalise
from catalog.importers.readers import read_document, to_raw

LABELS = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体"]


def cells(n: int) -> list[str]:
    return [str(n), f"第{n // 5}组事项", f"事项{n}", f"事项{n}的办理条件和结果", f"《办法第{n}号》",
            "信息形成之日起20个工作日内", "测试县民政局"]  # fmt: skip


def page(layout: str, rows: int) -> str:
    head = ["测试县政务公开标准目录", ""]
    if layout == "pipe":
        body = ["| " + " | ".join(LABELS) + " |"] + ["| " + " | ".join(cells(n)) + " |" for n in range(1, rows + 1)]
    elif layout == "lines":
        body = ["\n\n".join(LABELS)] + ["\n\n".join(cells(n)) for n in range(1, rows + 1)]
        body = ["\n\n".join(body)]
    elif layout == "tab":
        body = ["\t".join(LABELS)] + ["\t".join(cells(n)) for n in range(1, rows + 1)]
    else:
        raise ValueError(layout)
    return "\n".join(head + body) + "\n"


def read(text: str, watch: bool = False):
    document = read_document(text.encode("gb18030"), name="目录.txt")
    document.lines.watched = watch
    raw = to_raw(document)
    return raw, [(i.number, i.level1, i.level2, i.content, i.legal_basis_text) for s in normalise(raw) for i in s.items]


@pytest.mark.parametrize("layout", ["pipe", "lines", "tab"])
def test_a_long_table_reads_the_same_through_a_small_window(monkeypatch, layout):
    text = page(layout, 300)
    raw, whole = read(text)
    assert raw.layout == layout and len(whole) == 300
    assert [item[0] for item in whole] == [str(n) for n in range(1, 301)]

    monkeypatch.setattr(parse, "LOOKAHEAD", 30)
    last_row, ahead = [0], []  # the line of the last row kept; how far past it each read was
    real_getitem, real_add = Spool.__getitem__, parse._Parser._add

    def getitem(self, index):
        if isinstance(index, int) and getattr(self, "watched", False):
            ahead.append(index + 1 - last_row[0])
        return real_getitem(self, index)

    def add(self, row):
        last_row[0] = row.line
        real_add(self, row)

    monkeypatch.setattr(Spool, "__getitem__", getitem)
    monkeypatch.setattr(parse._Parser, "_add", add)
    _, windowed = read(text, watch=True)
    assert windowed == whole
    assert max(ahead) <= 2 * 30 + 20  # a row (up to 14 lines here) and the window past it


def test_a_text_file_is_spooled_by_lines_not_held_as_one_string():
    document = read_document(page("tab", 50).encode("gb18030"), name="目录.txt")
    assert document.text is None and isinstance(document.lines, Spool)
    assert document.lines[0] == "测试县政务公开标准目录" and len(document.lines) == 54
