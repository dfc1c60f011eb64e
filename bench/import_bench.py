"""Import benchmark: time and peak memory of importing one large catalogue file.

    .venv/bin/python bench/import_bench.py                      # SQLite temp file; XLSX and HTML, 2k/8k/20k rows
    .venv/bin/python bench/import_bench.py --sizes 2000,8000,20000,50000 --formats xlsx,csv
    .venv/bin/python bench/import_bench.py --sizes 2000,4000 --formats xlsx --trace   # + objects held after the read
    .venv/bin/python bench/import_bench.py --sizes 2000,20000 --formats xlsx --history  # as the upload job: + item history
    .venv/bin/python bench/import_bench.py --formats html,txt --command   # through manage.py import_catalogue
    .venv/bin/python bench/import_bench.py --sizes 2000,20000 --formats docx     # Word, written by the bench
    .venv/bin/python bench/import_bench.py --sizes 2000,8000 --formats docx-lo,pdf   # made by LibreOffice (slow)
    .venv/bin/python bench/import_bench.py --sizes 2000 --formats pdf-plain   # printed without cell borders
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/import_bench .venv/bin/python bench/import_bench.py

The file is made by rule from the seed catalogues (fixtures/sources/*.txt as imported):
their items in catalogue order, cycled until the size is reached, renumbered 1..N; from
the second pass on each 二级事项 gets "（第k轮）" so no row repeats. It is written in the
official two-header-row layout (公开对象 / 公开方式 / 公开层级 merged over their ticks,
一级事项 merged down its group), as XLSX, CSV, tab-separated text (txt), an HTML table
with rowspan/colspan, a Word table with gridSpan/vMerge (docx, written part by part), or
Word and PDF converted from the HTML and a ruled XLSX by LibreOffice (soffice; docx-lo and
pdf), as the round trip test makes them, or a PDF of the same XLSX printed without cell
borders (pdf-plain: no ruled table, its text read as columns). LibreOffice takes minutes for a 2,000-row table
and far longer for 20,000, so the bench's own Word file is the one to compare with the others.

Each (format, size) runs in a fresh subprocess through the upload's path: read and
normalise the file from its path (catalog.importers.spreadsheets.read_upload, as the upload's
jobs hand it the kept file), then load in one transaction (import_record, which stores the original),
into an empty database. It reports the wall time of each stage and the subprocess's
peak RSS (VmHWM) after Django started, after the reader (the reader and the rows step,
`read_raw`), after the read (and normalise), the largest RSS while the batches
are written, the peak at the end and the size of the report as stored (ImportRun), so the
growth with size can be read stage by stage (constant memory: the peaks of 2k and 20k rows
should be within a few MB of each other; the line "peak RSS growth" after each format gives the difference
of the largest size's peak and the smallest's). With --command the child runs
`manage.py import_catalogue FILE` instead (the command's path), and only its peak is known.
CPU is the child's process time for read + load: on a shared machine the wall times
grow with the load average, the CPU time much less (the load average is printed).
"""

import argparse
import csv
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HEADER_TOP = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
              "公开对象", "", "公开方式", "", "公开层级", ""]  # fmt: skip
