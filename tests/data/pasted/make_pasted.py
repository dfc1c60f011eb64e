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
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CHROMIUM = "/usr/bin/chromium"


def seed_items(source: str, section: int, count: int):
    sys.path.insert(0, str(ROOT))
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


def channel_cell(item, n: int) -> str:
    options = [option.strip() for option in re.split(r"(?=[■□])", item.channel_text) if option.strip()]
    if n % 4 == 2 and len(options) >= 2:  # every fourth row: one paragraph an option
        return "".join(f"<p>{escape(option)}</p>" for option in options)
    return escape(" ".join(options))


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


def shehui(items, title: str, one_row: bool = False):
    """序号, 一级事项, 二级事项 … rowspan=2; 公开对象 and 公开方式 colspan=2; 一级事项 merged down.
    ``one_row``: the header on one row (全社会, 特定群体, 主动公开, 依申请公开 as columns), the
    page's footer copied below."""
    labels = ("序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体")
    labels += ("全社会", "特定群体", "主动公开", "依申请公开")
    header = (
        "<tr>" + "".join(f"<td>{label}</td>" for label in labels) + "</tr>"
        if one_row
        else (
            "<tr>"
            + "".join(
                f"<td rowspan='2'>{h}</td>"
                for h in (
                    "序号",
                    "一级事项",
                    "二级事项",
                    "公开内容（要素）",
                    "公开依据",
                    "公开时限",
                    "公开主体",
                    "公开渠道和载体",
                )
            )
            + "<td colspan='2'>公开对象</td><td colspan='2'>公开方式</td></tr>"
            "<tr><td>全社会</td><td>特定群体</td><td>主动</td><td>依申请</td></tr>"
        )
    )
    spans = runs([item.level1 for item in items])
    rows = []
    for n, item in enumerate(items):
        cells = [f"<td>{n + 1}</td>"]
        if spans[n]:
            cells.append(f"<td rowspan='{spans[n]}'>{escape(item.level1)}</td>")
        cells += [
            f"<td>{escape(item.level2)}</td>",
            f"<td>{content_cell(item.content, n)}</td>",
            f"<td>{escape(item.legal_basis_text)}</td>",
            f"<td>{escape(item.deadline_text)}</td>",
            f"<td>{escape(item.publisher_text)}</td>",
            f"<td>{channel_cell(item, n)}</td>",
            f"<td>{tick(item.audience_public)}</td><td>{tick(item.audience_specific)}</td>",
            f"<td>{tick(item.mode_proactive)}</td><td>{tick(item.mode_on_request)}</td>",
        ]
        rows.append("".join(cells))
    return page(title, header, rows, footer=one_row)


def levels(items, title: str):
    """公开事项 colspan=2 over 一级事项/二级事项, 公开内容<br>（要素）, 公开层级 over 县级/乡级;
    一级事项 and 公开主体 merged down; the page's footer below the table."""
    header = (
        "<tr><td rowspan='2'>序号</td><td colspan='2'>公开事项</td><td rowspan='2'>公开内容<br>（要素）</td>"
        + "".join(f"<td rowspan='2'>{h}</td>" for h in ("公开依据", "公开时限", "公开主体", "公开渠道和载体"))
        + "<td colspan='2'>公开对象</td><td colspan='2'>公开方式</td><td colspan='2'>公开层级</td></tr>"
        "<tr><td>一级事项</td><td>二级事项</td><td>全社会</td><td>特定群众</td><td>主动</td><td>依申请</td>"
        "<td>县级</td><td>乡级</td></tr>"
    )
    top = runs([item.level1 for item in items])
    who = runs([item.publisher_text for item in items])
    rows = []
    for n, item in enumerate(items):
        cells = [f"<td>{n + 1}</td>"]
        if top[n]:
            cells.append(f"<td rowspan='{top[n]}'>{escape(item.level1)}</td>")
        cells += [
            f"<td>{escape(item.level2)}</td>",
            f"<td>{content_cell(item.content, n)}</td>",
            f"<td>{escape(item.legal_basis_text)}</td>",
            f"<td>{escape(item.deadline_text)}</td>",
        ]
        if who[n]:
            cells.append(f"<td rowspan='{who[n]}'>{escape(item.publisher_text)}</td>")
        cells += [
            f"<td>{channel_cell(item, n)}</td>",
            f"<td>{tick(item.audience_public)}</td><td>{tick(item.audience_specific)}</td>",
            f"<td>{tick(item.mode_proactive)}</td><td>{tick(item.mode_on_request)}</td>",
            f"<td>{tick('county' in item.levels)}</td><td>{tick('township' in item.levels)}</td>",
        ]
        rows.append("".join(cells))
    return page(title, header, rows, footer=True)


