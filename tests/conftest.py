from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connections
from django.db.backends.base.introspection import BaseDatabaseIntrospection
from playwright import sync_api

from catalog.models import Item, Region, Section
from tests.factories import GOV_SITE, CatalogueFactory, ItemFactory, RegionFactory
from tests.skips import POSTGRESQL_ONLY


def flushes_with_post_migrate(item) -> bool:
    """Whether the test is transactional without a serialized rollback: Django's flush after it
    sends post_migrate, which fills django_content_type again; a later test *with* a serialized
    rollback then loads the serialized content types over them (UNIQUE constraint failed)."""
    from django.test import TestCase, TransactionTestCase
    from pytest_django.fixtures import validate_django_db

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase) and not cls.serialized_rollback
    marker = item.get_closest_marker("django_db")
    transaction = reset_sequences = serialized = False
    if marker:
        transaction, reset_sequences, _databases, serialized, _apps = validate_django_db(marker)
    fixtures = getattr(item, "fixturenames", [])
    transactional = transaction or reset_sequences or "transactional_db" in fixtures or "live_server" in fixtures
    return transactional and not (serialized or "django_db_serialized_rollback" in fixtures)


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering, which this keeps otherwise
def pytest_collection_modifyitems(config, items):
    """Transactional tests without a serialized rollback run after every test that has one
    (`flushes_with_post_migrate`), whatever subset of files is run; and tests marked `postgresql`
    are skipped on SQLite, with POSTGRESQL_ONLY as the reason."""
    from django.db import connection

    items.sort(key=flushes_with_post_migrate)

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason=POSTGRESQL_ONLY)
    for item in items:
        if item.get_closest_marker("postgresql"):
            item.add_marker(skip)


# Tables that triggers on other tables' rows keep (migrations 0014 and 0022), in the order they
# must be emptied: after every table whose deleted rows fire those triggers (catalog_item's fill
# catalog_publishedcount, whose fill catalog_regioncount). Django's flush, which ends every
# transactional test, deletes the tables in set order, which changes with PYTHONHASHSEED; on
# SQLite (PostgreSQL truncates them in one statement, firing nothing) an order that emptied
# catalog_regioncount before catalog_publishedcount let the latter's delete trigger fill it again
# with rows for regions the flush then deleted, and the commit failed (FOREIGN KEY constraint
# failed; reproduced with PYTHONHASHSEED=18): that test errored, and every transactional test
# after it found the previous one's rows.
SUMMARY_TABLES = ("catalog_publishedcount", "catalog_regioncount")


def flush_order(tables) -> list[str]:
    """`tables` with SUMMARY_TABLES last, in their order, the rest sorted."""
    return sorted(tables, key=lambda table: (SUMMARY_TABLES.index(table) + 1 if table in SUMMARY_TABLES else 0, table))


@pytest.fixture(autouse=True, scope="session")
def summaries_flushed_last():
    """Django's flush empties the trigger-kept tables last (SUMMARY_TABLES)."""
    listed = BaseDatabaseIntrospection.django_table_names
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            BaseDatabaseIntrospection,
            "django_table_names",
            lambda self, *args, **kwargs: flush_order(listed(self, *args, **kwargs)),
        )
        yield


@pytest.fixture
def vocabulary(db):
    """The vocabularies the data migration creates (channels, levels, standard domains)."""
    from catalog.models import Channel, Domain, Level

    return {"channels": Channel.objects.all(), "levels": Level.objects.all(), "domains": Domain.objects.all()}


@pytest.fixture
def published_item(db):
    """One published item in a small catalogue (for pages, caches and headers)."""
    from catalog.models import Domain

    return ItemFactory(
        catalogue__slug="test-catalogue",
        catalogue__title="测试县政务公开标准目录",
        catalogue__region__code="test-county",
        catalogue__region__name="测试县",
        domain=Domain.objects.order_by("pk").first(),
        level1="最低生活保障",
        content="申请条件、办理流程",
    )


@pytest.fixture
def world_variant():
    """Which sample world `world` builds: "public" here; tests/admin asks for "staff", tests/exports
    and tests/api for "exports"."""
    return "public"


