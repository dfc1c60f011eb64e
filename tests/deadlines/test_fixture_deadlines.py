"""Every 公开时限 in the committed fixtures has a meaning."""

import datetime as dt

from catalog.deadlines.due import KINDS_WITH_DATE, due_date
from catalog.deadlines.survey import distinct_deadlines, fixture_items

ITEMS = fixture_items()


def test_the_committed_fixtures_hold_items():
    assert len(ITEMS) > 100


def test_same_as_above_is_never_left_as_text():
    assert [item for item in ITEMS if (item.get("deadline_text") or "").strip() == "同上"] == []


def test_unresolved_deadlines_are_flagged_never_silent():
    """An item without a parsed deadline must be in the review queue saying why.

    The seeds have exactly one: 000 line 33 (重大建设项目 · 乡村建设规划许可证核发), the first
    row of the whole catalogue, prints 同上 with no row above it; staff must fill it in.
    """
    unresolved = [item for item in ITEMS if item.get("deadline_kind") in (None, "", "unknown")]
    for item in unresolved:
        assert item.get("needs_review"), item.get("source_line")
        reasons = " ".join(item.get("review_reasons") or [])
        assert "公开时限" in reasons, item.get("source_line")
        if "\t同上\t" in (item.get("source_text") or ""):
            assert "同上" in reasons
    assert len(unresolved) <= 1, [(i.get("source_file"), i.get("source_line")) for i in unresolved]


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
        if kind in KINDS_WITH_DATE:
            assert result.date is not None, text


def test_hand_checked_seed_texts():
    """A few of the seeds' own texts, due dates worked out by hand from 2025-10-04 (国庆 Saturday)."""
    by_text = {text: (kind, days, publicity) for text, kind, days, publicity, _ in distinct_deadlines(ITEMS)}

    def due(text, event=dt.date(2025, 10, 4)):
        kind, days, publicity = by_text[text]
        return due_date({"kind": kind, "days": days, "publicity_days": publicity, "text": text}, event)

    assert due("公开事项信息形成或变更之日起20个工作日内公开").date == dt.date(2025, 11, 4)
    # 10 working days: 10-09, 10, 11 (Sat, worked), 13–17, 20, 21 -> 10-21; then 7 more: 22–24, 27–30 -> 10-30.
    result = due("制定或获取信息之日起10个工作日内，公示7个工作日")
    assert (result.date, result.publicity_end) == (dt.date(2025, 10, 21), dt.date(2025, 10, 30))
    # 7 working days: 10-09, 10, 11, 13, 14, 15, 16.
    assert due("信息形成之日起7个工作日内").date == dt.date(2025, 10, 16)
    # 20 calendar days after 10-04 is 10-24, a Friday.
    assert due("本级政府财政部门批复后20日内").date == dt.date(2025, 10, 24)
    assert due("每年底前集中公布1次当年情况").date == dt.date(2025, 12, 31)
    assert due("即时公开").date == dt.date(2025, 10, 4)
    assert due("按进展情况及时公开").date is None
    # A meeting on 2025-10-20 announced 提前一周: by 10-13.
    assert due("提前一周发通知邀请", dt.date(2025, 10, 20)).date == dt.date(2025, 10, 13)
