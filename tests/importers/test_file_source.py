"""Readers take the file, not its bytes (catalog.files.source): an upload or a command line
file is read from disk in pieces, and what comes out is what the same bytes give."""

import csv
import io

import openpyxl
import pytest

from catalog.files.source import sha256
from catalog.importers.readers import read_document
from catalog.importers.records import ImportFailed

HEADER = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体"]
PIECE = 128 * 1024  # no read may return more than this at once


def rows(count: int) -> list[list[str]]:
    """Varied rows by rule: each row's text is as long as its number makes it."""
    return [
        [str(n), f"事项组{n // 7}", f"二级事项{n}", "要素" * (n % 23 + 1), f"《条例{n % 11}》第{n}条",
         f"信息形成之日起{n % 20 + 1}个工作日内", f"测试县第{n % 5}局"]
        for n in range(1, count + 1)
    ]  # fmt: skip


def as_text(table) -> bytes:
    return ("测试县社会救助领域政务公开标准目录\n" + "\n".join("\t".join(row) for row in table) + "\n").encode()


def as_csv(table) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["测试县社会救助领域政务公开标准目录"], *table])
    return out.getvalue().encode("gb18030")


def as_html(table) -> bytes:
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in table)
    return f"<html><body><h1>测试县社会救助领域政务公开标准目录</h1><table>\n{body}\n</table></body></html>".encode()


def as_xlsx(table) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["测试县社会救助领域政务公开标准目录"])
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Watched(io.BufferedReader):
    """A file that remembers the most it ever returned from one read."""

    largest = 0

    def read(self, size=-1):
        data = super().read(size)
        self.largest = max(self.largest, len(data))
        return data


def document_summary(document):
    return (
        document.reader,
        document.title,
        list(document.lines or []),
        [(part.label, [(row.cells, row.where, row.covered) for row in part.rows]) for part in document.parts],
    )


@pytest.mark.parametrize(
    "name, make", [("a.txt", as_text), ("a.csv", as_csv), ("a.html", as_html), ("a.xlsx", as_xlsx)]
)
def test_a_file_is_read_in_pieces_and_gives_what_its_bytes_give(tmp_path, name, make):
    data = make([HEADER, *rows(2500)])
    path = tmp_path / name
    path.write_bytes(data)
    with path.open("rb", buffering=0) as raw:
        file = Watched(raw)
        from_file = read_document(file, name=name)
    from_path = read_document(path, name=name)
    from_bytes = read_document(data, name=name)
    assert document_summary(from_file) == document_summary(from_path) == document_summary(from_bytes)
    assert len(list(from_bytes.lines or from_bytes.parts[0].rows)) > 2500
    if not name.endswith(".xlsx"):  # a workbook is smaller than a piece
        assert len(data) > 2 * PIECE
    assert 0 < file.largest <= PIECE


def test_sha256_of_a_path_is_that_of_its_bytes(tmp_path):
    data = as_text([HEADER, *rows(300)])
    (tmp_path / "a.txt").write_bytes(data)
    import hashlib

    assert sha256(tmp_path / "a.txt") == sha256(data) == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("a.txt", b" \r\n\t ", "文件是空的"),
        ("a.csv", "序号,事项\n".encode("utf-16"), "UTF-16"),
        ("a.txt", "序号\n\n一".encode() + b"\xff\xff\n", "第3行有无法解码的字节"),
        ("a.docx", b"PK\x03\x04broken", "无法读取该 Word 文件"),
        ("a.xlsx", b"PK\x03\x04broken", "无法读取该 Excel 文件"),
        ("a.pdf", b"not a pdf", "文件内容不是 PDF"),
    ],
)
def test_refusals_from_a_path_are_those_of_the_bytes(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    for source in (path, data):
        with pytest.raises(ImportFailed, match=message):
            read_document(source, name=name)
