from catalog.deadlines.filters import at_most_working_days, with_deadline_kind
from catalog.models import Item

K = Item.DeadlineKind


def test_at_most_and_kind(new_item):
    d20 = new_item(level1="二十日", deadline_kind=K.WORKING_DAYS, deadline_days=20)
    d7 = new_item(level1="七日", deadline_kind=K.WORKING_DAYS, deadline_days=7)
    now = new_item(level1="即时", deadline_kind=K.IMMEDIATE)
    cal = new_item(level1="自然日", deadline_kind=K.CALENDAR_DAYS, deadline_days=5)
    prompt = new_item(level1="及时", deadline_kind=K.PROMPT)
    qs = Item.objects.all()
    assert set(at_most_working_days(qs, 10)) == {d7, now}
    assert set(at_most_working_days(qs, 10, include_immediate=False)) == {d7}
    assert set(at_most_working_days(qs, "20")) == {d20, d7, now}
    assert at_most_working_days(qs, None).count() == 5
    assert set(with_deadline_kind(qs, "prompt")) == {prompt}
    assert set(with_deadline_kind(qs, [K.CALENDAR_DAYS, K.IMMEDIATE])) == {cal, now}


def test_portal_filterset_deadline_kind(new_item):
    from catalog.search.filters import filter_items

    prompt = new_item(level1="及时", deadline_kind=K.PROMPT)
    new_item(level1="七日", deadline_kind=K.WORKING_DAYS, deadline_days=7)
    filterset, items = filter_items({"deadline_kind": "prompt"})
    assert list(items) == [prompt]
    assert ("deadline_kind", "时限类型", "及时公开（无固定期限）") in filterset.active_filters()
    filterset, items = filter_items({"deadline_kind": "nonsense"})
    assert list(items) == []
    assert any("时限类型" in message for message in filterset.error_messages())