@pytest.fixture
def world(db, world_variant):
    """The shared sample data (tests/catalog, tests/browser, tests/admin), in the variant its folder asks for."""
    return {"public": public_world, "staff": staff_world, "exports": exports_world}[world_variant]()


# Items both the public and the exports world hold (each world changes a few fields).
DIBAO_RECOGNITION = dict(
    level1="最低生活保障",
    level2="低保对象认定",
    content="申请条件、办理流程",
    laws=["中华人民共和国政府信息公开条例", "社会救助暂行办法"],
    publishers=["阿尔山市民政局"],
    channels=[GOV_SITE, ("gongshilan", "村公示栏")],
    levels=["county", "township"],
    audience_public=True,
    mode_proactive=True,
    deadline_kind=Item.DeadlineKind.WORKING_DAYS,
    deadline_days=20,
    deadline_text="信息形成或者变更之日起20个工作日内",
    elements=["申请条件", "办理流程"],
)
HUKOU_MOVE = dict(
    domain_slug="huji-guanli",
    level1="户口登记",
    level2="户口迁移",
    content="低保家庭的户口迁移办理",
    publishers=["阿尔山市公安局"],
    channels=[GOV_SITE],
    audience_public=True,
    mode_proactive=True,
)
INSURANCE_REGISTRATION = dict(
    domain_slug="shehui-baoxian",
    level1="社会保险",
    level2="参保登记",
    content="参保流程",
    laws=["城乡低保工作规程"],
    publishers=["襄垣县人力资源和社会保障局"],
    channels=[("bianmin-fuwuzhan", "")],
    audience_public=True,
    mode_proactive=True,
)


def public_world():
    """Two catalogues in two region trees, with items chosen to tell the filters apart."""
    league = RegionFactory(name="兴安盟", code="xinganmeng", level=Region.Level.CITY)
    arxan = RegionFactory(name="阿尔山市", code="aershan", level=Region.Level.COUNTY, parent=league)
    bailang = RegionFactory(name="白狼镇", code="bailang", level=Region.Level.TOWNSHIP, parent=arxan)
    xiangyuan = RegionFactory(name="襄垣县", code="xiangyuan", level=Region.Level.COUNTY)
    a = CatalogueFactory(title="白狼镇政务公开标准目录", region=bailang, slug="bailang", issuer="白狼镇人民政府")
    b = CatalogueFactory(title="朝阳社区政务公开事项标准目录", region=xiangyuan, slug="chaoyang")
    a1 = ItemFactory(catalogue=a, **DIBAO_RECOGNITION)
    a2 = ItemFactory(
        catalogue=a,
        level1="最低生活保障",
        level2="低保金发放",
        content="发放标准",
        laws=["社会救助暂行办法"],
        publishers=["阿尔山市民政局", "白狼镇人民政府"],
        channels=[GOV_SITE],
        levels=["township"],
        audience_specific=True,
        audience_group="低保对象",
        mode_on_request=True,
        deadline_kind=Item.DeadlineKind.WORKING_DAYS,
        deadline_days=10,
    )
    a3 = ItemFactory(catalogue=a, **{**HUKOU_MOVE, "channels": [GOV_SITE, ("zhengfu-wangzhan", "兴安盟门户网站")]})
    b1 = ItemFactory(
        catalogue=b,
        **INSURANCE_REGISTRATION,
        levels=["village"],
        deadline_kind=Item.DeadlineKind.CALENDAR_DAYS,
        deadline_days=5,
    )
    draft = ItemFactory(catalogue=a, level1="最低生活保障", level2="草稿事项", status=Item.Status.DRAFT)
    withdrawn = ItemFactory(catalogue=b, level1="社会保险", level2="已撤回事项", status=Item.Status.WITHDRAWN)
    return SimpleNamespace(
        league=league,
        arxan=arxan,
        bailang=bailang,
        xiangyuan=xiangyuan,
        a=a,
        b=b,
        a1=a1,
        a2=a2,
        a3=a3,
        b1=b1,
        draft=draft,
        withdrawn=withdrawn,
    )


