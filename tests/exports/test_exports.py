import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.exports import export_response
from catalog.exports.rows import CSV_HEADERS
from catalog.models import Item
from catalog.search.filters import filter_items

from .helpers import body, close, csv_rows, file_names, json_doc, sheet_ids, workbook

FILTERS = [
    {},
    {"domain": "shehui-jiuzhu"},
    {"q": "低保"},
    {"catalogue": "aershan", "sort": "name"},
    {"channel": "zhengfu-wangzhan", "audience": "public"},
    {"level": "village", "sort": "domain"},
    {"mode": "on_request"},
]


def export(client, fmt, params=None):
    return client.get(reverse("exports:items", args=[fmt]), params or {})


def page_ids(params) -> list[int]:
    return [item.pk for item in filter_items(params)[1]]


@pytest.mark.parametrize("params", FILTERS)
def test_every_format_holds_exactly_the_filtered_items_in_order(client, world, params):
    expected = page_ids(params)
    assert world.draft.pk not in expected

    rows = csv_rows(export(client, "csv", params))
    assert [int(row["事项ID"]) for row in rows] == expected

    doc = json_doc(export(client, "json", params))
    assert [record["id"] for record in doc["items"]] == expected
    assert doc["count"] == len(expected)

    book = workbook(export(client, "xlsx", params))
    assert book.sheetnames[0] == "说明"
    domains = Item.objects.in_bulk(expected)
    order = list(dict.fromkeys(domains[pk].domain.name for pk in expected))  # first appearance
    assert book.sheetnames[1:] == order
    for name in order:  # each domain sheet: the page's items of that domain, in the page's order
        assert sheet_ids(book[name]) == [pk for pk in expected if domains[pk].domain.name == name]
    about = {row[0]: row[1] for row in book["说明"].iter_rows(min_row=3, max_col=2, values_only=True) if row[0]}
    assert about["事项数"] == len(expected)


def test_empty_result_still_gives_valid_files(client, world):
    assert csv_rows(export(client, "csv", {"q": "不存在的词"})) == []
    assert json_doc(export(client, "json", {"q": "不存在的词"}))["items"] == []
    assert workbook(export(client, "xlsx", {"q": "不存在的词"})).sheetnames == ["说明"]


