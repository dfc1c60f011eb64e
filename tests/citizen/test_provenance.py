"""Provenance citizens can use: no repository path or importer diagnostic on any public page,
feed, export or API response; flagged items say so in plain words (catalog/models/doubts.py)."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from catalog.models import Catalogue, Item
from catalog.models.doubts import KINDS, NOTICE, doubt_code, public_doubts

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# What a repository path looks like, wherever it would leak from (the original's own file
# name, offered for download on the catalogue page, is not a path).
PATH = re.compile(r"fixtures/|sources/|\.py\b")


@pytest.fixture
def seeds(db):
    """The two most doubtful seed catalogues, as deployed (the committed fixtures)."""
    files = [FIXTURES / "00_vocabulary.json", *sorted(FIXTURES.glob("0[23]_*.json"))]
    call_command("loaddata", *map(str, files), verbosity=0)
    assert Item.objects.flagged().published().count() > 50
    return Catalogue.objects.all()


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data[:2] == b"PK":  # XLSX: every cell's text
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return "\n".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))
    return data.decode("utf-8-sig")


def public_responses(client, catalogues):
    flagged = list(Item.objects.flagged().published().order_by("pk"))
    urls = [
        reverse("catalog:home"),
        reverse("citizen:statistics"),
        reverse("citizen:feed"),
        reverse("citizen:changes_feed"),
    ]
    for catalogue in catalogues:
        urls += [
            catalogue.get_absolute_url(),
            reverse("catalog:catalogue_revisions", args=[catalogue.slug]),
            reverse("citizen:catalogue_feed", args=[catalogue.slug]),
            reverse("citizen:statistics") + f"?catalogue={catalogue.slug}",
            f"/exports/items.csv?catalogue={catalogue.slug}",
            f"/exports/items.json?catalogue={catalogue.slug}",
            f"/exports/items.xlsx?catalogue={catalogue.slug}",
            f"/api/items/?catalogue={catalogue.slug}&page_size=500",
            "/api/catalogues/",
        ]
    urls += [item.get_absolute_url() for item in flagged] + [f"/api/items/{item.pk}/" for item in flagged[:20]]
    urls.append(reverse("catalog:search") + "?q=养老")
    for url in urls:
        yield url, body(client.get(url))


def test_no_repository_path_or_importer_diagnostic_in_any_public_response(client, seeds):
    reasons = {reason for row in Item.objects.values_list("review_reasons", flat=True) for reason in row}
    assert len(reasons) > 20
    checked = 0
    for url, text in public_responses(client, seeds):
        assert not PATH.search(text), (url, PATH.search(text).group(0))
        leaked = [reason for reason in reasons if reason in text]
        assert not leaked, (url, leaked[:3])
        assert "待复核" not in text, url
        checked += 1
    assert checked > 60


def test_a_flagged_item_says_so_in_plain_words(client, seeds):
    item = Item.objects.flagged().published().exclude(review_reasons=[]).order_by("pk").first()
    html = body(client.get(item.get_absolute_url()))
    assert NOTICE in html
    for wording in public_doubts(item.review_reasons):
        assert wording in html
    assert f"《{item.catalogue.title}》原件第 {item.source_line} 行" in html
    plain = Item.objects.published().filter(needs_review=False).first()
    assert NOTICE not in body(client.get(plain.get_absolute_url()))


def test_api_and_exports_carry_the_flag_and_the_public_reason(client, seeds):
    item = Item.objects.flagged().published().exclude(review_reasons=[]).order_by("pk").first()
    record = json.loads(body(client.get(f"/api/items/{item.pk}/")))
    assert record["flagged"] is True and record["flag_reasons"] == public_doubts(item.review_reasons)
    assert "file" not in record["source"] and record["source"]["line"] == item.source_line
    csv = body(client.get(f"/exports/items.csv?catalogue={item.catalogue.slug}"))
    header, *rows = csv.splitlines()
    assert "存疑" in header and "存疑说明" in header and "来源文件" not in header
    row = next(line for line in rows if line.startswith(f"{item.pk},"))
    assert "；".join(public_doubts(item.review_reasons)) in row
    xlsx = body(client.get(f"/exports/items.xlsx?catalogue={item.catalogue.slug}"))
    assert "存疑说明" in xlsx and public_doubts(item.review_reasons)[0] in xlsx


def test_statistics_count_items_per_kind_of_doubt_in_the_same_words(client, seeds):
    html = body(client.get(reverse("citizen:statistics")))
    flagged = Item.objects.flagged().published()
    assert f"其中 {flagged.count()} 项有存疑之处" in html
    for code, wording in KINDS.items():
        count = sum(
            1 for row in flagged.values_list("review_reasons", flat=True) if code in {doubt_code(r) for r in row}
        )
        if count:
            assert f'<th scope="row">{wording}</th><td class="num" data-label="事项数">{count}</td>' in html
    assert "%" not in html.split('id="flagged"')[1].split("</section>")[0]


@pytest.mark.parametrize(
    "reason, code",
    [
        ("本行单元格错位（原文5格，表头7列），已按内容重新对齐：第3格“x”移到公开依据列", "columns"),
        ("公开对象：全社会与特定群众同时勾选，可能是勾选列错位，请核对", "ticks"),
        ("本行只印出一个事项名称“养老”，按一级事项处理，请核对", "names"),
        ("一级事项跨页断开：第3行“特困”与第4行“供养”已合并为“特困供养”", "page_break"),
        ("公开主体：原文“阿勒泰市”按OCR别名表更正为“阿尔山市”", "corrected"),
        ("原表无序号，按独立事项导入", "numbering"),
        ("公开时限为空", "incomplete"),
        ("something new", "other"),
    ],
)
def test_every_importer_reason_has_a_public_kind(reason, code):
    assert doubt_code(reason) == code and KINDS[code]
