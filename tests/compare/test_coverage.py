"""Stored coverage (services/coverage.py) and the region page /audit/coverage/."""

import io

import pytest
from django.contrib.auth.models import Permission, User

from catalog.compare.comparison import compare_catalogues
from catalog.models import Coverage, Domain, Reference, RegionReference
from catalog.services import coverage
from tests.exports.helpers import file_names
from tests.factories import CatalogueFactory, ItemFactory, RegionFactory
from tests.office import EVERY_SHEET_AS_CSV, SOFFICE, soffice
from tests.workers import run_queued_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county():
    """A county with a model catalogue (社会救助 and 社会保险) and three townships: one
    complete, one missing an item, one with only half of 社会保险."""
    county = RegionFactory(name="某县", code="mou-xian")
    model = CatalogueFactory(title="某县示范目录", slug="model", region=county)
    for n in range(4):
        ItemFactory(
            catalogue=model, domain_slug="shehui-jiuzhu", level1="社会救助", level2=f"救助事项{n}", content="名单"
        )
        ItemFactory(
            catalogue=model, domain_slug="shehui-baoxian", level1="社会保险", level2=f"保险事项{n}", content="名单"
        )
    towns = {}
    for slug, drop_jiuzhu, baoxian in (("full", 0, 4), ("one-missing", 1, 4), ("half", 0, 2)):
        town = RegionFactory(name=f"{slug}镇", code=f"town-{slug}", level="township", parent=county)
        catalogue = towns[slug] = CatalogueFactory(title=f"{slug}镇目录", slug=slug, region=town)
        for n in range(drop_jiuzhu, 4):
            ItemFactory(
                catalogue=catalogue,
                domain_slug="shehui-jiuzhu",
                level1="社会救助",
                level2=f"救助事项{n}",
                content="名单",
            )
        for n in range(baoxian):
            ItemFactory(
                catalogue=catalogue,
                domain_slug="shehui-baoxian",
                level1="社会保险",
                level2=f"保险事项{n}",
                content="名单",
            )
    reference = Reference.objects.create(catalogue=model)
    return county, model, reference, towns


def test_stored_coverage_equals_the_comparison(county):
    region, model, reference, towns = county
    written = coverage.refresh_reference(reference)
    assert written == 3 * 2  # three townships × two domains
    for catalogue in towns.values():
        for domain in Domain.objects.filter(slug__in=["shehui-jiuzhu", "shehui-baoxian"]):
            stored = Coverage.objects.get(catalogue=catalogue, reference=reference, domain=domain)
            total = compare_catalogues(catalogue, model, domain).total
            assert (stored.reference_count, stored.covered, stored.missing, stored.percent) == (
                total.reference_count,
                total.covered,
                total.missing,
                total.percent,
            )


def test_an_import_queues_the_catalogues_refresh_on_commit(county, django_capture_on_commit_callbacks):
    from catalog.importers.pipeline import read_catalogue
    from catalog.models import Catalogue
    from catalog.services.editions import import_catalogue
    from tests.importers.seeds import S004, SOURCES

    region, model, reference, towns = county
    assert not Coverage.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        import_catalogue(read_catalogue((SOURCES / S004).read_bytes(), name=S004))
    assert not Coverage.objects.exists()  # queued, not computed by the importing process
    run_queued_jobs()
    imported = Catalogue.objects.get(slug="xiangyuan-chaoyang-shequ")
    # The community catalogue has neither domain of the model: both at 0 %, all missing.
    stored = {c.domain.slug: (c.percent, c.missing) for c in Coverage.objects.filter(catalogue=imported)}
    assert stored == {"shehui-jiuzhu": (0.0, 4), "shehui-baoxian": (0.0, 4)}
    assert Coverage.objects.count() == 2
    # A reference's own catalogue changed: every catalogue is recomputed against it.
    with django_capture_on_commit_callbacks(execute=True):
        coverage.refresh_catalogue_on_commit(model.pk)
    run_queued_jobs()
    assert Coverage.objects.count() == 2 * 4


