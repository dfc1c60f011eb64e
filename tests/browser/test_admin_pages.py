"""The staff admin at 1280 px on the seed catalogues: no serious or critical axe violation on the
login, item list, change form, review queue and upload pages; the item list and review queue show
every column without sideways scrolling; the 公开层级 choice is whole and Chinese; no English
left from Django's untranslated strings."""

import re

import pytest

from catalog.importers.cleaners import CJK_RE
from tests.admin.conftest import make_user
from tests.browser.conftest import log_in
from tests.browser.test_widths import load_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}
WIDTH = 1280
# Words that are names, not untranslated interface text.
ALLOWED_LATIN = {"CSV", "XLSX", "JSON", "Excel", "Word", "docx", "html", "txt", "pdf", "PDF", "OCR", "WPS", "xlsx"}


def violations(page, name) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{name}: [{v['impact']}] {v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]


def columns_in_view(page, name) -> list[str]:
    problems = []
    sizes = page.evaluate(
        """() => { const r = document.querySelector('.results'); const d = document.documentElement;
        return {inner: r.scrollWidth - r.clientWidth, page: d.scrollWidth - d.clientWidth,
                heads: [...document.querySelectorAll('#result_list thead th')].map(
                    th => [th.innerText.trim(), th.getBoundingClientRect().right])}; }"""
    )
    if sizes["inner"] > 1 or sizes["page"] > 1:
        problems.append(f"{name}: scrolls sideways ({sizes['inner']} px in the table, {sizes['page']} px the page)")
    problems += [f"{name}: column “{text}” ends at {right:.0f} px" for text, right in sizes["heads"] if right > WIDTH]
    return problems


def english_words(page, name) -> list[str]:
    # Django's untranslated interface words are capitalised ("Model name", "Search", "True");
    # lower-case codes (region codes, file extensions) and the user's own name are data.
    text = page.locator("#site-name, #content").all_inner_texts()
    words = {w for w in re.findall(r"\b[A-Z][A-Za-z]{3,}", " ".join(text)) if w not in ALLOWED_LATIN}
    alts = page.evaluate(
        "[...document.querySelectorAll('#content img[alt]')].map(i => i.alt).filter(a => /[A-Za-z]/.test(a))"
    )
    return [f"{name}: English on the page: {sorted(words | set(alts))}"] if words or alts else []


def test_admin_pages_fit_speak_chinese_and_pass_axe(browser, live_server):
    from catalog.models import Item, Region
    from catalog.services import roles

    load_seed()
    region = Region.objects.get(code="aershan")
    make_user("reviewer", roles.REVIEWER, [region])
    item = Item.objects.filter(catalogue__region=region).order_by("pk").first()
    context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="zh-CN")
    page = context.new_page()
    problems = []
    try:
        page.goto(live_server.url + "/admin/login/")
        problems += violations(page, "login") + english_words(page, "login")
        log_in(page, live_server, "reviewer")
        problems += english_words(page, "index")

        for name, path in (("item list", "/admin/catalog/item/"), ("review queue", "/admin/catalog/reviewitem/")):
            page.goto(live_server.url + path)
            assert page.locator("#result_list tbody tr").count() > 5, name
            problems += violations(page, name) + columns_in_view(page, name)
            # The review queue's source lines are data (raw catalogue text), not interface words.
            if name == "item list":
                problems += english_words(page, name)

        page.goto(f"{live_server.url}/admin/catalog/item/{item.pk}/change/")
        problems += violations(page, "change form")
        levels = page.locator("#id_levels input[type=checkbox]")
        assert levels.count() >= 3
        for label in page.locator("#id_levels label").all():
            box = label.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, label.inner_text()
            assert CJK_RE.search(label.inner_text()), label.inner_text()

        page.goto(live_server.url + "/admin/catalog/importrun/upload/")
        assert page.locator("input[type=file]").count() == 1
        problems += violations(page, "upload") + english_words(page, "upload")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
