"""PDF reader A/B: the reader at a git revision (old) against the working tree's (new),
interleaved in one process on the same files: CPU time of read_pdf (process time, which the
machine's load changes much less than the wall time) and whether the two read the same document
(title, text, page text, every row's cells, citation, covered cells and page breaks).

    .venv/bin/python bench/import_bench.py ...   # or any PDFs; make 2,000-row ones as that bench does
    flock /work/helpers/bench.lock .venv/bin/python bench/pdf_read_ab.py --old HEAD~1 a.pdf b.pdf
"""

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER = "catalog/importers/readers/pdf.py"


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(f"catalog.importers.readers.{name}", path)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "catalog.importers.readers"
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def dump(document) -> tuple:
    parts = [
        (part.label, part.heading, [(r.cells, r.where, r.covered, r.page_break_before) for r in part.rows])
        for part in document.parts
    ]
    return document.title, document.text, list(document.page_text), parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="+")
    parser.add_argument("--old", default="HEAD", help="git revision of the old reader")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        old_path = Path(tmp) / "pdf_old.py"
        old_path.write_text(subprocess.run(["git", "show", f"{args.old}:{READER}"], cwd=ROOT, check=True,
                                           capture_output=True, text=True).stdout)  # fmt: skip
        readers = {"old": load("pdf_old", old_path), "new": load("pdf_new", ROOT / READER)}
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; old = {args.old}, new = working tree"
    )
    for pdf in args.pdfs:
        times: dict[str, list[float]] = {"old": [], "new": []}
        read = {}
        for rep in range(args.reps):
            for name in ("old", "new") if rep % 2 == 0 else ("new", "old"):
                with open(pdf, "rb") as file:
                    start = time.process_time()
                    document = readers[name].read_pdf(file)
                    times[name].append(time.process_time() - start)
                read[name] = dump(document)
        runs = {name: ", ".join(f"{t:.2f}" for t in values) for name, values in times.items()}
        print(f"{Path(pdf).name}: old CPU {min(times['old']):.2f} s ({runs['old']}), new {min(times['new']):.2f} s"
              f" ({runs['new']}); same document: {read['old'] == read['new']}; load {os.getloadavg()[0]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
