"""Every page type reads at every width, in normal and 长者模式, on the real seed catalogues.

For 7 viewport widths × 2 modes × 10 page types: the document never scrolls sideways, and every
block of running text — a table cell, a card field, a search result, a facet list — whose text is
longer than 12 characters is at least 12 characters of its own font wide (a CJK character is 1em),
so nothing is squeezed to one or two characters a line. One browser; each page is loaded once per
mode and resized through the widths.
"""

import pytest
from django.core.management import call_command

from catalog.site.elder import COOKIE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = [320, 390, 768, 1024, 1280, 1440, 1920]
CHARS = 12

# Text blocks: table cells (a column, or a field of a card), results, facets, count lists.
MEASURE = """(chars) => {
  const de = document.documentElement;
  const problems = [];
  if (de.scrollWidth > de.clientWidth + 1) problems.push(`document ${de.scrollWidth}px wide in ${de.clientWidth}px`);
  const blocks = document.querySelectorAll(
    'main td, main th, main .result, main .facets section, main .count-list li, main .meta dd, main .fields dd');
  for (const el of blocks) {
    const s = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (s.display === 'none' || s.visibility === 'hidden' || rect.width <= 1 || rect.height <= 1) continue;
    const hidden = el.closest('thead');
    if (hidden && hidden.getBoundingClientRect().height <= 1) continue;  // headers hidden in card view
    let text = '';  // the visible text: not what is there for screen readers only
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const parent = walker.currentNode.parentElement;
      if (!parent.closest('.visually-hidden') && parent.checkVisibility()) text += walker.currentNode.nodeValue;
    }
    text = text.replace(/\\s+/g, '');
    if (text.length <= chars) continue;
    const font = parseFloat(s.fontSize);
    const width = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    if (width < chars * font - 1) {
      const name = `${el.tagName.toLowerCase()}.${el.className || ''} “${text.slice(0, 16)}”`;
      problems.push(`${name} ${width.toFixed(0)}px < ${chars}×${font}px`);
    }
  }
  // Chart labels: an SVG drawn smaller than its viewBox shrinks its text with it; none below 12px.
  const minLabelPx = 12;
  for (const svg of document.querySelectorAll('main svg[viewBox]')) {
    const rect = svg.getBoundingClientRect();
    if (rect.width <= 1 || !svg.checkVisibility()) continue;
    const scale = rect.width / svg.viewBox.baseVal.width;
    for (const label of svg.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(label).fontSize) * scale;
      if (size < minLabelPx) { problems.push(`svg text “${label.textContent.slice(0, 16)}” ${size.toFixed(1)}px < ${minLabelPx}px`); break; }
    }
  }
  return problems;
}"""


def load_seed():
    from importlib import import_module

    from django.apps import apps

    from catalog.models import Catalogue, Domain

    if not Domain.objects.exists():  # transactional tests may start from a flushed database
        initial_data = import_module("catalog.migrations.0002_initial_data")
        initial_data.create_vocabulary(apps, None)
        initial_data.seed_synonyms(apps, None)
    call_command("load_seed", verbosity=0)
    assert Catalogue.objects.filter(slug="aershan-zhen-2022").exists(), "load_seed 没有载入种子目录 aershan-zhen-2022"


def page_types() -> dict[str, str]:
    from catalog.models import Catalogue, Item

    catalogue = Catalogue.objects.get(slug="aershan-zhen-2022")
    item = Item.objects.published().filter(catalogue=catalogue, domain__slug="shehui-jiuzhu").order_by("position")[2]
    return {
        "home": "/",
        "region": catalogue.region.get_absolute_url(),
        "catalogue": catalogue.get_absolute_url(),
        "catalogue-domain": f"/catalogues/{catalogue.slug}/shehui-baoxian/",
        "domain": "/domains/shehui-jiuzhu/",
        "item": item.get_absolute_url(),
        "laws": "/laws/",
        "publishers": "/publishers/",
        "search": "/search/?q=低保",
        "statistics": "/statistics/",
    }


def test_every_page_type_reads_at_every_width_in_both_modes(browser, live_server):
    load_seed()
    pages = page_types()
    problems = []
    for elder in (False, True):
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800}, locale="zh-CN")
        if elder:
            context.add_cookies([{"name": COOKIE, "value": "1", "url": live_server.url}])
        page = context.new_page()
        try:
            for name, path in pages.items():
                page.set_viewport_size({"width": WIDTHS[0], "height": 800})
                response = page.goto(live_server.url + path)
                assert response.status == 200, (name, path, response.status)
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    for problem in page.evaluate(MEASURE, CHARS)[:5]:
                        problems.append(f"{'长者模式' if elder else '普通'} {width}px {name} {path}: {problem}")
        finally:
            context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