def genhe(items, title: str):
    """公开事项 colspan=3 over 一级/二级/三级事项, 公开对象 over 全社会/特定群体, 责任科室 last;
    一级事项 and 公开时限 merged down."""
    header = (
        "<tr><td rowspan='2'>序号</td><td colspan='3'>公开事项</td>"
        + "".join(f"<td rowspan='2'>{h}</td>" for h in ("公开内容（要素）", "公开时限", "公开主体", "公开渠道和载体"))
        + "<td colspan='2'>公开对象</td><td rowspan='2'>责任科室</td></tr>"
        "<tr><td>一级事项</td><td>二级事项</td><td>三级事项</td><td>全社会</td><td>特定群体</td></tr>"
    )
    top = runs([item.level1 for item in items])
    when = runs([item.deadline_text for item in items])
    rows = []
    for n, item in enumerate(items):
        cells = [f"<td>{n + 1}</td>"]
        if top[n]:
            cells.append(f"<td rowspan='{top[n]}'>{escape(item.level1)}</td>")
        cells += [
            f"<td>{escape(item.level2)}</td><td>{escape(item.level3)}</td>",
            f"<td>{content_cell(item.content, n)}</td>",
        ]
        if when[n]:
            cells.append(f"<td rowspan='{when[n]}'>{escape(item.deadline_text)}</td>")
        cells += [
            f"<td>{escape(item.publisher_text)}</td>",
            f"<td>{channel_cell(item, n)}</td>",
            f"<td>{tick(item.audience_public)}</td><td>{tick(item.audience_specific)}</td>",
            f"<td>{escape(item.responsible_office)}</td>",
        ]
        rows.append("".join(cells))
    return page(title, header, rows, footer=True)


def paragraphs(items, title: str):
    """Every cell a paragraph (<td><p>…</p></td>, as a page pasted from Word has them), the
    header on one row with 公开层级 as three columns; 一级事项 merged down."""
    labels = (
        "序号",
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "县级",
        "乡级",
        "村级",
    )
    header = "<tr>" + "".join(f"<td><p>{h}</p></td>" for h in labels) + "</tr>"
    top = runs([item.level1 for item in items])
    rows = []
    for n, item in enumerate(items):
        values = [str(n + 1), item.level1, item.level2, item.content, item.legal_basis_text, item.deadline_text]
        values += [item.publisher_text, item.channel_text]
        values += [tick(level in item.levels) for level in ("county", "township", "village")]
        cells = [
            (f"<td rowspan='{top[n]}'>" if j == 1 else "<td>") + (f"<p>{escape(value)}</p>" if value else "") + "</td>"
            for j, value in enumerate(values)
            if j != 1 or top[n]
        ]
        rows.append("".join(cells))
    return page(title, header, rows, footer=True)


def department(items, title: str):
    """The department model of the corpus (天门市: 一级目录/二级目录, 公开对象 as text) with
    公开层级 over 州级县级/乡、村级 (乌恰县); 一级目录 merged down, 公开对象 merged over the whole
    table, the table's title in a caption-like first row."""
    header = (
        "<tr>"
        + "".join(
            f"<th rowspan='2'>{h}</th>"
            for h in ("序号", "一级目录", "二级目录", "公开内容", "公开依据", "公开时限", "公开主体", "公开对象")
        )
        + "<th colspan='2'>公开层级</th></tr><tr><th>州级县级</th><th>乡、村级</th></tr>"
    )
    top = runs([item.level1 for item in items])
    rows = []
    for n, item in enumerate(items):
        cells = [f"<td>{n + 1}</td>"]
        if top[n]:
            cells.append(f"<td rowspan='{top[n]}'>{escape(item.level1)}</td>")
        cells += [
            f"<td>{escape(item.level2)}</td>",
            f"<td>{content_cell(item.content, n)}</td>",
            f"<td>{escape(item.legal_basis_text)}</td>",
            f"<td>{escape(item.deadline_text)}</td>",
            f"<td>{escape(item.publisher_text)}</td>",
        ]
        if n == 0:
            cells.append(f"<td rowspan='{len(items)}'>全社会</td>")
        groups = (("city", "county"), ("township", "village"))
        cells += [f"<td>{tick(any(code in item.levels for code in group))}</td>" for group in groups]
        rows.append("".join(cells))
    return page(title, header, rows, footer=False)


# name -> (seed source, its section, rows, page maker, what is selected)
PAGES = {
    "shehuijiuzhu": ("000_2033e23605c45f5d.txt", 3, 12, shehui, "#catalogue"),
    "yihang": ("000_2033e23605c45f5d.txt", 3, 12, lambda items, title: shehui(items, title, one_row=True), "#article"),
    "jiuye": ("000_2033e23605c45f5d.txt", 6, 14, levels, "#article"),
    "genhe": ("002_1da4c976f53653ac.txt", 0, 16, genhe, "#article"),
    "shequ": ("004_d471104087878b0a.txt", 0, 14, paragraphs, "#article"),
    "bumen": ("001_c073cd0789e26141.txt", 0, 12, department, "#catalogue"),
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
