"""Catalogues printed in traditional characters (a county site's 繁體 version, a copy of its
page elsewhere) are read as their simplified text is (importers/traditional.py).

The inputs are made by rule: every corpus page (tests/data/corpus/) converted to
traditional characters with OpenCC's s2t, the converter's other direction.
"""

from pathlib import Path

import opencc
import pytest

from catalog.importers.normalise import normalise
from catalog.importers.pipeline import read_raw
from catalog.importers.records import ImportFailed
from catalog.importers.traditional import NOTE

from .test_corpus import CORPUS, reading

TO_TRADITIONAL = opencc.OpenCC("s2t")
PAGES = sorted(path.name for path in CORPUS.glob("*.txt"))


def items_of(data: bytes, name: str):
    raw = read_raw(data, name=name)
    return raw, [item for section in normalise(raw) for item in section.items]


def outcome(data: bytes, name: str):
    """The items read, or the refusal."""
    try:
        raw, items = items_of(data, name)
    except ImportFailed as error:
        return None, str(error)
    return raw, reading(items)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_in_traditional_characters_reads_as_its_simplified_text(name):
    text = (CORPUS / name).read_text(encoding="utf-8")
    traditional = TO_TRADITIONAL.convert(text)
    assert traditional != text
    raw, simplified_reading = outcome(text.encode(), name)
    converted, traditional_reading = outcome(traditional.encode(), name)
    assert traditional_reading == simplified_reading
    if raw is not None:
        assert [p.message for p in converted.problems] == [NOTE] + [p.message for p in raw.problems]
        assert [s.heading for s in converted.sections] == [s.heading for s in raw.sections]
        assert converted.metadata == raw.metadata


def test_a_page_in_traditional_characters_is_said_so_in_the_report():
    raw, items = items_of(TO_TRADITIONAL.convert((CORPUS / PAGES[0]).read_text(encoding="utf-8")).encode(), "a.txt")
    assert items and raw.problems[0].message == NOTE and raw.problems[0].severity == "note"


@pytest.mark.parametrize("name", PAGES)
def test_a_simplified_page_is_not_converted(name):
    raw, _ = outcome((CORPUS / name).read_bytes(), name)
    assert raw is None or all(problem.message != NOTE for problem in raw.problems)


def test_a_simplified_seed_with_a_few_traditional_glyphs_is_left_as_printed():
    # The 阿尔山 seed carries OCR-misread traditional names (阿爾山巒市…) that aliases.py
    # corrects by their printed form: converting them first would defeat that.
    seeds = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
    found = [path for path in seeds.glob("*.txt") if "阿爾山巒市" in path.read_text(encoding="utf-8")]
    assert found
    raw = read_raw(found[0].read_bytes(), name=found[0].name)
    assert all(problem.message != NOTE for problem in raw.problems)
