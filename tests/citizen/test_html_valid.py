"""Every page type is valid HTML according to the W3C validator (vnu, from npm vnu-jar)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from catalog.site.elder import COOKIE

from .site import build_site

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


def test_every_page_type_is_valid_html(client, tmp_path):
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.skip(f"vnu not available (java: {java or 'missing'}; {VNU} missing: run `make vnu`)")
    pages = build_site()
    files = {}
    for mode in ("normal", "elder"):
        if mode == "elder":
            client.cookies[COOKIE] = "1"
        for name, url in pages.items():
            response = client.get(url)
            assert response["Content-Type"].startswith("text/html"), name
            path = tmp_path / f"{mode}-{name}.html"
            path.write_bytes(response.content)
            files[str(path)] = f"{mode} {name} ({url})"
    result = subprocess.run(
        [java, "-Xss1024k", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert not problems, "\n".join(problems)
