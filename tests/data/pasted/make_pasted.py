"""Make the pasted-table inputs of tests/importers/test_pasted.py: web pages holding a
catalogue table, and the text Chromium copies from them (what staff paste into a .txt file
or the upload's text box after selecting the table in a browser).

    .venv/bin/python tests/data/pasted/make_pasted.py     # needs /usr/bin/chromium

Each page is written by rule from the items of a seed catalogue (fixtures/sources, read by
the importer): the header shapes of the corpus pages and seeds (序号/一级事项/… over two
header rows, 公开对象, 公开方式 and 公开层级 as colspans over their options, 公开事项 over
一级/二级事项, 公开内容<br>（要素）), the 一级事项 (and on one page the 公开主体) merged down
over the rows that share it (rowspan), a <br> between the elements of every third row's
公开内容, every fourth row's channels one <p> each, √ ticks and empty cells. The text is
not written here: the page is opened in Debian's Chromium (Python Playwright), the table
(or the page from the title to its footer) is selected and copied with Ctrl+C, and the
clipboard is read (navigator.clipboard.readText(), clipboard permissions granted; the page
is served from http://localhost/ so that the clipboard API exists). The selection's
toString() is checked to equal it. Nothing here is edited by hand: run again to remake.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape
from itertools import groupby
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from catalog.importers.headers import FIELDS  # noqa: E402  (the official layout's labels)

CHROMIUM = "/usr/bin/chromium"


def seed_items(source: str, section: int, count: int):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from catalog.importers.normalise import normalise
    from catalog.importers.parse import parse

    text = (ROOT / "fixtures" / "sources" / source).read_text(encoding="utf-8")
    sections = normalise(parse(text))
    return sections[section].heading, list(sections[section].items)[:count]


def tick(flag) -> str:
    return "√" if flag else ""


def runs(values: list[str]) -> list[int]:
    """For each row, how many rows its merged cell spans (0: covered by the one above)."""
    spans = [0] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            spans[start] = i - start
            start = i
    return spans


def content_cell(text: str, n: int) -> str:
    parts = [part for part in text.split("、") if part]
    half = len(parts) // 2
    if n % 3 == 1 and len(parts) >= 2:  # every third row: its elements on lines of their own
        return escape("、".join(parts[:half])) + "<br>" + escape("、".join(parts[half:]))
    if n % 4 == 3 and len(parts) >= 2:  # every fourth: two paragraphs
        return f"<p>{escape('、'.join(parts[:half]))}</p><p>{escape('、'.join(parts[half:]))}</p>"
    return escape(text)


def options(item) -> list[str]:
    return [option.strip() for option in re.split(r"(?=[■□])", item.channel_text) if option.strip()]


def channel_cell(item, n: int) -> str:
    if n % 4 == 2 and len(options(item)) >= 2:  # every fourth row: one paragraph an option
        return "".join(f"<p>{escape(option)}</p>" for option in options(item))
    return escape(" ".join(options(item)))


def page(title: str, header: str, rows: list[str], footer: bool) -> str:
    tail = (
        "<p>附件：目录.docx</p><p>来源：县人民政府办公室</p><p>【字体：大 中 小】 打印本页 关闭窗口</p>"
        if footer
        else ""
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>" + escape(title) + "</title></head><body>"
        f"<div id='article'><h2>{escape(title)}</h2><table id='catalogue' border='1'>{header}"
        + "".join(f"<tr>{row}</tr>" for row in rows)
        + f"</table>{tail}</div></body></html>"
    )


@dataclass(frozen=True)
class Col:
    """A column of a page's table: its header label (HTML), the label over it in the first
    header row (colspan over the columns that share it) and its cell's HTML for an item and
    its row number; ``merged``: rows whose value of it is the same share one cell (rowspan)."""

    label: str
    cell: Callable[[Any, int], str]
    group: str | None = None
    merged: Callable[[Any], str] | None = None


TEXT = {
    "level1": "level1",
    "level2": "level2",
    "level3": "level3",
    "legal_basis": "legal_basis_text",
    "deadline": "deadline_text",
    "publisher": "publisher_text",
    "office": "responsible_office",
}
CELLS: dict[str, Callable[[Any, int], str]] = {
    "number": lambda item, n: str(n + 1),
    "content": lambda item, n: content_cell(item.content, n),
    "channels": channel_cell,
    **{key: (lambda item, n, name=name: escape(getattr(item, name))) for key, name in TEXT.items()},
}


def col(key: str, label: str = "", group: str | None = None, merged: bool = False) -> Col:
    """A column of a seed field; labelled as the official layout prints it (headers.FIELDS)."""
    value = (lambda item: getattr(item, TEXT[key])) if merged else None
    return Col(label or FIELDS[key], CELLS[key], group, value)


def ticks(group: str | None, marks: dict[str, Callable[[Any], bool]]) -> list[Col]:
    """Tick columns: label -> whether an item's row is ticked."""
    return [Col(label, lambda item, n, ticked=ticked: tick(ticked(item)), group) for label, ticked in marks.items()]


