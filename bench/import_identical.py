"""Same reading before and after a change to the importer: every field of every item, old vs new.

    # inputs, made once (with either tree): the corpus pages, the seed sources, the 2,000-row
    # files of bench/import_layouts_bench.py and perturbed copies of every corpus page's rows
    .venv/bin/python bench/import_identical.py make /tmp/same/in
    # read + normalise each file with the tree on PYTHONPATH (a worktree of main, then yours)
    PYTHONPATH=/work/wt/base .venv/bin/python bench/import_identical.py dump /tmp/same/in /tmp/same/old.jsonl
    PYTHONPATH=. .venv/bin/python bench/import_identical.py dump /tmp/same/in /tmp/same/new.jsonl
    .venv/bin/python bench/import_identical.py compare /tmp/same/old.jsonl /tmp/same/new.jsonl

The perturbed copies (three laps of a page's rows): rows shuffled; rows printed twice; extra
spaces (ASCII, U+3000, U+00A0) between Chinese characters inside cells; shuffled with one row
cut short; and lines swapped at random (text no table reads cleanly: the problems must match
too). The record compared is the whole of what normalise gives (items, problems, notes, page
text), so a change meant only to be faster must leave every line of it as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import re
import shutil
import sys
import time
from pathlib import Path

from catalog.importers.cleaners import CJK

ROOT = Path(__file__).resolve().parent.parent
LONG = "qinghai-huzhu,henan-zhecheng,neimenggu-kangbashi,jiangxi-fuliang,liaoning-gaizhou,xinjiang-wuqia,hubei-tianmen"
CJK_GAP = re.compile(f"(?<=[{CJK}])(?=[{CJK}])")


def make(out: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import import_layouts_bench as layouts_bench

    layouts_bench.setup_django()
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(Path("/work/shared/corpus/catalogues").glob("*.txt")) or sorted(
        layouts_bench.CORPUS.glob("*.txt")
    ):
        shutil.copy(path, out / f"corpus-{path.name}")
    for path in sorted((ROOT / "fixtures" / "sources").glob("*.txt")):
        shutil.copy(path, out / f"fixture-{path.name}")
    rng = random.Random(14)
    for unit in layouts_bench.units("", ""):
        big = unit.name.startswith(tuple(LONG.split(",")))
        if big:
            (out / f"long-{unit.name}.txt").write_text(layouts_bench.long_page(unit, 2000)[0], encoding="utf-8")
        head = "\n".join(unit.head)
        for k in range(4 if big else 2):
            rows = list(unit.rows) * 3
            if k == 0:
                rng.shuffle(rows)
            elif k == 1:
                rows = [row for row in rows for _ in range(rng.choice((1, 1, 2)))]
            elif k == 2:
                rows = [_spaced(row, rng) for row in rows]
            else:
                rng.shuffle(rows)
                rows[len(rows) // 2] = rows[len(rows) // 2][: len(rows[len(rows) // 2]) * 2 // 3]
            (out / f"perturbed{k}-{unit.name}.txt").write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
        lines = "\n".join(unit.rows * 3).split("\n")
        for _ in range(max(1, len(lines) // 8)):
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
        (out / f"lines-{unit.name}.txt").write_text(head + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(len(list(out.iterdir())), "files in", out)


def _spaced(row: str, rng: random.Random) -> str:
    spots = [m.start() for m in CJK_GAP.finditer(row)]
    for at in sorted(rng.sample(spots, min(len(spots), 3)), reverse=True):
        row = row[:at] + rng.choice((" ", "  ", "\u3000", "\u00a0")) + row[at:]
    return row.replace(" ", "  ", 1) if rng.random() < 0.5 else row


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "mapping"}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "Spool":
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def dump(folder: Path, out: Path) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("SECRET_KEY", "import-identical-only")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    import django

    django.setup()
    import catalog
    from catalog.importers.pipeline import read_raw, record_from_raw
    from catalog.importers.records import CatalogueMeta

    print("tree:", Path(catalog.__file__).parent.parent, file=sys.stderr)
    meta = CatalogueMeta(slug="same", title="同一", region=[("same", "同一县", "county")], domain=("社会救助", "shehui-jiuzhu"))  # fmt: skip
    with out.open("w", encoding="utf-8") as sink:
        for path in sorted(folder.glob("*.txt")):
            started = time.process_time()
            try:
                record = _plain(record_from_raw(read_raw(path, name=path.name), meta=meta, name=path.name, data=path))
            except Exception as error:  # a refusal must be the same refusal
                record = {"error": f"{type(error).__name__}: {error}"}
            text = json.dumps(record, ensure_ascii=False, sort_keys=True, default=repr)
            items = sum(len(section.get("items", [])) for section in record.get("sections", []))
            digest = hashlib.sha256(text.encode()).hexdigest()
            sink.write(json.dumps({"file": path.name, "sha": digest, "items": items, "record": text}, ensure_ascii=False) + "\n")  # fmt: skip
            print(f"{path.name} {items} items {time.process_time() - started:.2f}s CPU", file=sys.stderr)


def compare(old: Path, new: Path) -> None:
    before = {row["file"]: row for row in map(json.loads, old.open(encoding="utf-8"))}
    after = {row["file"]: row for row in map(json.loads, new.open(encoding="utf-8"))}
    differ = [name for name in before if name in after and before[name]["sha"] != after[name]["sha"]]
    missing = sorted(set(before) ^ set(after))
    items = sum(row["items"] for row in after.values())
    print(f"{len(set(before) & set(after))} files, {items} items compared; differ: {differ or 'none'}; missing: {missing or 'none'}")  # fmt: skip
    sys.exit(1 if differ or missing else 0)


if __name__ == "__main__":
    command, *paths = sys.argv[1:]
    {"make": make, "dump": dump, "compare": compare}[command](*map(Path, paths))
