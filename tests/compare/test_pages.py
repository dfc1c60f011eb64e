"""/audit/compare/: who may see it, bad parameters, the page and its XLSX/CSV exports."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission, User

from catalog.models import Domain, Reference
from tests.exports.helpers import file_names
from tests.factories import CatalogueFactory, ItemFactory
from tests.office import EVERY_SHEET_AS_CSV, SOFFICE, soffice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def auditor():
    user = User.objects.create_user("shenji", password="pw-审计-123")
    user.user_permissions.add(Permission.objects.get(codename="run_lateness_check"))
    return user


@pytest.fixture
def pair():
    """A county model catalogue marked as reference, and a township catalogue that drops one
    item, adds one, and publishes one on fewer channels."""
    model = CatalogueFactory(title="某县示范目录", slug="model")
    town = CatalogueFactory(title="某镇目录", slug="town")
    site = ("zhengfu-wangzhan", "政府网站")
    for name in ("最低生活保障", "特困人员供养", "临时救助"):
        ItemFactory(
            catalogue=model, level1="社会救助", level2=name, channels=(site, ("gongshilan", "公示栏")), content="名单"
        )
    ItemFactory(
        catalogue=town,
        level1="社会救助",
        level2="最低生活保障",
        channels=(site, ("gongshilan", "公示栏")),
        content="名单",
    )
    ItemFactory(catalogue=town, level1="社会救助", level2="特困人员供养", channels=(site,), content="名单")
    ItemFactory(catalogue=town, level1='=HYPERLINK("http://x")', content="名单")
    Reference.objects.create(catalogue=model, domain=Domain.objects.get(slug="shehui-jiuzhu"))
    return model, town


URL = "/audit/compare/?catalogue=town&reference=model"


def test_only_auditors_and_staff_see_it(client, pair):
    response = client.get(URL)
    assert response.status_code == 302 and "/audit/login/" in response["Location"]
    User.objects.create_user("citizen", password="pw-x-123")
    client.login(username="citizen", password="pw-x-123")
    assert client.get(URL).status_code == 403
    staff = User.objects.create_user("staff", password="pw-x-123", is_staff=True)
    client.force_login(staff)
    assert client.get(URL).status_code == 200


def test_the_page_groups_items_and_shows_coverage(client, auditor, pair):
    client.force_login(auditor)
    page = client.get(URL).content.decode()
    assert "覆盖但有差异（1）" in page and "缺少（1）" in page and "多出（1）" in page and "已覆盖（1）" in page
    assert "66.7%" in page  # 2 of 3 reference items covered
    assert "缺少：社区/企事业单位/村公示栏（电子屏）" in page
    assert "临时救助" in page.split("缺少（1）")[1].split("</section>")[0]


@pytest.mark.parametrize(
    "query, message",
    [
        ("?catalogue=nothing&reference=model", "没有这个目录"),
        ("?catalogue=town&reference=town", "所选目录不是参照目录"),
        ("?catalogue=town", "请选择参照目录"),
        ("?catalogue=town&reference=model&domain=nothing", "没有这个领域"),
        ("?catalogue=town&reference=model&domain=shehui-baoxian", "不是“社会保险”领域的参照目录"),
    ],
)
def test_bad_parameters_get_a_chinese_message_and_400(client, auditor, pair, query, message):
    client.force_login(auditor)
    response = client.get("/audit/compare/" + query)
    assert response.status_code == 400
    assert message in response.content.decode()


class _References(HTMLParser):
    """The ids a page has, and the ids its labels and aria-describedby name."""

    def __init__(self):
        super().__init__()
        self.ids, self.named = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids.add(attrs.get("id"))
        if tag == "label" and attrs.get("for"):
            self.named.append(attrs["for"])
        self.named += (attrs.get("aria-describedby") or "").split()


@pytest.mark.parametrize(
    "url",
    [
        "/audit/compare/",
        "/audit/compare/?catalogue=nothing&reference=model",
        "/audit/coverage/",
        "/audit/coverage/?region=nowhere",
        "/audit/lateness/",
        "/audit/login/",
    ],
)
def test_an_audit_form_names_only_elements_its_page_has(client, auditor, pair, url):
    """Each field's label and the help its input is described by (aria-describedby, which
    Django writes for a field with help text) are on the page, with errors shown too."""
    if url != "/audit/login/":
        client.force_login(auditor)
    page = _References()
    page.feed(client.get(url).content.decode())
    assert page.named
    assert [name for name in page.named if name not in page.ids] == []


def test_csv_export(client, auditor, pair):
    client.force_login(auditor)
    response = client.get(URL + "&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert file_names(response) == ("compare.csv", "对标核查-town-model.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["结果", "领域", "参照序号", "参照事项"]
    assert sorted(row[0] for row in rows[1:]) == sorted(["已覆盖", "覆盖但有差异", "缺少", "多出"])
    extra = next(row for row in rows if row[0] == "多出")
    assert extra[5].startswith("'")  # a formula-like name is neutralised


def test_xlsx_export_has_the_about_sheet(client, auditor, pair, tmp_path):
    import openpyxl

    client.force_login(auditor)
    response = client.get(URL + "&format=xlsx")
    assert file_names(response) == ("compare.xlsx", "对标核查-town-model.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["说明", "对标结果", "覆盖率"]
    about = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True)}
    assert about["被核查目录"].startswith("某镇目录") and about["参照目录"].startswith("某县示范目录")
    assert about["领域"] == "社会救助" and "rapidfuzz" in about["匹配规则"]
    header = next(book["对标结果"].iter_rows(values_only=True))
    assert header[:4] == ("结果", "领域", "参照序号", "参照事项")
    coverage = list(book["覆盖率"].iter_rows(values_only=True))
    assert coverage[1][:4] == ("社会救助", 3, 2, 66.7)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_xlsx_opens_in_libreoffice(client, auditor, pair, tmp_path):
    client.force_login(auditor)
    path = tmp_path / "compare.xlsx"
    path.write_bytes(client.get(URL + "&format=xlsx").content)
    soffice(tmp_path, "--convert-to", EVERY_SHEET_AS_CSV, str(path))
    about = (tmp_path / "compare-说明.csv").read_text(encoding="utf-8")
    assert "被核查目录" in about and "某镇目录" in about and "匹配规则" in about
    rows = (tmp_path / "compare-对标结果.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("结果,领域,参照序号,参照事项")
    assert len(rows) == 5