def audience(group: str | None, specific: str = "特定群体") -> list[Col]:
    return ticks(group, {"全社会": lambda item: item.audience_public, specific: lambda item: item.audience_specific})


def mode(group: str | None, proactive: str, on_request: str) -> list[Col]:
    return ticks(group, {proactive: lambda item: item.mode_proactive, on_request: lambda item: item.mode_on_request})


def table(items, columns: list[Col], tag: str = "td") -> tuple[str, list[str]]:
    """The header rows (one row when no column has a group; else two, the ungrouped labels
    over both) and the rows' cells, merged cells left out of the rows they cover."""
    if any(column.group for column in columns):
        top, sub = [], []
        for group, run in groupby(columns, key=lambda column: column.group):
            run = list(run)
            if group is None:
                top += [f"<{tag} rowspan='2'>{column.label}</{tag}>" for column in run]
            else:
                top.append(f"<{tag} colspan='{len(run)}'>{group}</{tag}>")
                sub += [f"<{tag}>{column.label}</{tag}>" for column in run]
        header = "<tr>" + "".join(top) + "</tr><tr>" + "".join(sub) + "</tr>"
    else:
        header = "<tr>" + "".join(f"<{tag}>{column.label}</{tag}>" for column in columns) + "</tr>"
    spans = [runs([column.merged(item) for item in items]) if column.merged else None for column in columns]
    rows = []
    for n, item in enumerate(items):
        cells = []
        for column, span in zip(columns, spans):
            if span is None:
                cells.append(f"<td>{column.cell(item, n)}</td>")
            elif span[n]:
                cells.append(f"<td rowspan='{span[n]}'>{column.cell(item, n)}</td>")
        rows.append("".join(cells))
    return header, rows


def shehui(items, title: str, one_row: bool = False):
    """序号, 一级事项, 二级事项 … rowspan=2; 公开对象 and 公开方式 colspan=2; 一级事项 merged down.
    ``one_row``: the header on one row (全社会, 特定群体, 主动公开, 依申请公开 as columns), the
    page's footer copied below."""
    columns = [col("number"), col("level1", merged=True)]
    columns += [col(key) for key in ("level2", "content", "legal_basis", "deadline", "publisher", "channels")]
    if one_row:
        columns += audience(None) + mode(None, "主动公开", "依申请公开")
    else:
        columns += audience("公开对象") + mode("公开方式", "主动", "依申请")
    return page(title, *table(items, columns), footer=one_row)


def huanhang(items, title: str):
    """A line break (<br>) left at the end of every row's channels, as editors leave them, then
    the six ticks of kongge (none to four of them empty before the first √, on two rows none);
    一级事项 merged down."""
    return ticked_by_rule(items, title, lambda item, n: escape(" ".join(options(item))) + "<br>")


