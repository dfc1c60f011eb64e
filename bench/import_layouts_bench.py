"""Import benchmark of the text layouts: long files made from the corpus pages' own rows.

    .venv/bin/python bench/import_layouts_bench.py                         # 2,000 rows, every corpus page
    .venv/bin/python bench/import_layouts_bench.py --sizes 2000,20000 --layouts lines,spaces
    .venv/bin/python bench/import_layouts_bench.py --read-only             # reading (parse) only, in-process: quick
    .venv/bin/python bench/import_layouts_bench.py --files qinghai-huzhu,shanxi-fangshan --write /tmp/long

For each of the corpus pages (tests/data/corpus, the 25 real catalogue page texts) that
holds a table with complete rows, a file of N rows is written in that page's own layout
(one cell per line, ` |`-terminated, pipes, spaces, cells run together, ...): the page's
text above its first row (chrome, metadata, header) as printed, then its complete rows'
lines, verbatim, over and over until N rows are reached (the cut last row of the
excerpt is left out). Each copy is renumbered (序号 1..N, as a long catalogue numbers its
rows) and from the second copy on each row's name (its last name cell: 二级/三级事项)
gets "（第k轮）" at its end, so that no row repeats exactly (see ``long_page``). The rows of
a long file must read as the page's own rows read (the check: every row, every cell),
which ``tests/importers/test_long_pages.py`` asserts too.

Each file is imported in a fresh subprocess through the upload's path, as
bench/import_bench.py does it (its ``--child``: read and normalise, then load into an
empty SQLite database in one transaction), and its figures are printed by layout: the
wall time of reading and loading, CPU, and peak RSS (VmHWM) after the reader and at the
end. Constant memory: the peaks at 2,000 and 20,000 rows should be within a few MB.
With --read-only only the text parser runs (in this process, one file after another):
its time and whether every row came out as the page's own rows did.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "data" / "corpus"
NAME_KEYS = ("level3", "level2", "level1")


@dataclass
class Unit:
    """A corpus page as a pattern for a long file."""

    name: str
    layout: str
    head: list[str]  # the page's lines above its first complete row
    rows: list[str]  # each complete row's lines, joined (up to the next row's first line)
    numbers: list[str]  # each row's 序号 as printed ("" when it has none)
    cells: list[dict[int, str]]  # each row's cells as the page's own text reads them
    columns: list
    # per row: where "（第k轮）" goes in its text, and the cell and place in it (spaces removed)
    # where it then reads; None: the row is copied as printed (no spot found that reads back)
    marks: list[tuple[int, int, int] | None] = field(default_factory=list)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("SECRET_KEY", "import-bench-only")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    import django

    django.setup()


def read_unit(path: Path) -> Unit | None:
    """The page's complete rows and where each row is varied, or None for a page without them."""
    from catalog.importers.parse import decode, parse
    from catalog.importers.records import NoTableFound

    text = decode(path.read_bytes())
    try:
        raw = parse(text)
    except NoTableFound:
        return None
    if len(raw.sections) != 1 or not raw.sections[0].rows:
        return None
    section = raw.sections[0]
    lines = text.split("\n")
    rows = list(section.rows)
    cut = next((p.line for p in raw.problems if "中间结束" in p.message), len(lines) + 1)
    starts = [row.line - 1 for row in rows] + [cut - 1]
    keys = [column.key for column in section.columns]
    unit = Unit(path.stem, section.layout, lines[: starts[0]], [], [], [], section.columns)
    for k, row in enumerate(rows):
        unit.rows.append("\n".join(lines[starts[k] : starts[k + 1]]))
        unit.numbers.append(row.cells.get(keys.index("number"), "").strip() if "number" in keys else "")
        unit.cells.append(dict(row.cells))
    unit.marks = _marks(unit, keys)
    return unit


def _spots(own: str, cells: dict[int, str], keys: list[str]) -> list[int]:
    """Places in a row's text to vary it at, best first: the end of its last name cell (where
    printed before its 公开内容), the start of that name, the end of its 公开内容."""
    content = cells.get(keys.index("content"), "").strip() if "content" in keys else ""
    before = own.find(content.split("\n")[0].strip()) if content else -1
    spots = []
    for key in NAME_KEYS:
        if key in keys and cells.get(keys.index(key), "").strip():
            parts = [part.strip() for part in re.split(r"[\n、]", cells[keys.index(key)]) if part.strip()]
            for part, edge in ((parts[-1], "end"), (parts[0], "start")):
                found = [m for m in re.finditer(re.escape(part), own) if before < 0 or m.end() <= before]
                if found:
                    match = found[-1] if before >= 0 else found[0]
                    spots.append(match.end() if edge == "end" else match.start())
            break
    if content:
        last = content.split("\n")[-1].strip()
        at = own.rfind(last)
        if at >= 0:
            spots.append(at + len(last))
    return spots


