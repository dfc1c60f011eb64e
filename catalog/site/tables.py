"""The official table (一级事项 … 公开层级, one row per item) written in Python.

A domain table's 50 rows went through Django's template engine at about 14 ms of CPU a page
(half of the page's CPU at 1M items): some 1,300 variable nodes, each resolving `item.x` by
first trying item["x"] and catching the TypeError, three {% for %} loops and a related
manager per row. This writes the same HTML, byte for byte, with string joins, as
rendering.py does for the search form's selects. Text is escaped as Django escapes it
(django.utils.html.escape is html.escape of str(); linebreaksbr and urlencode are Django's).
"""

from html import escape
from itertools import groupby

from django.template.defaultfilters import linebreaksbr, urlencode
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from catalog.models.item import linked_rows
from catalog.models.links import id_urls
from catalog.site import display

UNNAMED = "（未载明）"
DASH = "—"
HEAD = """<table class="official">
  <caption>{caption}</caption>
  <thead>
    <tr>
      <th scope="col">序号</th><th scope="col">一级事项</th><th scope="col">二级事项</th><th scope="col">公开内容（要素）</th>
      <th scope="col">公开依据</th><th scope="col">公开时限</th><th scope="col">公开主体</th><th scope="col">公开渠道和载体</th>
      <th scope="col">公开对象</th><th scope="col">公开方式</th><th scope="col">公开层级</th>
    </tr>
  </thead>
  """


def official_table(items, caption, catalogue) -> SafeString:
    """One catalogue's rows of a domain (`items`, loaded for_table() with load_links(TABLE_LINKS)),
    grouped by 一级事项 as they come: a jump list when there are several, then the table."""
    groups = [(level1, list(rows)) for level1, rows in groupby(items, key=lambda item: item.level1)]
    urls = Urls(catalogue)
    slug = urls.slug
    parts = ["\n\n"]
    if len(groups) > 1:
        parts.append(f'\n<nav class="jump-list" aria-label="{escape(caption)}：按一级事项跳转">\n')
        parts.append('  <p class="jump-list-title">按一级事项跳转：</p>\n  <ul>')
        for counter, (level1, rows) in enumerate(groups, 1):
            parts.append(
                f'<li><a href="#l1-{slug}-{counter}">{escape(level1 or UNNAMED)}</a> '
                f'<span class="count">{len(rows)} 项</span></li>'
            )
        parts.append("</ul>\n</nav>\n")
    parts.append("\n" + HEAD.format(caption=escape(caption)))
    for counter, (level1, rows) in enumerate(groups, 1):
        parts.append(f'\n  <tbody id="l1-{slug}-{counter}">\n    ')
        name = escape(level1 or UNNAMED)
        for index, item in enumerate(rows):
            parts.append(_row(item, name, level1, 0 if index else len(rows), urls))
        parts.append("\n  </tbody>\n  ")
    parts.append("\n</table>\n")
    return mark_safe("".join(parts))


class Urls:
    """The links of one table, each URL pattern reversed once."""

    def __init__(self, catalogue):
        self.slug = escape(catalogue.slug)
        self.search = escape(reverse("catalog:search"))
        self.item = id_urls("catalog:item")
        self.law = id_urls("catalog:legal_basis")
        self.publisher = id_urls("catalog:publisher")


def _row(item, name, level1, rowspan, urls) -> str:
    number = escape(item.number) if item.number else ""
    level1_cell = ""
    if rowspan:
        link = (
            f'<a href="{urls.search}?catalogue={urls.slug}&amp;level1={escape(urlencode(level1))}"'
            f' title="检索该一级事项下的全部事项">{name}</a>'
            if level1
            else UNNAMED
        )
        level1_cell = f'<th scope="rowgroup" rowspan="{rowspan}" class="level1" data-label="一级事项">{link}</th>'
    card_number = f'<span class="card-number">{number}</span> ' if number else ""
    level3 = f'<br><span class="level3">三级事项：{escape(item.level3)}</span>' if item.level3 else ""
    laws = "<br>".join(
        f'<a href="{escape(urls.law(link.legal_basis_id))}">{escape(str(link.legal_basis))}</a>'
        for link in linked_rows(item, "legal_basis_links")
    )
    publishers = "<br>".join(
        f'<a href="{escape(urls.publisher(link.organisation_id))}">{escape(link.organisation.name)}</a>'
        for link in linked_rows(item, "publisher_links")
    )
    channels = "<br>".join(escape(str(link)) for link in linked_rows(item, "channel_links"))
    return (
        "\n    <tr>\n"
        f'      <td data-label="序号" class="number">{number or DASH}</td>\n'
        f"      {level1_cell}\n"
        f'      <td data-label="二级事项" class="level2"><span class="card-head">{card_number}{name} ›</span> '
        f'<a href="{escape(urls.item(item.pk))}">{escape(item.level2 or str(item))}</a>{level3}</td>\n'
        f'      <td data-label="公开内容" class="content">{linebreaksbr(item.content or DASH, autoescape=True)}</td>\n'
        f'      <td data-label="公开依据">{laws or escape(item.legal_basis_text or DASH)}</td>\n'
        f'      <td data-label="公开时限">{escape(item.deadline_text or DASH)}</td>\n'
        f'      <td data-label="公开主体">{publishers or escape(item.publisher_text or DASH)}</td>\n'
        f'      <td data-label="公开渠道和载体">{channels or escape(item.channel_text or DASH)}</td>\n'
        f'      <td data-label="公开对象">{escape(display.audience_text(item))}</td>\n'
        f'      <td data-label="公开方式">{escape(display.mode_text(item))}</td>\n'
        f'      <td data-label="公开层级">{escape(display.levels_text(item))}</td>\n'
        "    </tr>\n    "
    )