HEADER_SUB = ["", "", "", "", "", "", "", "", "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "import-bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def fresh_database(url: str) -> None:
    """Drop and create the PostgreSQL database (flush would also delete the vocabulary the
    migrations seed, 领域 included, and the import would then find no domain)."""
    import psycopg

    base, _, name = url.partition("?")[0].rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def status_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (the high-water mark so far) of this process, from /proc/self/status."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def seed_rows() -> list[list[str]]:
    """The items of the seed catalogues and of the 25 corpus pages (tests/data/corpus) as
    official-layout rows (Django set up, no database used)."""
    from catalog.importers.normalise import normalise
    from catalog.importers.parse import decode, parse
    from catalog.importers.pipeline import read_catalogue
    from catalog.importers.records import NoTableFound

    found = []
    for path in sorted((ROOT / "fixtures" / "sources").glob("*.txt")):
        found += read_catalogue(path.read_bytes(), name=path.name).items
    for path in sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt")):
        try:
            found += [item for section in normalise(parse(decode(path.read_bytes()))) for item in section.items]
        except NoTableFound:  # the one corpus page that is no catalogue table
            continue
    rows = []
    for item in found:
        tick = lambda flag: "√" if flag else ""  # noqa: E731
        rows.append([
            "", item.level1, item.level2, item.content, item.legal_basis_text, item.deadline_text,
            item.publisher_text, "、".join(ref.detail for ref in item.channels) or item.channel_text,
            tick(item.audience_public), tick(item.audience_specific), tick(item.mode_proactive),
            tick(item.mode_on_request), tick("county" in item.levels), tick("township" in item.levels),
        ])  # fmt: skip
    return rows


def table(size: int) -> list[list[str]]:
    base = seed_rows()
    rows = []
    for n in range(size):
        row = list(base[n % len(base)])
        lap = n // len(base) + 1
        row[0] = str(n + 1)
        if lap > 1:
            row[2] = f"{row[2]}（第{lap}轮）"
        rows.append(row)
    return rows


def merged_runs(rows):
    """(first, last) index runs of equal consecutive 一级事项 (merged down in the file)."""
    runs, start = [], 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i][1] != rows[start][1]:
            runs.append((start, i - 1))
            start = i
    return runs


def write_file(rows, fmt: str, path: Path, borders: bool = False, rules: bool = True) -> None:
    title = ["基准测试县社会救助领域政务公开标准目录"]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerows([title, HEADER_TOP, HEADER_SUB])
        for first, last in merged_runs(rows):
            for i in range(first, last + 1):
                writer.writerow([cell if not (i > first and c == 1) else "" for c, cell in enumerate(rows[i])])
        path.write_text(out.getvalue(), encoding="utf-8-sig")
    elif fmt == "txt":  # tab-separated page text, as the seed sources are
        clean = lambda cell: " ".join(cell.split("\t")).replace("\n", " ")  # noqa: E731
        lines = [title[0], "\t".join(HEADER_TOP), "\t".join(HEADER_SUB)]
        for first, last in merged_runs(rows):
            for i in range(first, last + 1):
                lines.append(
                    "\t".join(clean(cell) if not (i > first and c == 1) else "" for c, cell in enumerate(rows[i]))
                )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == "xlsx":
        import xlsxwriter

        # The PDF's source (borders): ruled cells (or the PDF has no table to find), all columns on
        # one page's width, and rows as high as their wrapped text (LibreOffice fits no row: at the
        # default height the lines of a cell are printed over each other and the next rows). Not in
        # constant_memory mode: a merge_range() with a format writes the blank cells it covers at
        # once, which moves past the rows it spans, and the rows written after it were dropped.
        book = xlsxwriter.Workbook(str(path), {"constant_memory": not borders})
        sheet = book.add_worksheet("社会救助")
        # borders: laid out for print (wrapped, rows fitted, landscape); rules: with cell borders
        # drawn (without them the PDF has no ruled table: its text is read as columns of text).
        grid = book.add_format({"border": int(rules), "text_wrap": True, "valign": "top"}) if borders else None
        widths = [16] * 3 + [30] * 5 + [16] * 6
        if borders:
            from catalog.exports.xlsx import DEFAULT_FONT_LINE_HEIGHT, Column, row_height

            columns = [Column(None, "", width, str) for width in widths]
            for n, row in enumerate(rows):
                sheet.set_row(3 + n, row_height(zip(row, columns), DEFAULT_FONT_LINE_HEIGHT))
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)
            for col, width in enumerate(widths):
                sheet.set_column(col, col, width)
        sheet.write_row(0, 0, title)
        sheet.write_row(1, 0, HEADER_TOP, grid)
        # constant_memory: a merge is made while its first row is the current row; without a
        # format merge_range() leaves the cells below empty, so the next row is not started.
        for first_row, first_col, last_row, last_col in ((1, 0, 2, 0), (1, 8, 1, 9), (1, 10, 1, 11), (1, 12, 1, 13)):
            sheet.merge_range(first_row, first_col, last_row, last_col, HEADER_TOP[first_col], grid)
        sheet.write_row(2, 0, HEADER_SUB, grid)
        for first, last in merged_runs(rows):
            sheet.write_row(3 + first, 0, rows[first], grid)
            if last > first:
                sheet.merge_range(3 + first, 1, 3 + last, 1, rows[first][1], grid)
            for n in range(first + 1, last + 1):  # the covered cells blank, as a merge prints them
                sheet.write_row(
                    3 + n, 0, [cell if c != 1 or not borders else "" for c, cell in enumerate(rows[n])], grid
                )
        book.close()
    elif fmt == "docx":
        write_docx(rows, title[0], path)
    elif fmt in ("docx-lo", "pdf", "pdf-plain"):
        source = path.with_suffix(".html" if fmt == "docx-lo" else ".xlsx")
        write_file(rows, source.suffix[1:], source, borders=True, rules=fmt != "pdf-plain")
        soffice = shutil.which("soffice")
        if soffice is None:
            raise SystemExit("docx and pdf are made with LibreOffice (soffice), which is not installed")
        convert = ["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML"] if fmt == "docx-lo" else [
            "--convert-to", "pdf"]  # fmt: skip
        profile = f"-env:UserInstallation=file://{path.parent}/lo-profile"
        subprocess.run([soffice, profile, "--headless", *convert, str(source), "--outdir", str(path.parent)],
                       check=True, capture_output=True, timeout=3600)  # fmt: skip
        source.unlink()
    elif fmt == "html":
        from html import escape

        lines = [
            f"<html><head><meta charset='utf-8'><title>{title[0]}</title></head><body><h1>{title[0]}</h1><table border=1>"
        ]
        top = "".join(f"<td rowspan=2>{escape(h)}</td>" for h in HEADER_TOP[:8])
        top += "<td colspan=2>公开对象</td><td colspan=2>公开方式</td><td colspan=2>公开层级</td>"
        lines += [f"<tr>{top}</tr>", "<tr>" + "".join(f"<td>{h}</td>" for h in HEADER_SUB[8:]) + "</tr>"]
        for first, last in merged_runs(rows):
            for i in range(first, last + 1):
                cells = [f"<td>{escape(cell)}</td>" for cell in rows[i]]
                cells[1] = f"<td rowspan={last - first + 1}>{escape(rows[i][1])}</td>" if i == first else ""
                lines.append("<tr>" + "".join(cells) + "</tr>")
        lines.append("</table></body></html>")
        path.write_text("\n".join(lines), encoding="utf-8")


WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
WORD_PACKAGE = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
}  # fmt: skip


def write_docx(rows, title: str, path: Path) -> None:
    """The official layout as a Word table, written part by part as Word and LibreOffice write
    one: the eight first headers merged down the two header rows and 一级事项 down its group
    (vMerge), 公开对象 / 公开方式 / 公开层级 over their ticks (gridSpan), each cell with its
    width, paragraph and run properties (as much markup per cell as a LibreOffice .docx)."""
    from xml.sax.saxutils import escape

    def cell(text: str, span: int = 1, merge: str = "") -> str:
        grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        merged = {"": "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[merge]
        run = f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{1134 * span}" w:type="dxa"/>{grid}{merged}<w:tcBorders></w:tcBorders>'
                '<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableContents"/><w:jc w:val="left"/>'
                '<w:rPr><w:color w:val="000000"/></w:rPr></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="SimSun"/>'
                f'<w:color w:val="000000"/><w:sz w:val="20"/></w:rPr>{run}</w:r></w:p></w:tc>')  # fmt: skip

    def row(cells: list[str]) -> str:
        return '<w:tr><w:trPr><w:trHeight w:val="356" w:hRule="atLeast"/></w:trPr>' + "".join(cells) + "</w:tr>"

    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in WORD_PACKAGE.items():
            package.writestr(name, text)
        with package.open("word/document.xml", "w") as part:
            write = lambda text: part.write(text.encode())  # noqa: E731
            write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {WORD}><w:body>')
            write(f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{escape(title)}</w:t></w:r></w:p>')
            write('<w:tbl><w:tblPr><w:tblW w:w="15876" w:type="dxa"/></w:tblPr><w:tblGrid>'
                  + '<w:gridCol w:w="1134"/>' * len(HEADER_TOP) + "</w:tblGrid>")  # fmt: skip
            write(row([cell(h, merge="restart") for h in HEADER_TOP[:8]] + [cell(h, span=2) for h in HEADER_TOP[8::2]]))
            write(row([cell("", merge="continue") for _ in range(8)] + [cell(h) for h in HEADER_SUB[8:]]))
            for first, last in merged_runs(rows):
                for i in range(first, last + 1):
                    cells = [cell(text) for text in rows[i]]
                    if last > first:  # 一级事项 merged down its group
                        cells[1] = cell(rows[i][1], merge="restart") if i == first else cell("", merge="continue")
                    write(row(cells))
            write(
                '</w:tbl><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>'
            )


def run_one(path: Path, database_url: str, trace: bool = False, history: bool = False, command: bool = False) -> dict:
    """In the child: migrate an empty database, import the file, report figures as JSON.

    The high-water mark (VmHWM) is read at each stage's end, and the current RSS after every
    batch the loader writes (its progress callback): "writes" is the largest of those, so the
    growth of the batch writing and of the final step (report, history) can be told apart."""
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if command:
        return run_command(path)
    from catalog.importers.load import import_record
    from catalog.importers.records import CatalogueMeta
    from catalog.importers.spreadsheets import read_raw, record_from_raw
    from catalog.services.editions import import_catalogue

    started_rss = status_mb("VmHWM")
    if trace:
        import gc
        import tracemalloc

        gc.collect()
        tracemalloc.start()
    meta = CatalogueMeta(slug="bench-import", title="基准测试目录", region=[("bench", "基准测试县", "county")],
                         domain=("社会救助", "shehui-jiuzhu"))  # fmt: skip
    t0, c0 = time.perf_counter(), time.process_time()
    raw = read_raw(path, name=path.name)  # read_upload in its two steps, from the file as the upload job
    reader_rss = status_mb("VmHWM")
    record = record_from_raw(raw, meta=meta, name=path.name, data=path)
    del raw
    read_rss = status_mb("VmHWM")
    held = 0.0
    if trace:  # Python objects still alive after the read: what the record holds until the load
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] / 1024 / 1024
        tracemalloc.stop()
    writes = []

    def progress(done, total):
        writes.append(status_mb("VmRSS"))

    t1 = time.perf_counter()
    if history:  # as the upload's import job: with the item history (django-reversion) of every new item
        report = import_catalogue(record, progress=progress)
    else:
        report = import_record(record, progress=progress)
    t2, c2 = time.perf_counter(), time.process_time()
    return {
        "items": report["items"], "flagged": report["flagged"], "read_s": t1 - t0, "load_s": t2 - t1,
        "total_s": t2 - t0, "cpu_s": c2 - c0, "rss_start_mb": started_rss, "rss_reader_mb": reader_rss, "rss_read_mb": read_rss,
        "rss_writes_mb": max(writes, default=0.0), "rss_peak_mb": status_mb("VmHWM"),
        "rss_end_mb": status_mb("VmRSS"), "bytes": path.stat().st_size, "held_mb": held,
        "report_kb": len(json.dumps(report, ensure_ascii=False).encode()) / 1024,
    }  # fmt: skip