def staff_world():
    """Two counties (one below a city), a catalogue each, three draft items as an import leaves
    them (two flagged for review)."""
    city = RegionFactory(code="xingan", name="兴安盟", level=Region.Level.CITY)
    arxan = RegionFactory(code="arxan", name="阿尔山市", parent=city)
    genhe = RegionFactory(code="genhe", name="根河市")
    catalogues = {
        region.code: CatalogueFactory(slug=region.code, title=f"{region.name}目录", region=region, position=0)
        for region in (arxan, genhe)
    }
    draft = {"imported": True, "status": Item.Status.DRAFT}
    items = {
        "arxan": ItemFactory(catalogue=catalogues["arxan"], needs_review=True, review_reasons=["列错位"], **draft),
        "arxan2": ItemFactory(catalogue=catalogues["arxan"], **draft),
        "genhe": ItemFactory(catalogue=catalogues["genhe"], needs_review=True, review_reasons=["缺少序号"], **draft),
    }
    return {"regions": {"arxan": arxan, "genhe": genhe}, "catalogues": catalogues, "items": items}


def exports_world():
    """Two catalogues; domains interleave in catalogue order; one tricky item of each kind."""
    arxan = RegionFactory(name="阿尔山市", code="aershan", level=Region.Level.COUNTY)
    xiangyuan = RegionFactory(name="襄垣县", code="xiangyuan", level=Region.Level.COUNTY)
    a = CatalogueFactory(
        title="阿尔山市基层政务公开标准化规范化目录汇编",
        region=arxan,
        slug="aershan",
        issuer="阿尔山市政务公开领导小组办公室",
        source_file="000_2033e23605c45f5d.txt",
    )
    b = CatalogueFactory(
        title="襄垣县朝阳社区政务公开事项标准目录",
        region=xiangyuan,
        slug="chaoyang",
        source_file="004_d471104087878b0a.txt",
    )
    items = [
        ItemFactory(catalogue=a, **{**DIBAO_RECOGNITION, "publishers": ["阿尔山市民政局", "白狼镇人民政府"]}),
        ItemFactory(catalogue=a, **HUKOU_MOVE, levels=["county"]),
        ItemFactory(
            catalogue=a,
            level1="特困人员救助供养",
            level2="审核确认",
            level3="办理结果",
            content='含"引号"、逗号,和\n换行的内容',
            laws=["社会救助暂行办法"],
            publishers=["阿尔山市民政局"],
            channels=[GOV_SITE],
            levels=["village"],
            audience_specific=True,
            audience_group="特困人员",
            mode_on_request=True,
            deadline_kind=Item.DeadlineKind.WORKING_DAYS,
            deadline_days=10,
            responsible_office="社会救助股",
        ),
        ItemFactory(catalogue=b, **INSURANCE_REGISTRATION, levels=["township"]),
        ItemFactory(
            catalogue=b,
            domain_slug="shehui-baoxian",
            level1='=HYPERLINK("http://evil.example","点我")',
            level2="+1+1",
            content="-2+3",
            publishers=["@SUM(A1)"],
            channels=[("qita", "\t=1+1")],
            levels=["village"],
            audience_public=True,
            mode_proactive=True,
        ),
    ]
    Section.objects.filter(catalogue=a).update(level_labels=["县级", "乡、村级"])
    Section.objects.filter(catalogue=b).update(level_labels=["县级", "乡镇", "社区"])
    draft = ItemFactory(catalogue=a, level1="最低生活保障", level2="草稿事项", status=Item.Status.DRAFT)
    return SimpleNamespace(a=a, b=b, items=items, draft=draft)


# Browser tests (tests/browser, tests/deadlines/test_browser_calculator.py): Python Playwright
# driving Debian's Chromium against pytest-django's live_server.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip("未找到 /usr/bin/chromium：浏览器测试已跳过（Debian 上可用 apt-get install chromium 安装）。")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures
    # (data set-up and the flush afterwards) are still synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # While the sync API runs, its loop counts as running in this thread, so Django keeps
            # the connections opened meanwhile (by the test and the fixtures after this one) apart
            # from the thread's usual ones (asgiref's thread-critical Local uses a context variable
            # in async code). Nothing else closes them: on PostgreSQL the test database could not
            # be dropped at the end of the run ("being accessed by other users").
            connections.close_all()


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Stored files (the originals of imported catalogues) go to a temporary folder, never into the project."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield
