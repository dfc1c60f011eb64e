"""The marks a catalogue prints in its cells are named once (cleaners.TICKS, TICKED_BOXES,
EMPTY_BOXES) and every stage reads each of them as the ■ or □ it stands for: a corpus line
printed with another mark of the same set is cleaned, split and joined as the line with ■/□."""

import re
from pathlib import Path

import pytest

from catalog.importers import channels, glued, segment
from catalog.importers.cleaners import EMPTY_BOXES, OPENING_BOXES, TICKED_BOXES, TICKS, clean_cell
from catalog.importers.normalise import normalise
from catalog.importers.parse import parse
from catalog.importers.records import NoTableFound

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
LINES = [line for page in sorted(CORPUS.glob("*.txt")) for line in page.read_text(encoding="utf-8").splitlines()]
# Each mark with the box it stands for.
STAND_INS = [("■", mark) for mark in TICKED_BOXES + TICKS if mark != "■"] + [
    ("□", mark) for mark in EMPTY_BOXES if mark != "□"
]


def printed_with(box: str) -> list[str]:
    found = [line for line in LINES if box in line]
    assert found, box
    return found


@pytest.mark.parametrize("box, mark", STAND_INS)
def test_a_cell_is_cleaned_of_every_mark(box, mark):
    for line in printed_with(box):
        assert clean_cell(line.replace(box, mark)) == clean_cell(line)


@pytest.mark.parametrize("box, mark", STAND_INS)
def test_glued_channels_open_at_every_mark(box, mark):
    tails = [glued._basis_end(line)[1] for line in printed_with(box)]
    tails = [tail for tail in tails if box in tail]
    assert tails
    for tail in tails:
        as_printed = glued._split_tail(tail)
        assert glued._split_tail(tail.replace(box, mark)) == tuple(part.replace(box, mark) for part in as_printed)


@pytest.mark.parametrize("box, mark", STAND_INS)
@pytest.mark.parametrize("key", ["channels", "content"])
def test_a_piece_opening_with_any_mark_goes_on_a_list(box, mark, key):
    pairs = [
        (left, right)
        for line in printed_with(box)
        for left, right in zip(line.split(), line.split()[1:])
        if right.startswith(box)
    ]
    assert pairs
    for left, right in pairs:
        as_printed = segment._join_key(left, right, key)
        assert segment._join_key(left.replace(box, mark), right.replace(box, mark), key) == as_printed


@pytest.mark.parametrize("mark", [mark for box, mark in STAND_INS if box == "■"])
def test_a_checklist_ticked_with_any_mark(mark):
    for line in printed_with("■"):
        refs, notes = channels.parse_channels(line)
        assert channels.parse_channels(line.replace("■", mark)) == (refs, notes)


# Every corpus page and seed source, read whole with each box it prints swapped for every
# other mark of its set: the items must read as the page printed with ■/□ (names, content,
# 要素, channels, ticks and how many review flags).
SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
FILES = sorted(CORPUS.glob("*.txt")) + sorted(SOURCES.glob("*.txt"))
SWAPS = [(path, box, mark) for path in FILES for box, mark in STAND_INS if box in path.read_text(encoding="utf-8")]


def reading(text: str):
    try:
        raw = parse(text)
    except NoTableFound as refused:  # a page with no table is refused the same way
        return str(refused)
    return [
        (
            item.level1,
            item.level2,
            item.level3,
            item.content,
            item.elements,
            [(ref.slug, ref.detail) for ref in item.channels],
            (item.audience_public, item.audience_specific, item.mode_proactive, item.mode_on_request),
            len(item.review_reasons),
        )
        for section in normalise(raw)
        for item in section.items
    ]


@pytest.mark.parametrize(
    "path, box, mark", [pytest.param(path, box, mark, id=f"{path.stem}-{box}{mark}") for path, box, mark in SWAPS]
)
def test_a_whole_page_reads_the_same_with_any_mark(path, box, mark):
    text = path.read_text(encoding="utf-8")
    assert reading(text.replace(box, mark)) == reading(text)


# 口 ○ × stand for □ only where they open an entry of a checklist (cleaners.OPENING_BOXES):
# every corpus and seed line whose empty boxes each open an entry reads the same with them.
OPENS_ENTRY = re.compile(r"(?:^|(?<=[\s;；,，:：。、]))□(?=\s?[\u4e00-\u9fff])")
OPENED = [
    line
    for path in FILES
    for line in path.read_text(encoding="utf-8").splitlines()
    if "□" in line and len(OPENS_ENTRY.findall(line)) == line.count("□")
]


@pytest.mark.parametrize("mark", OPENING_BOXES)
def test_an_entry_opened_by_an_empty_mark_is_not_ticked(mark):
    assert OPENED
    for line in OPENED:
        assert channels.parse_channels(line.replace("□", mark)) == channels.parse_channels(line)


@pytest.mark.parametrize("mark", OPENING_BOXES)
def test_an_empty_mark_inside_a_name_is_text(mark):
    """××县人民政府网站, 二○二二年: a mark that does not open the entry reads as any other text."""
    for line in [line for line in printed_with("■") if not re.search(r"■\s", line)]:
        named = channels.parse_channels(line.replace("■", f"■{mark}{mark}"))[0]
        plain = channels.parse_channels(line.replace("■", "■某某"))[0]
        assert [ref.detail.replace(" ", "") for ref in named] == [
            ref.detail.replace("某某", mark * 2).replace(" ", "") for ref in plain
        ]
