"""One C0 control character must not break the feeds, and none is stored through any write path."""

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from catalog.importers.readers import read_document
from catalog.models import Catalogue, Item
from tests.factories import CatalogueFactory, ItemFactory, RegionFactory

ATOM = "{http://www.w3.org/2005/Atom}"
ROOT = Path(__file__).resolve().parents[2]


def atom(response):
    assert response.status_code == 200, response.content[:300]
    return ElementTree.fromstring(response.content)


def test_saving_strips_control_characters(published_item):
    published_item.content = "申请\x01条件\x00\t办理\n流程"
    published_item.save()
    published_item.refresh_from_db()
    assert published_item.content == "申请条件\t办理\n流程"


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/items.atom",
        "/feeds/catalogues/test-catalogue.atom",
        "/feeds/search.atom?catalogue=test-catalogue",
    ],
)
def test_a_stored_control_character_does_not_break_the_feeds(client, published_item, url):
    # Written past save() (as a bulk write or an old row would be): the feed must still be valid XML.
    Item.objects.filter(pk=published_item.pk).update(content="申请\x01条件", level1="最低生活保障\x02")
    domain_feed = f"/feeds/domains/{published_item.domain.slug}.atom"
    for target in (url, domain_feed):
        entries = atom(client.get(target)).findall(f"{ATOM}entry")
        assert [entry.find(f"{ATOM}title").text for entry in entries] == ["最低生活保障"]


def test_a_control_character_in_a_feed_search_is_not_a_500(client, published_item):
    feed = atom(client.get("/feeds/search.atom?q=%01"))
    assert "\x01" not in feed.find(f"{ATOM}title").text


def test_feed_summaries_carry_stored_markup_as_text(client, published_item):
    Item.objects.filter(pk=published_item.pk).update(content='<img src=x onerror="alert(1)">')
    summary = atom(client.get("/feeds/items.atom")).find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    # The HTML a feed reader renders: the markup is escaped text, not an element.
    assert "<img" not in summary.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in summary.text


@pytest.mark.parametrize("suffix", [".csv", ".txt"])
def test_imported_files_lose_their_control_characters(suffix):
    if suffix == ".csv":
        data = "序号,一级事项,公开内容\n1,最低\x01生活保障,申请\x1f条件\n".encode()
    else:
        data = "测试县目录\x01\n（一）社会救助领域\n".encode()
    document = read_document(data, name=f"目录{suffix}")
    text = (
        document.text
        or "\n".join(document.lines or [])
        or "".join(cell for part in document.parts for row in part.rows for cell in row.cells)
    )
    assert "\x01" not in text and "\x1f" not in text
    assert "最低" in text or "测试县" in text


def test_a_catalogue_whose_items_are_all_drafts_is_not_listed(client, published_item):
    draft = CatalogueFactory(
        title="草稿县政务公开标准目录", region=RegionFactory(name="草稿县", code="caogao"), slug="caogao"
    )
    ItemFactory(catalogue=draft, status=Item.Status.DRAFT, level1="草稿事项")
    assert "草稿县政务公开标准目录" not in client.get("/").content.decode()
    assert "草稿县政务公开标准目录" not in client.get("/regions/caogao/").content.decode()
    assert client.get("/catalogues/caogao/").status_code == 404
    listed = [c["slug"] for c in client.get("/api/catalogues/").json()["results"]]
    assert listed == ["test-catalogue"]
    assert Catalogue.objects.filter(slug="caogao").exists()  # still there for staff


def test_the_lockout_page_says_minutes_in_chinese(client, django_user_model, settings):
    django_user_model.objects.create_superuser("editor", "e@example.gov.cn", "a-long-passphrase-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "editor", "password": "x"}, REMOTE_ADDR="10.0.0.3")
    page = response.content.decode()
    assert response.status_code == 429
    assert "请在 15 分钟后再试" in page and "PT15M" not in page


def manage(*args, env):
    base = {k: v for k, v in __import__("os").environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_an_empty_database_url_means_sqlite():
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = manage("shell", "--verbosity", "0", "-c", code, env={"DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_check_deploy_is_clean_under_compose_defaults():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "compose-check-key-with-enough-randomness-0123456789",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "",
        "SECURE_SSL_REDIRECT": "0",  # compose.yaml's defaults for the plain-HTTP trial
        "BEHIND_TLS_PROXY": "0",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