def _marks(unit: Unit, keys: list[str]) -> list[tuple[int, int, int] | None]:
    """For each row the first spot whose "（第k轮）" reads back in one cell, the rest unchanged,
    when three copies of the page's rows are read together."""
    options = [_spots(own, cells, keys) for own, cells in zip(unit.rows, unit.cells)]
    chosen: list[tuple[int, int, int] | None] = [None] * len(unit.rows)
    for attempt in range(max(map(len, options), default=0)):
        trial = [
            chosen[k] if chosen[k] else ((options[k][attempt], -1, -1) if attempt < len(options[k]) else None)
            for k in range(len(unit.rows))
        ]
        found = _read_back(unit, trial, laps=3)
        for k, mark in enumerate(found):
            if chosen[k] is None and mark is not None:
                chosen[k] = mark
    final = _read_back(unit, chosen, laps=3)
    return [mark if mark == chosen[k] else None for k, mark in enumerate(final)]


def _read_back(unit: Unit, marks, laps: int) -> list[tuple[int, int, int] | None]:
    """Which rows' marks read back as one changed cell in every copy (with that cell and place)."""
    from catalog.importers.parse import parse

    probe = Unit(unit.name, unit.layout, unit.head, unit.rows, unit.numbers, unit.cells, unit.columns, list(marks))
    text, made = long_page(probe, laps * len(unit.rows))
    rows = [row for section in parse(text).sections for row in section.rows]
    out: list[tuple[int, int, int] | None] = list(marks)
    if len(rows) != len(made):
        return [None] * len(marks)
    for row, (base, lap, number) in zip(rows, made):
        mark = out[base]
        if mark is None:
            continue
        want = {j: _flat(c) for j, c in _renumbered(unit, base, number).items() if c.strip()}
        got = {j: _flat(c) for j, c in row.cells.items() if c.strip()}
        tag = f"（第{lap}轮）"
        changed = [j for j in got if got[j] != want.get(j)]
        if lap == 1:
            ok = not changed and set(got) == set(want)
        else:
            j = changed[0] if len(changed) == 1 else -1
            ok = j >= 0 and tag in got[j] and got[j].replace(tag, "", 1) == want.get(j, "")
            ok = ok and set(got) - {j} == set(want) - {j}
            if ok and mark[1] >= 0 and (mark[1], mark[2]) != (j, got[j].index(tag)):
                ok = False
            if ok:
                mark = (mark[0], j, got[j].index(tag))
        out[base] = mark if ok else None
    return out


def long_page(unit: Unit, size: int, first: int = 1) -> tuple[str, list[tuple[int, int, int]]]:
    """The text of a file in the page's layout with at least `size` rows (whole copies of the
    page's rows: a copy stopped halfway may end on a row the page merges into the one above),
    numbered from `first`, and per row (base row, copy, 序号)."""
    out = list(unit.head)
    made: list[tuple[int, int, int]] = []
    lap = 0
    while len(made) < size:
        lap += 1
        for base, own in enumerate(unit.rows):
            number = len(made) + first
            mark = unit.marks[base] if unit.marks else None
            if lap > 1 and mark is not None:
                own = own[: mark[0]] + f"（第{lap}轮）" + own[mark[0] :]
            if unit.numbers[base]:
                own = re.sub(rf"(?<!\d){unit.numbers[base]}(?!\d)", str(number), own, count=1)
            out.append(own)
            made.append((base, lap, number))
    return "\n".join(out) + "\n", made


def _renumbered(unit: Unit, base: int, number: int) -> dict[int, str]:
    cells = dict(unit.cells[base])
    keys = [column.key for column in unit.columns]
    if unit.numbers[base]:
        j = keys.index("number")
        cells[j] = cells[j].replace(unit.numbers[base], str(number), 1)
    return cells


