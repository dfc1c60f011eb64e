"""公开对象, 公开方式, 公开层级 "not stated", not "no": a table without the column leaves the
value unknown (None); a printed column that is not ticked says no (False)."""

from dataclasses import replace

from catalog.importers.pipeline import read_catalogue
from catalog.importers.registry import SEEDS

from .seeds import S000, S002, S004, SOURCES, items, lines


def test_a_table_without_audience_and_mode_columns_leaves_them_unknown():
    # 004 lines 3-8: 序号 … 公开渠道和载体 | 公开层级 (县级 乡镇 社区); no 公开对象, no 公开方式
    rows = items(lines(S004, (3, 8)))
    assert rows
    for item in rows:
        assert (item.audience_public, item.audience_specific) == (None, None)
        assert (item.mode_proactive, item.mode_on_request) == (None, None)
        assert item.levels_stated


def test_a_printed_column_left_unticked_is_no():
    # 000 lines 146-149 (header) and 156: 全社会 √, 特定群众 blank; 主动 √, 依申请公开 blank
    *_, six = items(lines(S000, (146, 149), 156))
    assert (six.audience_public, six.audience_specific) == (True, False)
    assert (six.mode_proactive, six.mode_on_request) == (True, False)
    assert six.levels_stated and six.levels


def test_a_table_without_a_level_column_does_not_state_levels():
    # 002 lines 3-7: 公开对象 (全社会 特定群体) and 责任科室, but no 公开层级
    first, *_ = items(lines(S002, (3, 7)))
    assert not first.levels_stated and first.levels == []
    assert first.audience_public is True and first.audience_specific is False


def test_a_proactive_catalogue_is_proactive_for_every_item():
    # 002 is titled 根河市民政局主动公开目录 and has no 公开方式 column
    record = read_catalogue((SOURCES / S002).read_bytes(), name=S002)
    assert record.items
    assert {(item.mode_proactive, item.mode_on_request) for item in record.items} == {(True, False)}


def test_the_same_table_under_another_title_leaves_the_mode_unknown():
    meta = replace(SEEDS[S002], title="根河市民政局政务公开目录")
    record = read_catalogue((SOURCES / S002).read_bytes(), name=S002, meta=meta)
    assert {(item.mode_proactive, item.mode_on_request) for item in record.items} == {(None, None)}


def test_a_proactive_title_does_not_override_a_printed_mode_column():
    meta = replace(SEEDS[S000], title="阿尔山市主动公开目录")
    record = read_catalogue((SOURCES / S000).read_bytes(), name=S000, meta=meta)
    assert any(item.mode_on_request for item in record.items)  # as ticked in the original
    assert any(item.mode_proactive is False for item in record.items)