def run_command(path: Path) -> dict:
    """`manage.py import_catalogue FILE` for a new catalogue of an existing county."""
    from catalog.models import Item, Region

    Region.objects.create(code="bench", name="基准测试县", level=Region.Level.COUNTY)
    started_rss = status_mb("VmHWM")
    t0, c0 = time.perf_counter(), time.process_time()
    from django.core.management import call_command

    call_command("import_catalogue", str(path), slug="bench-import", title="基准测试目录", region="bench",
                 domain="shehui-jiuzhu", stdout=io.StringIO())  # fmt: skip
    t2, c2 = time.perf_counter(), time.process_time()
    return {
        "items": Item.objects.count(), "flagged": Item.objects.filter(needs_review=True).count(), "read_s": 0.0,
        "load_s": 0.0, "total_s": t2 - t0, "cpu_s": c2 - c0, "rss_start_mb": started_rss, "rss_reader_mb": 0.0,
        "rss_read_mb": 0.0, "rss_writes_mb": 0.0, "rss_peak_mb": status_mb("VmHWM"), "rss_end_mb": status_mb("VmRSS"),
        "bytes": path.stat().st_size, "held_mb": 0.0, "report_kb": 0.0,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,8000,20000")
    parser.add_argument("--formats", default="xlsx,html")
    parser.add_argument(
        "--trace",
        action="store_true",
        help="also measure the Python objects the read leaves alive (tracemalloc; slower)",
    )
    parser.add_argument(
        "--history",
        action="store_true",
        help="import as the upload's job does (catalog.services.editions: also the item history of every item)",
    )
    parser.add_argument("--command", action="store_true", help="import with manage.py import_catalogue instead")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if args.child:
        print(
            json.dumps(
                run_one(Path(args.child), database_url, trace=args.trace, history=args.history, command=args.command)
            )
        )
        return
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; database: {database_url or 'SQLite temp file'}"
        + ("; with the item history (upload job's path)" if args.history else "")
        + ("; through manage.py import_catalogue (only the peak is measured)" if args.command else "")
    )
    print(
        f"{'format':<9} {'rows':>6} {'items':>6} {'file':>8} {'read+normalise':>15} {'load':>7} {'total':>7} {'CPU':>7}"
        f" {'RSS start':>10} {'reader':>7} {'after read':>11} {'writes':>7} {'RSS peak':>9} {'report':>8} {'load avg':>8}"
    )
    setup_django(database_url or "sqlite:///:memory:")  # the rows are read by the importer (no queries)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            peaks = {}
            for size in sizes:
                name = {"docx-lo": f"bench-{size}-lo.docx", "pdf-plain": f"bench-{size}-plain.pdf"}.get(fmt)
                path = Path(tmp) / (name or f"bench-{size}.{fmt}")
                write_file(table(size), fmt, path)
                url = database_url
                if not url:
                    url = f"sqlite:///{tmp}/import-{fmt}-{size}.sqlite3"
                elif url.startswith("postgres"):
                    fresh_database(url)
                flags = [*(["--trace"] if args.trace else []), *(["--history"] if args.history else []),
                         *(["--command"] if args.command else [])]  # fmt: skip
                child = subprocess.run([sys.executable, __file__, "--child", str(path), *flags],
                                       env={**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": f"{tmp}/media"},
                                       capture_output=True, text=True, cwd=ROOT)  # fmt: skip
                if child.returncode:
                    print(child.stderr[-2000:])
                    raise SystemExit(1)
                r = json.loads(child.stdout.strip().splitlines()[-1])
                print(f"{fmt:<9} {size:>6} {r['items']:>6} {r['bytes'] / 1024:>6.0f}KB {r['read_s']:>14.2f}s {r['load_s']:>6.2f}s"
                      f" {r['total_s']:>6.2f}s {r['cpu_s']:>6.2f}s {r['rss_start_mb']:>8.0f}MB {r['rss_reader_mb']:>5.0f}MB {r['rss_read_mb']:>9.0f}MB"
                      f" {r['rss_writes_mb']:>5.0f}MB {r['rss_peak_mb']:>7.0f}MB {r['report_kb']:>6.0f}KB {os.getloadavg()[0]:>8.2f}"
                      + (f"  held after read {r['held_mb']:.1f}MB" if args.trace else ""), flush=True)  # fmt: skip
                peaks[size] = r["rss_peak_mb"]
            if len(peaks) > 1:  # constant memory: the peak of the largest file against the smallest's
                small, large = min(peaks), max(peaks)
                print(f"{fmt:<9} peak RSS growth {small} -> {large} rows: {peaks[large] - peaks[small]:+.1f} MB"
                      f" ({peaks[small]:.1f} -> {peaks[large]:.1f} MB)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
