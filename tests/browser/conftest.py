"""Browser tests: Python Playwright driving Debian's Chromium against pytest-django's live_server.
The `browser` fixture is in tests/conftest.py (the deadline calculator's browser test uses it too)."""

from catalog.models import Catalogue, Channel, Domain, Item, ItemChannel, Region, Section
from catalog.search.text import refresh_search_text
from tests.admin.conftest import PASSWORD


def log_in(page, live_server, username: str):
    """Sign `page` in to the admin as `username` (a user made by tests.admin.conftest.make_user); returns the page."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    return page


def arxan_item(**fields):
    """One 社会救助 item (最低生活保障 / 低保对象认定结果, on the government website) in a catalogue of
    阿尔山市 of its own, searchable; `fields` set the rest (its status, review reasons, source)."""
    region = Region.objects.create(code="arxan", name="阿尔山市", level=Region.Level.COUNTY)
    catalogue = Catalogue.objects.create(slug="arxan-town", title="阿尔山市基层政务公开标准目录", region=region)
    domain = Domain.objects.get(slug="shehui-jiuzhu")
    section = Section.objects.create(catalogue=catalogue, domain=domain, position=1, heading="社会救助")
    item = Item.objects.create(
        catalogue=catalogue,
        section=section,
        domain=domain,
        position=1,
        number="1",
        level1="最低生活保障",
        level2="低保对象认定结果",
        content="低保对象名单",
        deadline_text="20个工作日",
        deadline_kind=Item.DeadlineKind.WORKING_DAYS,
        deadline_days=20,
        **fields,
    )
    ItemChannel.objects.create(item=item, channel=Channel.objects.get(slug="zhengfu-wangzhan"), position=1)
    refresh_search_text([item.pk])
    return item
