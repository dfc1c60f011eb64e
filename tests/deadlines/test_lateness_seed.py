"""The lateness check on a committed sample file against the seed catalogues.

tests/data/deadlines/lateness_sample.csv names items by 目录 + 一级/二级事项; expected results
worked out by hand (holiday schedules in test_calendar.py).
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.deadlines.lateness import run_check
from catalog.exports.lateness import to_csv

DATA = Path(__file__).resolve().parents[1] / "data" / "deadlines"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

EXPECTED = {
    # line: (status, due, late working days, estimate)
    # 批复后20日内 from 9-14: 10-04 falls in 国庆, so the period ends on 10-09.
    2: ("on_time", "2025-10-09", None, False),
    # 10 working days from Fri 9-26: 9-28 (Sun, worked), 9-29, 9-30, 10-09, 10-10, 10-11 (Sat), 10-13..16 -> 10-16;
    # published 10-22: 10-17, 20, 21, 22 late.
    3: ("late", "2025-10-16", 4, False),
    4: ("no_deadline", "", None, False),  # 按进展情况及时公开
    5: ("on_time", "2026-02-13", None, False),  # 新闻发布: 即时公开, same day
    # 每年底前: 2025-12-31; published 2026-01-05: 1-01..1-03 off, 1-04 (Sun, worked) and 1-05 late.
    6: ("late", "2025-12-31", 2, False),
    # 20 working days from 2026-12-20 reach into 2027 (not yet known): weekday estimate 2027-01-15.
    7: ("on_time", "2027-01-15", None, True),
    8: ("unmatched", "", None, False),
    9: ("unmatched", "", None, False),
    10: ("invalid", "", None, False),
    # 7 working days from 9-30: 10-09, 10, 11 (Sat), 13, 14, 15, 16.
    11: ("on_time", "2025-10-16", None, False),
}


@pytest.fixture
def seeds(db):
    assert list(FIXTURES.glob("*.json")), "no seed fixtures in fixtures/"
    call_command("loaddata", *sorted(str(path) for path in FIXTURES.glob("*.json")), verbosity=0)


def test_sample_file_against_the_seeds(seeds):
    content = (DATA / "lateness_sample.csv").read_bytes()
    report = run_check(content, "lateness_sample.csv")
    got = {row.line: (row.status, row.due, row.late_working_days, row.is_estimate) for row in report.rows}
    assert got == EXPECTED
    messages = {row.line: row.message for row in report.rows}
    assert "一级事项「不存在的事项」" in messages[8]
    assert "没有名为「某某县政务公开标准目录」的目录" in messages[9]
    assert "2025-13-01" in messages[10]
    assert "估算" in messages[7]
    counts = report.counts()
    by_catalogue = {entry["name"]: entry for entry in counts["by_catalogue"]}
    aershan = by_catalogue["阿尔山市基层政务公开标准化规范化目录汇编（镇人民政府级）"]
    assert (aershan["on_time"], aershan["late"], aershan["no_deadline"]) == (1, 2, 1)
    assert by_catalogue["根河市民政局主动公开目录"]["unmatched"] == 1
    assert counts["total"]["total"] == 10
    # The formula in the last row's URL stays text in the download.
    assert "'=HYPERLINK" in to_csv(report).decode("utf-8-sig")