def test_the_admin_refreshes_after_a_reference_change(county, client, django_capture_on_commit_callbacks):
    region, model, reference, towns = county
    client.force_login(User.objects.create_superuser("boss", password="pw-x-123"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/catalog/reference/{reference.pk}/change/",
            {
                "catalogue": model.pk,
                "domain": Domain.objects.get(slug="shehui-baoxian").pk,
                "note": "",
                "region_defaults-TOTAL_FORMS": "0",
                "region_defaults-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302
    run_queued_jobs()
    assert set(Coverage.objects.values_list("domain__slug", flat=True)) == {"shehui-baoxian"}


def test_region_page_worst_first_with_links_and_xlsx(county, client):
    import openpyxl

    region, model, reference, towns = county
    coverage.refresh_reference(reference)
    RegionReference.objects.create(region=region, domain=Domain.objects.get(slug="shehui-jiuzhu"), reference=reference)
    auditor = User.objects.create_user("shenji", password="pw-x-123")
    auditor.user_permissions.add(Permission.objects.get(codename="run_lateness_check"))
    client.force_login(auditor)

    page = client.get("/audit/coverage/?region=mou-xian&reference=model").content.decode()
    order = [page.index(f"{slug}镇目录") for slug in ("half", "one-missing", "full")]
    assert order == sorted(order)  # 50%, then 75%, then 100%
    assert "50.0%" in page and "缺少 2" in page
    assert "/audit/compare/?catalogue=half&amp;reference=model&amp;domain=shehui-baoxian" in page

    # The region's defaults: only 社会救助 is named, so only that column.
    page = client.get("/audit/coverage/?region=mou-xian").content.decode()
    assert "社会救助" in page and "保险事项" not in page and "75.0%" in page

    response = client.get("/audit/coverage/?region=mou-xian&reference=model&format=xlsx")
    assert file_names(response) == ("coverage.xlsx", "覆盖率-mou-xian.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["说明", "覆盖率"]
    lines = list(book["覆盖率"].iter_rows(values_only=True))
    assert lines[0][:3] == ("目录", "行政区划", "领域")
    assert lines[1][0] == "half镇目录" and len(lines) == 1 + 3 * 2


def test_region_page_bad_input_and_permissions(county, client):
    assert client.get("/audit/coverage/?region=mou-xian").status_code == 302
    User.objects.create_user("citizen", password="pw-x-123")
    client.login(username="citizen", password="pw-x-123")
    assert client.get("/audit/coverage/?region=mou-xian").status_code == 403
    client.force_login(User.objects.create_user("staff", password="pw-x-123", is_staff=True))
    response = client.get("/audit/coverage/?region=nowhere")
    assert response.status_code == 400 and "没有这个行政区划" in response.content.decode()
    response = client.get("/audit/coverage/?region=mou-xian&reference=full")
    assert response.status_code == 400 and "不是参照目录" in response.content.decode()
    response = client.get("/audit/coverage/?region=town-full")  # no defaults here or above
    assert response.status_code == 200 and "没有可用的参照" in response.content.decode()


def test_refresh_coverage_command(county):
    from django.core.management import CommandError, call_command

    region, model, reference, towns = county
    call_command("refresh_coverage", verbosity=0)
    assert Coverage.objects.count() == 3 * 2
    with pytest.raises(CommandError, match="不是参照目录"):
        call_command("refresh_coverage", reference="full", verbosity=0)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_region_xlsx_opens_in_libreoffice(county, client, tmp_path):
    region, model, reference, towns = county
    coverage.refresh_reference(reference)
    client.force_login(User.objects.create_user("staff", password="pw-x-123", is_staff=True))
    path = tmp_path / "coverage.xlsx"
    path.write_bytes(client.get("/audit/coverage/?region=mou-xian&reference=model&format=xlsx").content)
    soffice(tmp_path, "--convert-to", EVERY_SHEET_AS_CSV, str(path))
    about = (tmp_path / "coverage-说明.csv").read_text(encoding="utf-8")
    assert "某县（mou-xian）" in about and "匹配规则" in about
    lines = (tmp_path / "coverage-覆盖率.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("目录,行政区划,领域,参照目录")
    assert len(lines) == 1 + 3 * 2
