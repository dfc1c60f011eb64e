from types import SimpleNamespace

import pytest

from catalog.models import Item, Region
from tests.factories import make_catalogue, make_item, make_region

WD = Item.DeadlineKind.WORKING_DAYS


@pytest.fixture
def world(db):
    return build_world()


def build_world():
    """Two catalogues in two region trees, with items chosen to tell the filters apart."""
    league = make_region("兴安盟", "xinganmeng", Region.Level.CITY)
    arxan = make_region("阿尔山市", "aershan", Region.Level.COUNTY, league)
    bailang = make_region("白狼镇", "bailang", Region.Level.TOWNSHIP, arxan)
    xiangyuan = make_region("襄垣县", "xiangyuan", Region.Level.COUNTY)
    a = make_catalogue("白狼镇政务公开标准目录", bailang, slug="bailang", issuer="白狼镇人民政府")
    b = make_catalogue("朝阳社区政务公开事项标准目录", xiangyuan, slug="chaoyang")
    gov_site = ("zhengfu-wangzhan", "阿尔山市人民政府网站")
    a1 = make_item(
        a,
        level1="最低生活保障",
        level2="低保对象认定",
        content="申请条件、办理流程",
        laws=["中华人民共和国政府信息公开条例", "社会救助暂行办法"],
        publishers=["阿尔山市民政局"],
        channels=[gov_site, ("gongshilan", "村公示栏")],
        levels=["county", "township"],
        audience_public=True,
        mode_proactive=True,
        deadline_kind=WD,
        deadline_days=20,
        deadline_text="信息形成或者变更之日起20个工作日内",
        elements=["申请条件", "办理流程"],
    )
    a2 = make_item(
        a,
        level1="最低生活保障",
        level2="低保金发放",
        content="发放标准",
        laws=["社会救助暂行办法"],
        publishers=["阿尔山市民政局", "白狼镇人民政府"],
        channels=[gov_site],
        levels=["township"],
        audience_specific=True,
        audience_group="低保对象",
        mode_on_request=True,
        deadline_kind=WD,
        deadline_days=10,
    )
    a3 = make_item(
        a,
        domain_slug="huji-guanli",
        level1="户口登记",
        level2="户口迁移",
        content="低保家庭的户口迁移办理",
        publishers=["阿尔山市公安局"],
        channels=[gov_site, ("zhengfu-wangzhan", "兴安盟门户网站")],
        audience_public=True,
        mode_proactive=True,
    )
    b1 = make_item(
        b,
        domain_slug="shehui-baoxian",
        level1="社会保险",
        level2="参保登记",
        content="参保流程",
        laws=["城乡低保工作规程"],
        publishers=["襄垣县人力资源和社会保障局"],
        channels=[("bianmin-fuwuzhan", "")],
        levels=["village"],
        audience_public=True,
        mode_proactive=True,
        deadline_kind=Item.DeadlineKind.CALENDAR_DAYS,
        deadline_days=5,
    )
    draft = make_item(a, level1="最低生活保障", level2="草稿事项", status=Item.Status.DRAFT)
    withdrawn = make_item(b, level1="社会保险", level2="已撤回事项", status=Item.Status.WITHDRAWN)
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
