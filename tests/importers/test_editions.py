"""Re-importing a catalogue: stable ids, changes in place, withdrawals, editions, ambiguity."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from reversion.models import Version

from catalog.importers.load import AmbiguousRows, import_record
from catalog.importers.pipeline import read_catalogue
from catalog.importers.registry import SEEDS
from catalog.models import Edition, Item, ItemChange, Section
from catalog.services.editions import import_catalogue

from .seeds import S004, SOURCES

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def source_lines():
    return (SOURCES / S004).read_text(encoding="utf-8").split("\n")


def changed_copy() -> bytes:
    """S004 with 序号 1's content edited, 序号 3's 二级 renamed slightly, 序号 4 removed
    and a new row after 序号 2."""
    lines = source_lines()
    out = []
    for line in lines:
        cells = line.split("\t")
        if cells[0] == "1":
            cells[3] = cells[3].replace("机关名称", "机关名称、主要职能")
        elif cells[0] == "3":
            cells[2] = "城市党建工作"
        elif cells[0] == "4":
            continue
        out.append("\t".join(cells))
        if cells[0] == "2":
            cells = cells[:]
            cells[0], cells[1], cells[2] = "2", "社区公告", "停水停电通知"
            out.append("\t".join(cells))
    return "\n".join(out).encode("utf-8")


def read(data: bytes):
    return read_catalogue(data, name=S004)


@pytest.mark.django_db
def test_reimporting_the_seed_keeps_every_id_and_changes_nothing():
    import_record(read((SOURCES / S004).read_bytes()))
    ids = list(Item.objects.order_by("position").values_list("pk", flat=True))
    report = import_catalogue(read((SOURCES / S004).read_bytes()))
    plan = report["plan"]
    assert plan["unchanged"] == len(ids) and not (plan["changed"] or plan["new"] or plan["withdrawn"])
    assert list(Item.objects.order_by("position").values_list("pk", flat=True)) == ids
    assert not ItemChange.objects.exists()


@pytest.mark.django_db
def test_a_changed_copy_updates_in_place_adds_and_withdraws():
    import_record(read((SOURCES / S004).read_bytes()))
    by_number = {item.number: item for item in Item.objects.all()}
    total = len(by_number)

    preview = import_catalogue(read(changed_copy()), dry_run=True, edition="2024版")["plan"]
    assert Item.objects.count() == total and not Edition.objects.filter(name="2024版").exists()
    assert preview["unchanged"] == total - 3
    assert {row["item"] for row in preview["changed"]} == {by_number["1"].pk, by_number["3"].pk}
    content = next(row for row in preview["changed"] if row["item"] == by_number["1"].pk)["changes"]
    assert {
        "label": "公开内容",
        "old": by_number["1"].content,
        "new": by_number["1"].content.replace("机关名称", "机关名称、主要职能"),
    } in content  # noqa: E501
    renamed = next(row for row in preview["changed"] if row["item"] == by_number["3"].pk)
    assert (
        renamed["how"] == "similar"
        and {"label": "二级事项", "old": "城市党建", "new": "城市党建工作"} in renamed["changes"]
    )
    assert [row["title"] for row in preview["new"]] == ["社区公告 / 停水停电通知"]
    assert [row["item"] for row in preview["withdrawn"]] == [by_number["4"].pk]

    report = import_catalogue(read(changed_copy()), edition="2024版")
    assert report["plan"]["unchanged"] == preview["unchanged"]
    for number, item in by_number.items():
        fresh = Item.objects.get(pk=item.pk)  # every surviving item keeps its id (and so its URL)
        if number == "4":
            assert fresh.status == Item.Status.WITHDRAWN and fresh.withdrawn_at is not None
        else:
            assert fresh.status == Item.Status.PUBLISHED and fresh.withdrawn_at is None
    assert Item.objects.get(pk=by_number["3"].pk).level2 == "城市党建工作"
    assert "主要职能" in Item.objects.get(pk=by_number["1"].pk).search_text
    added = Item.objects.get(level1="社区公告")
    assert added.position == 3 and added.status == Item.Status.PUBLISHED
    # current items first in the new order, the withdrawn one after them
    assert Item.objects.get(pk=by_number["4"].pk).position == total + 1
    assert Item.objects.exclude(status=Item.Status.WITHDRAWN).count() == total
    edition = Edition.objects.get(catalogue__slug="xiangyuan-chaoyang-shequ", name="2024版")
    kinds = sorted(edition.changes.values_list("kind", "item_id"))
    assert kinds == sorted(
        [("changed", by_number["1"].pk), ("changed", by_number["3"].pk), ("added", added.pk),
         ("withdrawn", by_number["4"].pk)]
    )  # fmt: skip
    # history: the state before (baseline) and the import, for the changed and withdrawn items
    versions = Version.objects.get_for_object_reference(Item, by_number["1"].pk)
    assert versions.count() == 2
    assert "机关名称、主要职能" not in versions.order_by("pk").first().field_dict["content"]
    assert Version.objects.get_for_object_reference(Item, by_number["4"].pk).count() == 2
    assert Version.objects.get_for_object_reference(Item, added.pk).count() == 1
    assert not Section.objects.filter(catalogue__slug="xiangyuan-chaoyang-shequ", items=None).exists()

    # importing the original again brings nothing back under a new id: 4 returns as new
    again = import_catalogue(read((SOURCES / S004).read_bytes()), edition="2025版")["plan"]
    assert [row["item"] for row in again["withdrawn"]] == [added.pk]
    assert {row["item"] for row in again["changed"]} == {by_number["1"].pk, by_number["3"].pk}


def ambiguous_copy() -> bytes:
    """S004 with 序号 6's 二级 残疾人补贴 renamed to 残疾人两项补贴发放 and its content
    replaced: the same 序号 and a similar name (between NAME_POSSIBLE and NAME_SIMILAR)."""
    out = []
    for line in source_lines():
        cells = line.split("\t")
        if cells[0] == "6":
            cells[2], cells[3] = "残疾人两项补贴发放", "补贴标准"
        out.append("\t".join(cells))
    return "\n".join(out).encode("utf-8")


@pytest.mark.django_db
def test_ambiguous_rows_are_refused_until_staff_choose():
    import_record(read((SOURCES / S004).read_bytes()))
    six = Item.objects.get(number="6")
    plan = import_catalogue(read(ambiguous_copy()), dry_run=True)["plan"]
    [row] = plan["ambiguous"]
    assert [c["item"] for c in row["candidates"]] == [six.pk]
    with pytest.raises(AmbiguousRows, match="第 6 条"):
        import_catalogue(read(ambiguous_copy()))
    assert Item.objects.get(pk=six.pk).level2 == "残疾人补贴"

    import_catalogue(read(ambiguous_copy()), choices={row["position"]: six.pk})
    assert Item.objects.get(pk=six.pk).level2 == "残疾人两项补贴发放"


@pytest.mark.django_db
def test_ambiguous_rows_taken_as_new_withdraw_the_candidate():
    import_record(read((SOURCES / S004).read_bytes()))
    six = Item.objects.get(number="6")
    import_catalogue(read(ambiguous_copy()), ambiguous_as_new=True)
    assert Item.objects.get(pk=six.pk).status == Item.Status.WITHDRAWN
    assert Item.objects.get(level2="残疾人两项补贴发放").pk != six.pk


@pytest.mark.django_db
def test_command_lists_ambiguous_rows_and_takes_a_choice(tmp_path, capsys):
    import_record(read((SOURCES / S004).read_bytes()))
    six = Item.objects.get(number="6")
    path = tmp_path / S004
    path.write_bytes(ambiguous_copy())
    with pytest.raises(CommandError, match="--match"):
        call_command("import_catalogue", str(path))
    out = capsys.readouterr().out
    assert f"#{six.pk} 助残 / 残疾人补贴" in out and "待确定 1 项" in out
    call_command("import_catalogue", str(path), match=[f"6={six.pk}"], edition="2024版")
    assert "修改 1 项" in capsys.readouterr().out
    assert Item.objects.get(pk=six.pk).level2 == "残疾人两项补贴发放"
    with pytest.raises(CommandError, match="写法"):
        call_command("import_catalogue", str(path), match=["six"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SEEDS))
def test_reimporting_each_seed_over_its_fixture_keeps_every_item(name):
    """What a deployment holds (the committed fixtures) re-imported from the same source: every
    item is matched to itself, nothing changes, nothing is withdrawn."""
    catalogue_fixture = next(path for path in FIXTURES.glob("0[1-9]_*.json") if SEEDS[name].slug in path.name)
    call_command("loaddata", str(FIXTURES / "00_vocabulary.json"), str(catalogue_fixture), verbosity=0)
    before = list(Item.objects.order_by("position").values_list("pk", "position"))
    report = import_catalogue(read_catalogue((SOURCES / name).read_bytes(), name=name))
    plan = report["plan"]
    assert (plan["unchanged"], plan["changed"], plan["new"], plan["withdrawn"]) == (len(before), [], [], [])
    assert list(Item.objects.order_by("position").values_list("pk", "position")) == before


@pytest.mark.django_db
def test_text_longer_than_its_column_is_cut_once_and_reimports_unchanged():
    """A 二级 name and a channel detail longer than their columns: stored cut to the column, and
    re-importing the same file finds nothing changed (the diff reads the same cut values)."""
    long_name = "社区" + "党建工作" * 100  # 402 characters: Item.level2 holds 300
    lines = []
    for line in source_lines():
        cells = line.split("\t")
        if cells[0] == "3":
            cells[2] = long_name
        lines.append("\t".join(cells))
    data = "\n".join(lines).encode("utf-8")
    import_record(read(data))
    stored = Item.objects.get(level2__startswith="社区党建工作")
    assert stored.level2 == long_name[: Item._meta.get_field("level2").max_length]
    plan = import_catalogue(read(data))["plan"]
    assert not (plan["changed"] or plan["new"] or plan["withdrawn"])
    assert Item.objects.get(pk=stored.pk).level2 == stored.level2


def with_new_rows(count: int) -> bytes:
    """S004 with `count` rows of new names after its 序号 2, made from that row."""
    out = []
    for line in source_lines():
        out.append(line)
        cells = line.split("\t")
        if cells[0] == "2":
            for n in range(1, count + 1):
                out.append("\t".join(["2", f"新增事项{n}", f"新增子项{n}", *cells[3:]]))
    return "\n".join(out).encode("utf-8")


@pytest.mark.django_db
def test_the_plan_lists_the_first_new_rows_and_the_history_has_every_one(monkeypatch):
    """The stored report lists PLAN_LIMIT new rows and counts them all; the edition's ADDED
    history rows and the item versions are written for every new item, across write batches."""
    from catalog.importers import load
    from catalog.models import ImportRun

    monkeypatch.setattr(load, "PLAN_LIMIT", 2)
    monkeypatch.setattr(load, "BATCH_SIZE", 3)
    first = import_catalogue(read((SOURCES / S004).read_bytes()))
    total = first["items"]
    assert first["plan"]["first_edition"] and first["plan"]["new_count"] == total == Item.objects.count()
    assert len(first["plan"]["new"]) == 2
    # The first import records a version of every item although its plan lists two.
    assert Version.objects.get_for_model(Item).values("object_id").distinct().count() == total

    report = import_catalogue(read(with_new_rows(7)), edition="2025版")
    plan = report["plan"]
    added = list(Item.objects.filter(level1__startswith="新增事项").order_by("position"))
    assert len(added) == 7 and plan["new_count"] == 7 and not plan["first_edition"]
    assert plan["new"] == [
        {"item": added[0].pk, "position": 3, "line": added[0].source_line, "title": "新增事项1 / 新增子项1"},
        {"item": added[1].pk, "position": 4, "line": added[1].source_line, "title": "新增事项2 / 新增子项2"},
    ]
    assert ImportRun.objects.latest("pk").report["plan"]["new"] == plan["new"]
    edition = Edition.objects.get(name="2025版")
    assert sorted(edition.changes.filter(kind="added").values_list("item_id", "title")) == [
        (item.pk, f"{item.level1} / {item.level2}") for item in added
    ]
    for item in added:
        assert Version.objects.get_for_object_reference(Item, item.pk).count() == 1


@pytest.mark.django_db
def test_the_command_counts_every_new_row_and_lists_the_first(monkeypatch, tmp_path):
    import io

    from catalog.importers import load

    monkeypatch.setattr(load, "PLAN_LIMIT", 2)
    import_record(read((SOURCES / S004).read_bytes()))
    source = tmp_path / S004
    source.write_bytes(with_new_rows(5))
    out = io.StringIO()
    call_command("import_catalogue", str(source), dry_run=True, stdout=out)
    text = out.getvalue()
    assert "新增 5 项" in text and "新增 第 4 条 新增事项2 / 新增子项2" in text
    listed = [line for line in text.splitlines() if line.strip().startswith("新增 第")]  # the plan's rows
    assert not any("新增事项3" in line for line in listed) and "（新增另有 3 项未列出）" in text