def expected(unit: Unit, base: int, lap: int, number: int) -> dict[int, str]:
    """The cells a row of the long file must read as (spaces removed): the page's own row,
    renumbered, with "（第k轮）" where its copy has it."""
    cells = {j: _flat(c) for j, c in _renumbered(unit, base, number).items() if c.strip()}
    mark = unit.marks[base]
    if lap > 1 and mark is not None:
        _, j, at = mark
        cells[j] = cells[j][:at] + f"（第{lap}轮）" + cells[j][at:]
    return cells


def check(unit: Unit, text: str, made) -> tuple[int, list[str]]:
    """Rows of the long file read as expected, and what differs in the first few that do not."""
    from catalog.importers.parse import parse

    rows = [row for section in parse(text).sections for row in section.rows]
    right, wrong = 0, []
    for k, (base, lap, number) in enumerate(made):
        want = expected(unit, base, lap, number)
        got = {j: _flat(c) for j, c in rows[k].cells.items() if c.strip()} if k < len(rows) else None
        if got == want:
            right += 1
        elif len(wrong) < 3:
            wrong.append(f"row {k + 1} (line {rows[k].line if got is not None else '-'}): got {got} want {want}")
    if len(rows) != len(made):
        wrong.append(f"{len(rows)} rows read, {len(made)} written")
    return right, wrong


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def units(files: str, layouts: str) -> list[Unit]:
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        if files and not any(path.stem.startswith(f) for f in files.split(",")):
            continue
        unit = read_unit(path)
        if unit is not None and (not layouts or unit.layout in layouts.split(",")):
            found.append(unit)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000")
    parser.add_argument("--layouts", default="", help="only pages of these layouts (lines,pipe,spaces,glued)")
    parser.add_argument("--files", default="", help="only corpus pages whose names start so (comma-separated)")
    parser.add_argument("--read-only", action="store_true", help="time the text parser only, and check every row")
    parser.add_argument("--write", help="also keep the files made in this directory")
    args = parser.parse_args()
    setup_django()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; SQLite temp file")
    if args.read_only:
        print(f"{'layout':<7} {'page':<40} {'rows':>6} {'lines':>7} {'parse':>8} {'CPU':>7} {'right':>6} {'varied':>7}")
    else:
        print(f"{'layout':<7} {'page':<40} {'rows':>6} {'items':>6} {'file':>7} {'read':>7} {'load':>7} {'total':>7}"
              f" {'CPU':>7} {'RSS start':>9} {'reader':>7} {'peak':>7} {'load avg':>8}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for unit in units(args.files, args.layouts):
            for size in [int(s) for s in args.sizes.split(",")]:
                text, made = long_page(unit, size)
                path = Path(args.write or tmp) / f"{unit.name}-{size}.txt"
                path.write_text(text, encoding="utf-8")
                if args.read_only:
                    from catalog.importers.parse import parse

                    t0, c0 = time.perf_counter(), time.process_time()
                    parse(text)
                    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                    right, wrong = check(unit, text, made)
                    print(f"{unit.layout:<7} {unit.name[:40]:<40} {len(made):>6} {text.count(chr(10)):>7} {wall:>7.2f}s"
                          f" {cpu:>6.2f}s {right:>6} {sum(m is not None for m in unit.marks)}/{len(unit.rows)}", flush=True)  # fmt: skip
                    for line in wrong:
                        print("   ", line[:600])
                    continue
                url = f"sqlite:///{tmp}/import-{unit.name}-{size}.sqlite3"
                child = subprocess.run([sys.executable, str(ROOT / "bench" / "import_bench.py"), "--child", str(path)],
                                       env={**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": f"{tmp}/media"},
                                       capture_output=True, text=True, cwd=ROOT)  # fmt: skip
                if child.returncode:
                    print(f"{unit.layout:<7} {unit.name[:40]:<40} {size:>6} failed: {child.stderr[-800:]}")
                    continue
                r = json.loads(child.stdout.strip().splitlines()[-1])
                print(f"{unit.layout:<7} {unit.name[:40]:<40} {len(made):>6} {r['items']:>6} {r['bytes'] / 1024:>6.0f}K"
                      f" {r['read_s']:>6.2f}s {r['load_s']:>6.2f}s {r['total_s']:>6.2f}s {r['cpu_s']:>6.2f}s"
                      f" {r['rss_start_mb']:>7.0f}MB {r['rss_reader_mb']:>5.0f}MB {r['rss_peak_mb']:>5.0f}MB"
                      f" {os.getloadavg()[0]:>8.2f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
