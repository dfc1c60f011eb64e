"""Distinct 公开时限 texts of the committed fixtures with their parsed kind and days (for tests and reports)."""

import json
from collections import Counter
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def fixture_items(directory: Path = FIXTURES) -> list[dict]:
    """The `fields` of every catalog.item record in fixtures/*.json (no database needed)."""
    items = []
    for path in sorted(directory.glob("*.json")):
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(records, list):
            items.extend(
                r.get("fields", {}) for r in records if isinstance(r, dict) and r.get("model") == "catalog.item"
            )
    return items


def distinct_deadlines(items: list[dict]) -> list[tuple[str, str, int | None, int | None, int]]:
    """(text, kind, days, publicity_days, count), most frequent first."""
    counter = Counter(
        (
            " ".join((item.get("deadline_text") or "").split()),
            item.get("deadline_kind") or "unknown",
            item.get("deadline_days"),
            item.get("publicity_days"),
        )
        for item in items
    )
    return [(*key, count) for key, count in sorted(counter.items(), key=lambda pair: (-pair[1], pair[0][0]))]


def markdown_table(items: list[dict]) -> str:
    lines = ["| 公开时限（原文） | 类型 | 天数 | 公示期 | 事项数 |", "|---|---|---|---|---|"]
    for text, kind, days, publicity, count in distinct_deadlines(items):
        lines.append(
            f"| {text or '（空）'} | {kind} | {'' if days is None else days} | {'' if publicity is None else publicity} | {count} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table(fixture_items()))
