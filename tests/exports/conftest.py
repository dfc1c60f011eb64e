from types import SimpleNamespace

import pytest
from django.core.cache import cache

from catalog.models import Item, Region, Section
from tests.factories import make_catalogue, make_item, make_region

WD = Item.DeadlineKind.WORKING_DAYS
GOV_SITE = ("zhengfu-wangzhan", "阿尔山市人民政府网站")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters live in the cache: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def export_world(db):
    """Two catalogues; domains interleave in catalogue order; one tricky item of each kind."""
    arxan = make_region("阿尔山市", "aershan", Region.Level.COUNTY)
    xiangyuan = make_region("襄垣县", "xiangyuan", Region.Level.COUNTY)
    a = make_catalogue("阿尔山市基层政务公开标准化规范化目录汇编", arxan, slug="aershan", issuer="阿尔山市政务公开领导小组办公室",
                       source_file="000_2033e23605c45f5d.txt")  # fmt: skip
    b = make_catalogue(
        "襄垣县朝阳社区政务公开事项标准目录", xiangyuan, slug="chaoyang", source_file="004_d471104087878b0a.txt"
    )
    items = [
        make_item(
            a,
            level1="最低生活保障",
            level2="低保对象认定",
            content="申请条件、办理流程",
            laws=["中华人民共和国政府信息公开条例", "社会救助暂行办法"],
            publishers=["阿尔山市民政局", "白狼镇人民政府"],
            channels=[GOV_SITE, ("gongshilan", "村公示栏")],
            levels=["county", "township"],
            audience_public=True,
            mode_proactive=True,
            deadline_kind=WD,
            deadline_days=20,
            deadline_text="信息形成或者变更之日起20个工作日内",
            elements=["申请条件", "办理流程"],
        ),
        make_item(
            a,
            domain_slug="huji-guanli",
            level1="户口登记",
            level2="户口迁移",
            content="低保家庭的户口迁移办理",
            publishers=["阿尔山市公安局"],
            channels=[GOV_SITE],
            levels=["county"],
            audience_public=True,
            mode_proactive=True,
        ),
        make_item(
            a,
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
            deadline_kind=WD,
            deadline_days=10,
            responsible_office="社会救助股",
        ),
        make_item(
            b,
            domain_slug="shehui-baoxian",
            level1="社会保险",
            level2="参保登记",
            content="参保流程",
            laws=["城乡低保工作规程"],
            publishers=["襄垣县人力资源和社会保障局"],
            channels=[("bianmin-fuwuzhan", "")],
            levels=["township"],
            audience_public=True,
            mode_proactive=True,
        ),
        make_item(
            b,
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
    draft = make_item(a, level1="最低生活保障", level2="草稿事项", status=Item.Status.DRAFT)
    return SimpleNamespace(a=a, b=b, items=items, draft=draft)
