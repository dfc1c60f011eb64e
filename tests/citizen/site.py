"""A small but complete site (every page type) for the browser and HTML-validity tests."""

from catalog.models import Item, LegalBasis, Organisation, Region
from tests.factories import CatalogueFactory, ItemFactory, RegionFactory

WD = Item.DeadlineKind.WORKING_DAYS


def build_site() -> dict[str, str]:
    """Create the data; return {page type: URL path} for every public page type."""
    league = RegionFactory(name="兴安盟", code="xinganmeng", level=Region.Level.CITY)
    arxan = RegionFactory(name="阿尔山市", code="aershan", level=Region.Level.COUNTY, parent=league)
    catalogue = CatalogueFactory(
        title="阿尔山市基层政务公开标准化规范化目录汇编", region=arxan, slug="aershan", issuer="阿尔山市人民政府办公室"
    )
    gov_site = ("zhengfu-wangzhan", "阿尔山市人民政府网站")
    item = ItemFactory(
        catalogue=catalogue,
        level1="最低生活保障",
        level2="审批信息",
        content="低保对象名单及相关信息",
        laws=["中华人民共和国政府信息公开条例", "社会救助暂行办法"],
        publishers=["阿尔山市民政局"],
        channels=[gov_site, ("gongshilan", "村公示栏")],
        levels=["county", "township"],
        audience_public=True,
        mode_proactive=True,
        deadline_kind=WD,
        deadline_days=10,
        deadline_text="制定或获取信息之日起 10 个工作日内",
        elements=["低保对象名单", "相关信息"],
    )
    ItemFactory(
        catalogue=catalogue,
        level1="最低生活保障",
        level2="审核信息",
        content="初审对象名单及相关信息",
        laws=["社会救助暂行办法"],
        publishers=["阿尔山市民政局"],
        channels=[gov_site],
        levels=["township"],
        audience_specific=True,
        audience_group="申请人",
        mode_on_request=True,
        deadline_kind=WD,
        deadline_days=20,
        needs_review=True,
        review_reasons=["公开层级列错位"],
    )
    ItemFactory(
        catalogue=catalogue,
        domain_slug="huji-guanli",
        level1="户口登记",
        level2="出生登记",
        content="受理部门、所需材料",
        laws=["中华人民共和国户口登记条例"],
        publishers=["阿尔山市公安局"],
        channels=[gov_site],
        audience_public=True,
        mode_proactive=True,
        deadline_kind=Item.DeadlineKind.PROMPT,
    )
    law = LegalBasis.objects.get(title="社会救助暂行办法")
    publisher = Organisation.objects.get(name="阿尔山市民政局")
    return {
        "home": "/",
        "region": arxan.get_absolute_url(),
        "catalogue": catalogue.get_absolute_url(),
        "catalogue_domain": f"{catalogue.get_absolute_url()}shehui-jiuzhu/",
        "domain": "/domains/shehui-jiuzhu/",
        "item": item.get_absolute_url(),
        "laws": "/laws/",
        "law": law.get_absolute_url(),
        "publishers": "/publishers/",
        "publisher": publisher.get_absolute_url(),
        "search": "/search/?q=低保",
        "search_empty": "/search/?q=没有这个词",
        "search_invalid": "/search/?domain=no-such-domain",
        "statistics": "/statistics/",
        "not_found": "/no-such-page/",
    }