def hebing(items, title: str):
    """The header on one row, 一级事项 and 公开主体 merged down (rowspan), no line break in any
    cell: only the rows' lengths (fewer cells than the header) tell the copy from a sheet's text."""
    columns = [col("number"), col("level1", merged=True), col("level2")]
    columns.append(Col(FIELDS["content"], lambda item, n: escape(item.content)))
    columns += [col("legal_basis"), col("deadline"), col("publisher", merged=True)]
    columns.append(Col(FIELDS["channels"], lambda item, n: escape(" ".join(options(item)))))
    columns += audience(None) + mode(None, "主动公开", "依申请公开")
    return page(title, *table(items, columns), footer=False)


def kongge(items, title: str):
    """Empty cells right after a <p> cell, which Chromium copies as nothing: every row's
    channels one <p> an option, then its six ticks (公开对象, 公开方式, 公开层级 over 县级/乡级)
    drawn by rule from the row's number, none to four of them empty before the first √ (on
    two rows, none ticked); 一级事项 merged down."""
    return ticked_by_rule(items, title, lambda item, n: "".join(f"<p>{escape(option)}</p>" for option in options(item)))


def ticked_by_rule(items, title: str, channels: Callable[[Any, int], str]):
    """The page of kongge and huanhang: 一级事项 merged down, the channels cell as `channels` writes
    it, then six ticks drawn by rule from the row's number."""
    columns = [col("number"), col("level1", merged=True)]
    columns += [col(key) for key in ("level2", "content", "legal_basis", "deadline", "publisher")]
    columns.append(Col(FIELDS["channels"], channels))
    labels = [("公开对象", "全社会"), ("公开对象", "特定群体"), ("公开方式", "主动"), ("公开方式", "依申请")]
    labels += [("公开层级", "县级"), ("公开层级", "乡级")]
    columns += [
        Col(label, lambda item, n, b=b: tick(b >= n % 7 and (n + b) % 5 != 0), group)
        for b, (group, label) in enumerate(labels)
    ]
    return page(title, *table(items, columns), footer=False)


def levels(items, title: str):
    """公开事项 colspan=2 over 一级事项/二级事项, 公开内容<br>（要素）, 公开层级 over 县级/乡级;
    一级事项 and 公开主体 merged down; the page's footer below the table."""
    columns = [col("number"), col("level1", group="公开事项", merged=True), col("level2", group="公开事项")]
    columns += [col("content", "公开内容<br>（要素）"), col("legal_basis"), col("deadline")]
    columns += [col("publisher", merged=True), col("channels")]
    columns += audience("公开对象", "特定群众") + mode("公开方式", "主动", "依申请")
    columns += ticks(
        "公开层级", {"县级": lambda item: "county" in item.levels, "乡级": lambda item: "township" in item.levels}
    )
    return page(title, *table(items, columns), footer=True)


def genhe(items, title: str):
    """公开事项 colspan=3 over 一级/二级/三级事项, 公开对象 over 全社会/特定群体, 责任科室 last;
    一级事项 and 公开时限 merged down."""
    columns = [col("number"), col("level1", group="公开事项", merged=True)]
    columns += [col("level2", group="公开事项"), col("level3", group="公开事项"), col("content")]
    columns += [col("deadline", merged=True), col("publisher"), col("channels")]
    columns += audience("公开对象") + [col("office")]
    return page(title, *table(items, columns), footer=True)


def paragraphs(items, title: str):
    """Every cell a paragraph (<td><p>…</p></td>, as a page pasted from Word has them), the
    header on one row with 公开层级 as three columns; 一级事项 merged down."""
    columns = [col("number"), col("level1", merged=True), col("level2")]
    columns.append(Col(FIELDS["content"], lambda item, n: escape(item.content)))
    columns += [col("legal_basis"), col("deadline"), col("publisher")]
    columns.append(Col(FIELDS["channels"], lambda item, n: escape(item.channel_text)))
    marks = {"县级": "county", "乡级": "township", "村级": "village"}
    columns += ticks(None, {label: (lambda item, code=code: code in item.levels) for label, code in marks.items()})
    columns = [
        replace(column, label=f"<p>{column.label}</p>", cell=lambda item, n, cell=column.cell: paragraph(cell(item, n)))
        for column in columns
    ]
    return page(title, *table(items, columns), footer=True)


