"""Fail when a test run skipped more than it may (.ci/run calls this after each run).

    python .ci/check_skips.py REPORT.xml sqlite|postgresql

On SQLite only the tests marked `postgresql` may be skipped (their reason is
tests/skips.py's POSTGRESQL_ONLY); on PostgreSQL nothing may be. CI installs Chromium,
Java (for the HTML validator) and LibreOffice, so a skip for a missing program fails it too.
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.skips import POSTGRESQL_ONLY  # noqa: E402


def unexpected_skips(report: Path, database: str) -> list[str]:
    allowed = {POSTGRESQL_ONLY} if database == "sqlite" else set()
    found = []
    for case in ET.parse(report).getroot().iter("testcase"):
        for skipped in case.findall("skipped"):
            if skipped.get("type") == "pytest.xfail":
                continue  # an expected failure ran; it was not skipped
            reason = skipped.get("message", "")
            if reason not in allowed:
                found.append(f"{case.get('classname')}::{case.get('name')}: {reason}")
    return found


def main(argv: list[str]) -> int:
    report, database = Path(argv[1]), argv[2]
    found = unexpected_skips(report, database)
    for line in found:
        print(f"unexpected skip on {database}: {line}")
    if found:
        print(f"{len(found)} test(s) skipped that must run on {database}: CI fails.")
        return 1
    print(f"skips on {database}: only the allowed ones.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
