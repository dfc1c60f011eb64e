"""The one CSV/XLSX reader and text-decoding policy (catalog/files), shared by uploads and the lateness check."""

import doctest
import io

import openpyxl
import pytest

from catalog.files import UnreadableFile, sheets, text
from catalog.files.sheets import Merge, read_sheets


@pytest.mark.parametrize("module", [sheets, text])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


def workbook(*sheets_rows, merges=()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, rows in enumerate(sheets_rows):
        sheet = book.create_sheet(f"表{index + 1}")
        for row in rows:
            sheet.append(row)
        for ref in merges if index == 0 else ():
            sheet.merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_merged_ranges_come_with_the_rows_of_every_sheet():
    data = workbook(
        [["序号", "公开对象", None], [None, "全社会", "特定群众"], [1, "√", ""]], [["备注"]], merges=["A1:A2", "B1:C1"]
    )
    first, second = read_sheets(data, name="a.xlsx")
    assert (first.name, second.name) == ("表1", "表2")
    assert set(first.merges) == {Merge(0, 0, 1, 0), Merge(0, 1, 0, 2)}
    assert first.rows[1] == [None, "全社会", "特定群众"]  # read as stored: only the top-left holds the value
    assert first.filled()[1][0] == "序号" and first.filled()[0][2] == "公开对象"
    assert first.covered() == {(1, 0), (0, 2)}
    assert second.rows == [["备注"]] and second.merges == []


def test_rows_are_counted_from_the_first_sheet_row_even_when_the_table_starts_lower():
    book = openpyxl.Workbook()
    book.active["C3"] = "序号"
    out = io.BytesIO()
    book.save(out)
    (sheet,) = read_sheets(out.getvalue())
    assert sheet.numbers == [1, 2, 3] and sheet.rows[2] == [None, None, "序号"]


def test_csv_numbers_are_the_first_line_of_each_record():
    (sheet,) = read_sheets('a,b\n"two\nlines",x\n\nlast,y\n'.encode())
    assert sheet.numbers == [1, 2, 4, 5]
    assert sheet.rows[1] == ["two\nlines", "x"] and sheet.rows[2] == [None, None]


def test_row_limit_reads_one_row_past_it():
    (sheet,) = read_sheets(("h\n" + "x\n" * 10).encode(), max_rows=3)
    assert len(sheet.rows) == 4


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "a.csv", "文件是空的"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "a.xls", "旧版 Excel"),
        (b"plain text", "a.xlsx", "内容不是有效的 Excel（XLSX）文件"),
        (b"PK\x03\x04broken", "a.xlsx", "无法读取该 Excel 文件"),
        ("a,b\n".encode("utf-16"), "a.csv", "UTF-16"),
    ],
)
def test_unreadable_files_say_why(data, name, message):
    with pytest.raises(UnreadableFile, match=message):
        read_sheets(data, name=name)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_long_csv_read_in_pieces_gives_the_rows_of_the_whole_text(encoding):
    """The CSV text is read a line at a time from 64 KB pieces: quoted cells with line breaks
    (CRLF, and one that straddles a piece boundary) and a tab delimiter chosen from the first
    lines come out as the csv module reads the whole decoded text."""
    import csv

    rows = [["序号", "一级事项", "公开内容"]]
    rows += [[str(n), f"事项{n}", f"第一行\r\n第二行{'内容' * (n % 97)}"] for n in range(1, 1500)]
    out = io.StringIO()
    csv.writer(out, delimiter="\t").writerows(rows)
    data = out.getvalue().encode(encoding)
    assert len(data) > 3 * text.CHUNK
    whole = list(csv.reader(io.StringIO(text.decode_text(data)), delimiter="\t"))
    (sheet,) = read_sheets(data, name="a.csv", spool=True)
    assert list(sheet.rows) == whole
    assert [row[2] for row in whole[1:3]] == ["第一行\n第二行内容", "第一行\n第二行内容内容"]
    assert list(sheet.numbers)[:3] == [1, 2, 4]  # the first line of each record