def paragraph(html: str) -> str:
    return f"<p>{html}</p>" if html else ""


def department(items, title: str):
    """The department model of the corpus (天门市: 一级目录/二级目录, 公开对象 as text) with
    公开层级 over 州级县级/乡、村级 (乌恰县); 一级目录 merged down, 公开对象 merged over the whole
    table, the table's title in a caption-like first row."""
    columns = [col("number"), col("level1", "一级目录", merged=True), col("level2", "二级目录")]
    columns += [col("content", "公开内容"), col("legal_basis"), col("deadline"), col("publisher")]
    columns.append(Col("公开对象", lambda item, n: "全社会", merged=lambda item: "全社会"))
    groups = {"州级县级": ("city", "county"), "乡、村级": ("township", "village")}
    columns += ticks(
        "公开层级",
        {
            label: (lambda item, codes=codes: any(code in item.levels for code in codes))
            for label, codes in groups.items()
        },
    )
    return page(title, *table(items, columns, tag="th"), footer=False)


# name -> (seed source, its section, rows, page maker, what is selected)
PAGES = {
    "shehuijiuzhu": ("000_2033e23605c45f5d.txt", 3, 12, shehui, "#catalogue"),
    "yihang": ("000_2033e23605c45f5d.txt", 3, 12, lambda items, title: shehui(items, title, one_row=True), "#article"),
    "jiuye": ("000_2033e23605c45f5d.txt", 6, 14, levels, "#article"),
    "genhe": ("002_1da4c976f53653ac.txt", 0, 16, genhe, "#article"),
    "shequ": ("004_d471104087878b0a.txt", 0, 14, paragraphs, "#article"),
    "bumen": ("001_c073cd0789e26141.txt", 0, 12, department, "#catalogue"),
    "kongge": ("000_2033e23605c45f5d.txt", 3, 12, kongge, "#catalogue"),
    "hebing": ("000_2033e23605c45f5d.txt", 3, 12, hebing, "#catalogue"),
    "huanhang": ("000_2033e23605c45f5d.txt", 3, 12, huanhang, "#catalogue"),
}


def copy(html: str, selector: str) -> str:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
            tab = context.new_page()
            tab.route("http://localhost/page.html", lambda route: route.fulfill(body=html, content_type="text/html"))
            tab.goto("http://localhost/page.html")
            tab.evaluate(
                """selector => { const range = document.createRange();
                range.selectNode(document.querySelector(selector));
                getSelection().removeAllRanges(); getSelection().addRange(range); }""",
                selector,
            )
            selected = tab.evaluate("() => getSelection().toString()")
            tab.keyboard.press("Control+C")
            copied = tab.evaluate("() => navigator.clipboard.readText()")
        finally:
            browser.close()
    if copied != selected:
        raise SystemExit("the clipboard differs from the selection's text")
    return copied


def main() -> None:
    for name, (source, section, count, make, selector) in PAGES.items():
        heading, items = seed_items(source, section, count)
        title = heading.split(")")[-1].split("）")[-1].strip()
        if "领域" not in title:
            title = f"社会救助领域{title}"  # the text names its domain in its title
        html = make(items, title)
        (HERE / f"{name}.html").write_text(html, encoding="utf-8")
        text = copy(html, selector)
        if selector == "#catalogue":  # the table alone: its title is typed (pasted) above it
            text = title + "\n" + text
        (HERE / f"{name}.txt").write_text(text, encoding="utf-8")
        print(name, len(items), "rows")


if __name__ == "__main__":
    main()
