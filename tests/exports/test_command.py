import csv
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from catalog.search.filters import filter_items


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_items_writes_the_filtered_list(world, tmp_path, fmt, capsys):
    params = {"domain": "shehui-jiuzhu", "sort": "name"}
    expected = [item.pk for item in filter_items(params)[1]]
    path = tmp_path / f"out.{fmt}"
    call_command("export_items", str(path), *(f"{k}={v}" for k, v in params.items()))
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            ids = [int(row["事项ID"]) for row in csv.DictReader(handle)]
    elif fmt == "json":
        ids = [record["id"] for record in json.loads(path.read_text(encoding="utf-8"))["items"]]
    else:
        sheet = load_workbook(path)["社会救助"]
        ids = [row[-2] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert ids == expected
    assert "已导出 2 项" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    "args, message",
    [
        (["out.pdf"], "扩展名应为"),
        (["out.csv", "domain"], "应写成 名称=值"),
        (["out.csv", "domain=no-such-domain"], "筛选条件有误"),
    ],
)
def test_export_items_refuses_bad_input_and_writes_nothing(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_items", str(tmp_path / args[0]), *args[1:])
    assert not list(tmp_path.iterdir())
