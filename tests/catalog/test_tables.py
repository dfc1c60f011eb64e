"""catalog/site/tables.py writes the official table as the template it replaced did, byte for
byte (tests/data/templates/official_table_reference.html: templates/catalog/_item_table.html
until the table was written in Python)."""

from pathlib import Path

import pytest
from django.template import engines

from catalog.models import Item
from catalog.models.item import TABLE_LINKS, load_links
from catalog.site.tables import official_table
from tests.factories import GOV_SITE, CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "templates" / "official_table_reference.html"


def reference(items, caption, catalogue) -> str:
    template = engines["django"].from_string(REFERENCE.read_text(encoding="utf-8"))
    return template.render({"items": items, "caption": caption, "table_catalogue": catalogue})


def loaded(catalogue):
    items = list(Item.objects.filter(catalogue=catalogue).in_catalogue_order().for_table())
    load_links(items, TABLE_LINKS)
    return items


def test_every_kind_of_cell(vocabulary):
    catalogue = CatalogueFactory(slug="a-b_c", title="县 <目录> & \"引号\" '单'")
    ItemFactory(
        catalogue=catalogue,
        level1="最低生活保障 & <救助>",
        level2="申请条件",
        level3="三级 <b>",
        content="第一行\n第二行 <script>\r\n第三行",
        laws=["社会救助暂行办法", "中华人民共和国政府信息公开条例"],
        publishers=["阿尔山市民政局", "阿尔山市财政局"],
        channels=[GOV_SITE, ("gongshilan", "村公示栏"), ("bianmin-fuwuzhan", "")],
        levels=["township", "county"],
        audience_public=True,
        audience_specific=True,
        audience_group="低保户 <家庭>",
        mode_proactive=True,
        mode_on_request=False,
        deadline_text="20个工作日 & 以内",
    )
    ItemFactory(catalogue=catalogue, level1="最低生活保障 & <救助>", level2="", number="", legal_basis_text="《办法》")
    ItemFactory(catalogue=catalogue, level1="", level2="无一级", publisher_text="民政局", channel_text="网站")
    ItemFactory(catalogue=catalogue, level1="", level2="", level3="", number="7", levels_stated=False)
    ItemFactory(catalogue=catalogue, level1="临时救助/100% ?a=b", level2="急难", level_label="县级")
    ItemFactory(catalogue=catalogue, level1="最低生活保障 & <救助>", level2="又一组", content="")
    items = loaded(catalogue)
    caption = f"{catalogue.title} · 社会救助"
    html = official_table(items, caption, catalogue)
    assert html == reference(items, caption, catalogue)
    assert html.count("<tbody") == 4 and 'class="jump-list"' in html and "&lt;script&gt;" in html


def test_one_group_has_no_jump_list_and_no_rows_an_empty_table(vocabulary):
    catalogue = CatalogueFactory()
    for _ in range(3):
        ItemFactory(catalogue=catalogue, linked=True)
    items = loaded(catalogue)
    for rows in (items, []):
        html = official_table(rows, "标题", catalogue)
        assert html == reference(rows, "标题", catalogue)
        assert "jump-list" not in html
