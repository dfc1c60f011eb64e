"""Every 公开时限 in the committed fixtures has a meaning (runs once the importer's fixtures exist)."""
import datetime as dt

import pytest

from catalog.deadlines.due import KINDS_WITH_DATE, due_date
from catalog.deadlines.survey import distinct_deadlines, fixture_items

ITEMS = fixture_items()
pytestmark = pytest.mark.skipif(not ITEMS, reason="fixtures/*.json with catalog.item records not generated yet")


def test_same_as_above_is_always_resolved():
    unresolved = [item for item in ITEMS if (item.get("deadline_text") or "").strip() == "同上" and item.get("deadline_kind") in (None, "", "unknown")]
    assert unresolved == []


def test_every_distinct_text_has_a_kind():
    missing = [text for text, kind, *_ in distinct_deadlines(ITEMS) if text and kind == "unknown"]
    assert missing == []


def test_day_counts_are_present_where_needed():
    for text, kind, days, _publicity, _count in distinct_deadlines(ITEMS):
        if kind in ("working_days", "calendar_days"):
            assert days, text


def test_every_parsed_deadline_gives_a_due_date_or_a_reason():
    for text, kind, days, publicity, _count in distinct_deadlines(ITEMS):
        result = due_date({"kind": kind, "days": days, "publicity_days": publicity, "text": text}, dt.date(2025, 10, 4))
        assert result.explanation
        if kind in KINDS_WITH_DATE - {"periodic"}:
            assert result.date is not None, text
