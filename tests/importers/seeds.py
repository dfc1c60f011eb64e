"""Real lines of the seed sources, for building small test inputs."""

from pathlib import Path

from catalog.importers.normalise import normalise
from catalog.importers.parse import parse

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
S000 = "000_2033e23605c45f5d.txt"
S001 = "001_c073cd0789e26141.txt"
S002 = "002_1da4c976f53653ac.txt"
S004 = "004_d471104087878b0a.txt"


def lines(source: str, *spans) -> str:
    """The given 1-based lines (ints or inclusive (first, last) ranges) of a seed, verbatim."""
    text = (SOURCES / source).read_text(encoding="utf-8").split("\n")
    out = []
    for span in spans:
        first, last = span if isinstance(span, tuple) else (span, span)
        out += text[first - 1 : last]
    return "\n".join(out)


def items(text: str, scope: str = ""):
    """Item records of every section of a snippet, in order."""
    return [item for section in normalise(parse(text), scope=scope) for item in section.items]