def test_csv_round_trips_through_the_csv_module(client, world):
    response = export(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert list(rows[0].keys()) == CSV_HEADERS
    first, tricky = rows[0], rows[2]
    assert first["公开依据"] == "《中华人民共和国政府信息公开条例》、《社会救助暂行办法》"
    assert first["公开主体"] == "阿尔山市民政局、白狼镇人民政府"
    assert first["公开渠道"] == "政府网站、社区/企事业单位/村公示栏（电子屏）"
    assert first["公开层级"] == "县级、乡镇级"
    assert first["要素"] == "申请条件、办理流程"
    assert first["网址"] == f"http://testserver/items/{first['事项ID']}/"
    assert tricky["公开内容（要素）"] == '含"引号"、逗号,和\n换行的内容'
    assert tricky["公开对象"] == "特定群众" and tricky["特定群众"] == "特困人员"
    assert tricky["三级事项"] == "办理结果" and tricky["责任科室"] == "社会救助股"


def test_json_has_full_nested_records(client, world):
    doc = json_doc(export(client, "json", {"domain": "shehui-jiuzhu"}))
    assert doc["filters"] == "领域：社会救助"
    record = doc["items"][0]
    assert record["legal_bases"][1]["title"] == "社会救助暂行办法"
    assert record["channels"][0] == {"slug": "zhengfu-wangzhan", "name": "政府网站", "detail": "阿尔山市人民政府网站"}
    assert [level["code"] for level in record["levels"]] == ["county", "township"]
    assert record["catalogue"]["slug"] == "aershan" and record["elements"] == ["申请条件", "办理流程"]


def test_formula_injection_is_neutralised(client, world):
    rows = csv_rows(export(client, "csv", {"catalogue": "chaoyang"}))
    evil = rows[1]
    assert evil["一级事项"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert evil["二级事项"] == "'+1+1"
    assert evil["公开内容（要素）"] == "'-2+3"
    assert evil["公开主体"] == "'@SUM(A1)"
    assert evil["公开渠道和载体（原文）"] == "'\t=1+1"

    book = workbook(export(client, "xlsx", {"catalogue": "chaoyang"}))
    sheet = book["社会保险"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    dangerous = [cell for cell in cells if isinstance(cell.value, str) and cell.value and cell.value[0] in "=+-@\t"]
    assert {cell.value for cell in dangerous} >= {
        '=HYPERLINK("http://evil.example","点我")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
    }
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in dangerous)


def test_file_names_say_what_they_are_in_chinese_with_the_date(client, world):
    response = export(client, "csv", {"domain": "shehui-jiuzhu"})
    body(response)
    today = timezone.localdate().strftime("%Y%m%d")
    assert file_names(response) == (f"disclosure-items_{today}.csv", f"政务公开事项_社会救助_{today}.csv")


@pytest.mark.parametrize(
    "params, message",
    [
        ({"domain": "no-such-domain"}, "筛选条件有误"),
        ({"deadline_max": "abc"}, "筛选条件有误"),
        ({"q": "x" * 500}, "筛选条件有误"),
    ],
)
def test_bad_filters_get_a_chinese_message_not_a_file(client, world, params, message):
    response = export(client, "csv", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_format_is_a_404(client, world):
    response = client.get("/exports/items.pdf")
    assert response.status_code == 404
    assert "不支持的导出格式" in response.content.decode()


def test_over_large_export_is_refused_with_a_clear_message(client, world, settings):
    settings.EXPORT_MAX_ROWS = 2
    response = export(client, "xlsx")
    assert response.status_code == 400
    assert "导出的事项过多：共 5 项，单次最多导出 2 项" in response.content.decode()
    assert export(client, "xlsx", {"catalogue": "chaoyang"}).status_code == 200


def test_one_client_cannot_hold_more_than_its_share_of_exports(client, world, settings):
    settings.EXPORT_MAX_CONCURRENT_PER_CLIENT = 1
    first = export(client, "csv")  # streaming: the slot is held until the response is closed
    refused = export(client, "json")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "导出正在进行" in refused.content.decode()
    other = client.get(reverse("exports:items", args=["csv"]), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    body(other)
    body(first)  # reads to the end and closes: the slot is free again
    assert export(client, "json").status_code == 200


def test_exports_of_all_clients_together_are_limited(client, world, settings):
    settings.EXPORT_MAX_CONCURRENT = 1
    first = client.get(reverse("exports:items", args=["csv"]), REMOTE_ADDR="10.0.0.1")
    refused = client.get(reverse("exports:items", args=["csv"]), REMOTE_ADDR="10.0.0.2")
    assert refused.status_code == 429 and "当前导出请求较多" in refused.content.decode()
    body(first)
    assert body(client.get(reverse("exports:items", args=["csv"]), REMOTE_ADDR="10.0.0.2"))


def test_a_slot_is_freed_when_the_client_goes_away_before_reading(client, world, settings):
    settings.EXPORT_MAX_CONCURRENT_PER_CLIENT = 1
    close(export(client, "csv"))
    second = export(client, "csv")
    assert second.status_code == 200
    body(second)


def test_exports_per_minute_are_limited(client, world, settings):
    settings.EXPORT_RATE_PER_MINUTE = 2
    for _ in range(2):
        body(export(client, "xlsx"))
    refused = export(client, "xlsx")
    assert refused.status_code == 429
    assert "每分钟最多 2 次" in refused.content.decode()


def test_export_response_serves_admin_selections_too(rf, world):
    """Admin actions pass their own queryset (drafts included) and get the same writers."""
    queryset = Item.objects.filter(catalogue=world.a).order_by("-position")
    response = export_response(
        queryset, "json", title="选中的事项", filters_description="管理后台选中", request=rf.get("/")
    )
    doc = json_doc(response)
    assert [record["id"] for record in doc["items"]] == list(queryset.values_list("pk", flat=True))
    assert world.draft.pk in [record["id"] for record in doc["items"]]
    with pytest.raises(ValueError):
        export_response(queryset, "pdf", title="x")


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_queries_do_not_grow_with_the_item_count(client, world, fmt, django_assert_max_num_queries):
    # filter + count + throttle-free cache + one chunk of prefetches (+ sheet plan and 说明 for XLSX)
    with django_assert_max_num_queries(16):
        body(export(client, fmt))
