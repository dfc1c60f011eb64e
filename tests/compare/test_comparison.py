"""The comparison on hand-made items: matching thresholds, groups, the field diff, coverage."""

from catalog.compare.comparison import (
    AMBIGUOUS,
    COVERED,
    DIFFERS,
    EXTRA,
    MISSING,
    ItemFacts,
    compare,
    differences,
)
from catalog.importers.matching import NAME_POSSIBLE, NAME_SIMILAR

_ids = iter(range(1, 10_000))


def facts(level2, *, number="1", level1="社会保险登记", content="事项名称、办理材料", domain_id=1, **fields):
    fields.setdefault("elements", tuple(content.split("、")))
    return ItemFacts(
        id=next(_ids),
        domain_id=domain_id,
        domain="社会保险",
        number=number,
        level1=level1,
        level2=level2,
        level3="",
        content=content,
        **fields,
    )


def group_of(result, item):
    return next(row.group for row in result.rows if item in (row.reference, row.compared))


def test_same_names_ignore_spaces_and_punctuation():
    ref = facts("单位(项目)基本信息变更")
    cmp = facts("单位（项目） 基本信息变更", number="9")
    result = compare([ref], [cmp])
    assert [(row.group, row.how) for row in result.rows] == [(COVERED, "same")]


def test_near_names_pair_only_with_support_and_otherwise_are_shown_as_ambiguous():
    from rapidfuzz import fuzz

    ref = facts("城乡居民养老保险参保登记", number="5")
    near = facts("城乡居民养老保险参保登记表", number="5")  # one character more, same 序号
    score = fuzz.ratio("社会保险登记/城乡居民养老保险参保登记/", "社会保险登记/城乡居民养老保险参保登记表/")
    assert score >= NAME_SIMILAR
    result = compare([ref], [near])
    assert [(row.group, row.how) for row in result.rows] == [(COVERED, "similar")]

    # Names between 75 and 90 with the same 序号: a candidate, never taken.
    loose = facts("城乡居民养老保险待遇登记申请", number="5", content="其他内容")
    score = fuzz.ratio("社会保险登记/城乡居民养老保险参保登记/", "社会保险登记/城乡居民养老保险待遇登记申请/")
    assert NAME_POSSIBLE <= score < NAME_SIMILAR
    result = compare([ref], [loose])
    assert [row.group for row in result.rows] == [AMBIGUOUS]
    assert [candidate[0] for candidate in result.rows[0].candidates] == [loose]
    assert result.total.covered == 0 and result.total.ambiguous == 1 and result.total.extra == 0

    # Far names: missing on one side, extra on the other.
    far = facts("工伤事故备案", number="5")
    result = compare([ref], [far])
    assert [row.group for row in result.rows] == [MISSING, EXTRA]


def test_only_the_same_domain_matches():
    ref = facts("职工参保登记", domain_id=1)
    cmp = facts("职工参保登记", domain_id=2)
    assert [row.group for row in compare([ref], [cmp]).rows] == [MISSING, EXTRA]


def test_weaker_fields_are_listed_with_the_diff():
    ref = facts(
        "参保单位注销",
        content="事项名称、办理材料、办理时限",
        deadline_text="20个工作日内",
        deadline_kind="working_days",
        deadline_days=20,
        channels=((1, "政府网站"), (2, "政务服务中心")),
        laws=((7, "社会保险法"), (8, "政府信息公开条例")),
        audience_public=True,
    )
    cmp = facts(
        "参保单位注销",
        content="事项名称、办理材料",
        deadline_text="30个工作日内",
        deadline_kind="working_days",
        deadline_days=30,
        channels=((1, "政府网站"),),
        laws=((8, "政府信息公开条例"),),
        audience_public=False,  # printed, not ticked: fewer than the reference (unknown would not be)
        audience_specific=True,
    )
    found = {d.label: (d.compared, d.weaker) for d in differences(ref, cmp)}
    assert found == {
        "公开时限": ("30个工作日内", True),
        "公开渠道": ("缺少：政务服务中心", True),
        "公开对象": ("缺少：全社会", True),
        "公开依据": ("缺少：社会保险法", True),
        "公开要素": ("缺少：办理时限", True),
    }
    result = compare([ref], [cmp])
    assert result.rows[0].group == DIFFERS and result.rows[0].weaker
    assert (result.total.differs, result.total.weaker, result.total.covered) == (1, 1, 1)


def test_shorter_deadline_more_channels_and_other_deadline_kinds_are_not_weaker():
    ref = facts("参保单位注销", deadline_kind="working_days", deadline_days=20, channels=((1, "政府网站"),))
    better = facts("参保单位注销", deadline_kind="immediate", channels=((1, "政府网站"), (2, "公开栏")))
    assert differences(ref, better) == []
    calendar = facts("参保单位注销", deadline_kind="calendar_days", deadline_days=30, channels=((1, "政府网站"),))
    assert differences(ref, calendar) == []


def test_coverage_per_domain():
    refs = [facts(f"事项{n}", number=str(n), domain_id=1 + n % 2) for n in range(10)]
    compared = [facts(f"事项{n}", number=str(n), domain_id=1 + n % 2) for n in range(0, 10, 3)]  # 0, 3, 6, 9
    result = compare(refs, compared)
    by_domain = {entry.domain_id: entry for entry in result.coverage}
    assert (by_domain[1].reference_count, by_domain[1].covered, by_domain[1].percent) == (5, 2, 40.0)  # 0, 6
    assert (by_domain[2].reference_count, by_domain[2].covered, by_domain[2].percent) == (5, 2, 40.0)  # 3, 9
    assert result.total.missing == 6
