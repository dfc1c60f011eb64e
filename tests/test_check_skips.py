""".ci/check_skips.py runs on its own after each test run, without Django set up: it must
import, allow the PostgreSQL-only skips on SQLite and refuse any other skip."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.skips import POSTGRESQL_ONLY

ROOT = Path(__file__).resolve().parent.parent


def report(tmp_path, reason: str) -> Path:
    path = tmp_path / "report.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">'
        f'<testcase classname="tests.a" name="test_b"><skipped type="pytest.skip" message="{reason}"/></testcase>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "reason,database,code",
    [(POSTGRESQL_ONLY, "sqlite", 0), (POSTGRESQL_ONLY, "postgresql", 1), ("chromium missing", "sqlite", 1)],
)
def test_the_check_runs_alone_and_allows_only_the_postgresql_skips(tmp_path, reason, database, code):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "check_skips.py"), str(report(tmp_path, reason)), database],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == code, done.stdout + done.stderr
