"""A long catalogue goes through normalise -> load as a stream: items are kept as pickles
(catalog.files.spool) as soon as nothing below can change them, and the checks that
need the whole table (repeated 序号, an odd 公开方式) still reach every item, in the
database too, once the spool has moved to a temporary file."""

import pytest

from catalog.files import spool
from catalog.files.spool import Recent, Spool
from catalog.importers.load import import_record
from catalog.importers.records import CatalogueMeta
from catalog.importers.spreadsheets import read_upload
from catalog.models import Item, Region


def test_a_spool_gives_back_copies_in_order_and_keeps_only_what_is_rewritten(monkeypatch):
    monkeypatch.setattr(spool, "IN_MEMORY", 200)
    kept = Spool({"n": n, "flags": []} for n in range(50))
    assert len(kept) == 50 and kept._file._rolled  # past IN_MEMORY bytes: a temporary file
    for obj in kept:
        obj["flags"].append("lost")  # a copy: not kept
    assert [obj["flags"] for obj in kept] == [[]] * 50
    kept.rewrite(lambda obj: obj["flags"].append("odd") if obj["n"] % 2 else None)
    assert [obj["n"] for obj in kept] == list(range(50))
    assert [obj["n"] for obj in kept if obj["flags"] == ["odd"]] == list(range(1, 50, 2))
    kept.append({"n": 50, "flags": []})
    assert kept[-1]["n"] == 50 and kept[3]["n"] == 3 and len(kept) == 51 and bool(kept) and not Spool()


def test_the_lines_read_lately_are_kept_within_a_bound_and_read_as_the_spool_has_them(monkeypatch):
    lines = Spool(f"第{n}行" for n in range(1000))
    expected = lines[5:15]
    loads = []
    load = Spool._load
    monkeypatch.setattr(Spool, "_load", lambda self, index: loads.append(index) or load(self, index))
    recent = Recent(lines, keep=10)
    assert [recent[k] for k in range(5, 15)] == [recent[k] for k in range(5, 15)] == expected
    assert loads == list(range(5, 15))  # read again: from memory
    for k in range(1000):
        assert recent[k] == f"第{k}行" and len(recent._kept) <= 20
    assert recent[-1] == "第999行" and recent[3:6] == ["第3行", "第4行", "第5行"] and len(recent) == 1000
    assert list(recent) == list(lines) and bool(recent) and not Recent(Spool(), keep=10)
    with pytest.raises(IndexError):
        recent[1000]


HEADER = "序号\t一级事项\t二级事项\t公开内容（要素）\t公开依据\t公开时限\t公开主体\t公开渠道和载体\t主动\t依申请公开"


def _rows(count: int, *, repeated: tuple[int, int], on_request: int) -> list[str]:
    rows = []
    for n in range(1, count + 1):
        number = repeated[0] if n == repeated[1] else n
        proactive, request = ("", "√") if n == on_request else ("√", "")
        rows.append(
            f"{number}\t第{n}组事项\t事项{n}\t事项{n}的办理条件、办理结果\t《社会救助暂行办法》"
            f"\t自信息形成之日起20个工作日内\t县民政局\t政府网站\t{proactive}\t{request}"
        )
    return rows


@pytest.mark.django_db
def test_the_checks_of_the_whole_table_reach_items_already_kept(monkeypatch):
    monkeypatch.setattr(spool, "IN_MEMORY", 4096)  # the items move to a file after a few rows
    text = "\n".join(["某县社会救助领域基层政务公开标准目录", HEADER, *_rows(300, repeated=(7, 290), on_request=150)])
    Region.objects.create(code="mouxian", name="某县", level=Region.Level.COUNTY)
    meta = CatalogueMeta(slug="mouxian", title="某县目录", region=[("mouxian", "某县", "county")],
                         domain=("社会救助", "shehui-jiuzhu"))  # fmt: skip
    record = read_upload(text.encode(), name="mouxian.txt", meta=meta)
    (section,) = record.sections
    assert isinstance(section.items, Spool) and section.items._file._rolled and len(section.items) == 300

    report = import_record(record)
    assert report["items"] == 300 and report["flagged"] == 3
    flagged = {item.level2: item.review_reasons for item in Item.objects.filter(needs_review=True)}
    assert flagged == {
        "事项7": ["序号“7”在本表中重复出现"],
        "事项290": ["序号“7”在本表中重复出现"],
        "事项150": ["公开方式：只勾选了依申请公开，与本表多数行（主动公开）不同，可能是勾选列错位，请核对"],
    }
    # Every item is written, in order, citing its line.
    assert list(Item.objects.order_by("position").values_list("source_line", flat=True)) == list(range(3, 303))
