"""The marks a catalogue prints in its cells are named once (cleaners.TICKS, TICKED_BOXES,
EMPTY_BOXES) and every stage reads each of them as the ■ or □ it stands for: a corpus line
printed with another mark of the same set is cleaned, split and joined as the line with ■/□."""

import re
from pathlib import Path

import pytest

from catalog.importers import channels, glued, segment
from catalog.importers.cleaners import (
    CJK,
    EMPTY_BOXES,
    NO_WORDS,
    OPENING_BOXES,
    TICKED_BOXES,
    TICKS,
    YES_WORDS,
    clean_cell,
)
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
OPENS_ENTRY = re.compile(rf"(?:^|(?<=[\s;；,，:：。、]))□(?=\s?[{CJK}])")
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


# A tick column's yes and no (cleaners.tick_value), by rule from every corpus page and seed source
# whose √ each stand alone in a cell: printed with another yes (a ticked box, 是, Y) the page reads
# the same; printed with a no (an empty box, a cross, 否, N) it ticks nothing the page with those
# cells left empty does not.
ALONE = re.compile(r"(?:^|(?<=[\t|\s]))√(?=$|[\t|\s])")


def ticks(text: str):
    return [
        (item.audience_public, item.audience_specific, item.mode_proactive, item.mode_on_request, item.levels)
        for section in normalise(parse(text))
        for item in section.items
    ]


def _ticks_alone(path: Path) -> bool:
    """The page's √ each stand alone in a cell, and with them left empty it has the same items
    (a page printed one cell a line reads its rows otherwise when their ticks are gone)."""
    text = path.read_text(encoding="utf-8")
    return (
        "√" in text
        and len(ALONE.findall(text)) == text.count("√")
        and not isinstance(reading(text), str)
        and len(ticks(text.replace("√", ""))) == len(ticks(text))
    )


TICKED_ALONE = [path for path in FILES if _ticks_alone(path)]
YES = [mark for mark in TICKED_BOXES + TICKS if mark != "√"] + sorted(YES_WORDS)
NO = list(EMPTY_BOXES + OPENING_BOXES) + sorted(NO_WORDS)


@pytest.mark.parametrize("path", TICKED_ALONE, ids=lambda path: path.stem)
def test_a_tick_column_reads_every_yes(path):
    text = path.read_text(encoding="utf-8")
    assert len(TICKED_ALONE) >= 10
    for mark in YES:
        assert reading(text.replace("√", mark)) == reading(text), mark


@pytest.mark.parametrize("path", TICKED_ALONE, ids=lambda path: path.stem)
def test_a_tick_column_never_ticks_a_no(path):
    text = path.read_text(encoding="utf-8")
    blank = ticks(text.replace("√", ""))
    for mark in NO:
        printed = ticks(text.replace("√", mark))
        assert len(printed) == len(blank), mark
        for got, left_empty in zip(printed, blank):
            assert not _ticks_more(got, left_empty), mark


def _ticks_more(got, left_empty) -> bool:
    """Whether an item ticks an option the same item with its cells left empty does not (an
    empty cell may take the ticks of the row above, merged; a printed no never does)."""
    return any(a and not b for a, b in zip(got[:4], left_empty[:4])) or not set(got[4]) <= set(left_empty[4])


# A mark no set names (◎, a symbol font's U+F0FE, its stand-in þ) is flagged, never read silently.
UNKNOWN_MARKS = ["◎", "\uf0fe", "þ"]


@pytest.mark.parametrize("path", TICKED_ALONE, ids=lambda path: path.stem)
def test_an_unknown_mark_in_a_tick_column_is_flagged_and_not_ticked(path):
    text = path.read_text(encoding="utf-8")
    blank = ticks(text.replace("√", ""))
    for mark in UNKNOWN_MARKS:
        items = [item for section in normalise(parse(text.replace("√", mark))) for item in section.items]
        assert len(items) == len(blank)
        for item, left_empty in zip(items, blank):
            got = (item.audience_public, item.audience_specific, item.mode_proactive, item.mode_on_request, item.levels)
            assert not _ticks_more(got, left_empty), mark
        assert any(mark in reason for item in items for reason in item.review_reasons), mark


@pytest.mark.parametrize("mark", [*UNKNOWN_MARKS, "t", "R"])
@pytest.mark.parametrize("box", ["■", "□"])
def test_an_unknown_mark_in_a_checklist_is_flagged(box, mark):
    """In place of ■ it is taken for the ticked box, in place of □ beside ■ for the empty one:
    the channels read as printed, and every entry it opens is flagged. (A Latin letter, a symbol
    font's mark that lost its font, is one only in a list that prints boxes.)"""
    opens = re.compile(f"(?:^|(?<=[\\s;；,，:：。、]))[{box}](?=[{CJK}])")
    lines = [
        line
        for line in printed_with(box)
        if "■" in line
        and ("□" in line or not mark.isascii())
        and len(opens.findall(line)) == line.count(box)  # each opens an entry
        and not re.search(f"[{TICKS}{TICKED_BOXES.replace('■', '')}]", line)  # ■ the page's only tick
        and channels.parse_channels(line)[0]
    ]
    assert lines
    shown = mark if mark != "\uf0fe" else "U+F0FE"
    for line in lines:
        refs, _ = channels.parse_channels(line)
        got, notes = channels.parse_channels(line.replace(box, mark))
        assert [ref.slug for ref in got] == [ref.slug for ref in refs]
        assert any(f"“{shown}”不是已知的勾选标记" in note for note in notes)


# 㮾 (U+3BBE, CJK extension A, as in 长沙 㮾梨街道) against 梨, a character of the basic block.
EXTENSION_A, BASIC = "㮾", "梨"


@pytest.mark.parametrize("mark", ["◎", "○", "口", "t"])
def test_a_mark_before_an_extension_a_character_is_read_as_before_any_chinese(mark):
    """A mark opening an entry is one before any Chinese character (cleaners.CJK), extension A
    too: an unknown mark (◎, or a letter in a list printing boxes) flagged, an opening box taken."""
    lines = [line for line in printed_with("□") if "■" in line and re.search(f"□[{CJK}]", line)]
    assert lines
    for line in lines:
        marked = line.replace("□", mark)
        opened = [re.sub(f"(?<={mark})[{CJK}]", first, marked) for first in (EXTENSION_A, BASIC)]
        assert [kind for kind, _ in channels.tokens(opened[0])] == [kind for kind, _ in channels.tokens(opened[1])]


@pytest.mark.parametrize("key", ["content", "channels", "audience_specific"])
def test_pieces_ending_and_opening_with_an_extension_a_character_join_as_chinese(key):
    """A name broken between two pieces (a short run each side) joins as cheaply whether the
    characters at the break are of the basic block or of extension A."""
    pairs = [
        (left, right)
        for line in LINES
        for left, right in zip(line.split(), line.split()[1:])
        if re.search(f"[{CJK}]$", left) and re.match(f"[{CJK}]", right)
    ]
    assert len(pairs) > 100
    for left, right in pairs:
        keys = {segment._join_key(left[:-1] + c, c + right[1:], key) for c in (EXTENSION_A, BASIC)}
        assert len(keys) == 1, (left, right)
