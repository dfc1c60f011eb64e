"""LibreOffice for the tests that make files with it or open the portal's files in it."""

import shutil
import subprocess

SOFFICE = shutil.which("soffice")
# Every sheet of a workbook to a CSV of its own, in UTF-8 (the last filter option, -1: all sheets).
EVERY_SHEET_AS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def soffice(tmp, *args) -> None:
    """LibreOffice run headless with `args`, writing what it makes into `tmp`, with a profile of
    its own there (parallel runs must not share a profile)."""
    profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
    command = [SOFFICE, profile, "--headless", *args, "--outdir", str(tmp)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
