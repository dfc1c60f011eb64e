"""The bounded row search (segment._bounds: runs that lie on no best split are not scored)
reads every row as the full search does: the corpus pages, and each page's complete rows
three times over, shuffled by rule (rows of one page next to unlike rows, as in a real
catalogue), parsed with and without the bounds."""

import random

import pytest

from bench.import_layouts_bench import CORPUS, read_unit
from catalog.importers import segment
from catalog.importers.parse import decode, parse
from catalog.importers.records import NoTableFound

PAGES = sorted(CORPUS.glob("*.txt"))


def reading(text: str):
    try:
        raw = parse(text)
    except NoTableFound as error:
        return str(error)
    rows = [
        (row.line, sorted(row.cells.items()), row.absent, row.notes, getattr(row, "extra", None))
        for section in raw.sections
        for row in section.rows
    ]
    return rows, [(problem.line, problem.message) for problem in raw.problems]


def unbounded(monkeypatch):
    monkeypatch.setattr(segment, "_bounds", lambda *args: (None, float("-inf")))


def texts(path):
    text = decode(path.read_bytes())
    yield text
    unit = read_unit(path)
    if unit is not None:
        rows = list(unit.rows) * 3
        random.Random(path.stem).shuffle(rows)
        yield "\n".join(unit.head) + "\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("path", PAGES, ids=[path.stem for path in PAGES])
def test_bounded_search_reads_as_the_full_search(path, monkeypatch):
    for text in texts(path):
        bounded = reading(text)
        with monkeypatch.context() as patch:
            unbounded(patch)
            full = reading(text)
        assert bounded == full
