"""The re-import matcher (catalog/importers/matching.py): pairs, scores and thresholds."""

import pytest
from rapidfuzz import fuzz

from catalog.importers.matching import (
    CONTENT_SIMILAR,
    NAME_POSSIBLE,
    NAME_SIMILAR,
    Entry,
    match_items,
    resolve,
)


def entry(level1, level2="", *, number="", content="", domain="d"):
    return Entry(domain=domain, number=number, level1=level1, level2=level2, content=content)


def test_same_names_pair_in_printed_order_ignoring_spaces_and_punctuation():
    old = [entry("病残津贴申领"), entry("工伤康复"), entry("病残津贴申领")]
    new = [entry("工伤 康复"), entry("病残津贴申领"), entry("病残津贴申领"), entry("病残津贴申领")]
    result = match_items(old, new)
    assert [(p.old, p.new, p.how) for p in result.pairs] == [(1, 0, "same"), (0, 1, "same"), (2, 2, "same")]
    assert result.unmatched_new == [3] and result.unmatched_old == []


def test_names_in_another_domain_do_not_pair():
    result = match_items([entry("低保", domain="a")], [entry("低保", domain="b")])
    assert result.pairs == [] and result.unmatched_old == [0] and result.unmatched_new == [0]


def test_near_identical_names_with_the_same_number_or_content_pair():
    old = [
        entry("党建工作服务", "城市党建", number="3"),
        entry("养老保险服务", "待遇领取", content="办理条件、办理流程"),
    ]
    new = [
        entry("党建工作服务", "城市党建工作", number="3"),
        entry("养老保险服务", "待遇领取。", content="办理条件、办理流程"),
    ]
    assert fuzz.ratio(new[0].names, old[0].names) >= NAME_SIMILAR
    result = match_items(old, new)
    assert [(p.old, p.new) for p in result.pairs] == [(0, 0), (1, 1)]
    assert result.pairs[0].how == "similar" and NAME_SIMILAR <= result.pairs[0].score < 100


def test_threshold_names_just_below_similar_are_ambiguous_not_matched():
    # One character dropped of 14: ratio 2*13/27 ≈ 96; two of 14 replaced: 2*12/28 ≈ 86.
    old = [entry("城镇职工基本养老保险关系转移", number="5")]
    near = [entry("城镇职工基本养老保险关系转", number="5")]
    far = [entry("城镇职工基本医疗保险关系转移", number="5")]
    score_near = fuzz.ratio(near[0].names, old[0].names)
    score_far = fuzz.ratio(far[0].names, old[0].names)
    assert score_near >= NAME_SIMILAR and NAME_POSSIBLE <= score_far < NAME_SIMILAR
    assert [(p.old, p.new) for p in match_items(old, near).pairs] == [(0, 0)]
    result = match_items(old, far)
    assert result.pairs == [] and list(result.ambiguous) == [0]
    assert result.ambiguous[0][0].old == 0 and result.ambiguous[0][0].score == pytest.approx(score_far)


def test_similar_names_without_number_or_content_in_common_are_ambiguous():
    old = [entry("城镇职工基本养老保险关系转移", number="5", content="甲")]
    new = [entry("城镇职工基本养老保险转移", number="6", content="完全不同的内容")]
    assert fuzz.ratio(new[0].content, old[0].content) < CONTENT_SIMILAR
    result = match_items(old, new)
    assert result.pairs == [] and list(result.ambiguous) == [0]


def test_two_equally_good_candidates_are_ambiguous():
    old = [entry("工伤康复复", number="7"), entry("工伤康复复", "", number="7", content="x")]
    # not the same names (so stage 1 does not take them), equally near both
    new = [entry("工伤康复", number="7")]
    result = match_items(old, new)
    assert result.pairs == [] and [c.old for c in result.ambiguous[0]] == [0, 1]


def test_dissimilar_names_are_new_and_gone():
    result = match_items([entry("低保")], [entry("特困人员救助供养")])
    assert result.pairs == [] and result.ambiguous == {}
    assert result.unmatched_old == [0] and result.unmatched_new == [0]


def test_resolve_applies_staff_choices_and_refuses_others():
    old = [entry("城镇职工基本养老保险关系转移", number="5")]
    new = [entry("城镇职工基本医疗保险关系转移", number="5"), entry("城镇职工基本医疗保险关系转移接续", number="5")]
    result = match_items(old, new)
    assert set(result.ambiguous) == {0, 1}
    chosen = resolve(result, {0: 0, 1: None})
    assert [(p.old, p.new, p.how) for p in chosen.pairs] == [(0, 0, "chosen")]
    assert chosen.ambiguous == {} and chosen.unmatched_new == [1]
    with pytest.raises(ValueError):
        resolve(result, {0: 0, 1: 0})  # one old item chosen twice
    with pytest.raises(ValueError):
        resolve(result, {5: None})  # not an ambiguous row
