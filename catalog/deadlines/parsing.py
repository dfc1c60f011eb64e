"""公开时限 text -> (kind, days, trigger, publicity days). Pure; the raw text is kept
by the caller. Kinds are the values of Item.DeadlineKind.

>>> parse_deadline("信息形成或者变更之日起20个工作日内")
Deadline(kind='working_days', days=20, trigger='信息形成或者变更', publicity_days=None)
>>> parse_deadline("制定或获取信息之日起10个工作日内，公示7个工作日")
Deadline(kind='working_days', days=10, trigger='制定或获取信息', publicity_days=7)
>>> parse_deadline("信息形成(变更)3个工作日内,公示时间不少于7个工作日")
Deadline(kind='working_days', days=3, trigger='信息形成(变更)', publicity_days=7)
>>> parse_deadline("本级政府财政部门批复后20日内")
Deadline(kind='calendar_days', days=20, trigger='本级政府财政部门批复', publicity_days=None)
>>> parse_deadline("即时公开").kind
'immediate'
>>> parse_deadline("按进展情况及时公开").kind
'prompt'
>>> parse_deadline("提前一周发通知邀请")
Deadline(kind='before_event', days=7, trigger='发通知邀请', publicity_days=None)
>>> parse_deadline("每年底前集中公布1次当年情况").kind
'periodic'
>>> parse_deadline("每年1月31日前").kind, parse_deadline("每年1月31日前公开").kind
('periodic', 'periodic')
>>> parse_deadline("按中央要求时限公开").kind
'other'
>>> parse_deadline("").kind
'unknown'
"""

from __future__ import annotations

import re
from typing import NamedTuple

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


class Deadline(NamedTuple):
    kind: str
    days: int | None
    trigger: str
    publicity_days: int | None


def cn_number(text: str) -> int | None:
    """A day count as written, in Arabic or Chinese numerals up to 九十九; None otherwise.
    The one numeral reader of the project (公开时限 here, periodic rules in due.py).

    >>> [cn_number(t) for t in ("12", "三", "两", "十", "十二", "二十", "三十一", "九十九")]
    [12, 3, 2, 10, 12, 20, 31, 99]
    >>> [cn_number(t) for t in ("", "十十", "二二", "百", "一十一")]
    [None, None, None, None, 11]
    """
    text = text.strip()
    if text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if not ten:
        return CN_DIGITS.get(text)
    if tens and tens not in CN_DIGITS or units and units not in CN_DIGITS:
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)


NUM = r"(\d+|[一二两三四五六七八九十]{1,3})"
# A count of days; the day of a date (1月31日) is not one.
DAYS_RE = re.compile(r"(?<![月\d一二两三四五六七八九十])" + NUM + r"\s*个?\s*(工作日|日|天)")
# A date that comes round each year or month: 每年1月31日前, 次年3月底前, 每月10日前.
RECURRING_DATE_RE = re.compile(
    r"(?:每年|次年)的?\s*" + NUM + r"\s*月\s*(?:" + NUM + r"\s*[日号]|底|末)|(?:每月|次月)的?\s*" + NUM + r"\s*[日号]"
)
TRIGGER_RE = re.compile(r"^(?:自|从|公开事项)?(.*?)(?:之日起|之日|后|起)\s*" + NUM)
PUBLICITY_RE = re.compile(r"公示(?:时间|期)?(?:不少于|不得少于)?\s*" + NUM + r"\s*个?\s*(工作日|日|天)")


def parse_deadline(text: str) -> Deadline:
    text = text.strip()
    if not text:
        return Deadline("unknown", None, "", None)
    publicity = None
    match = PUBLICITY_RE.search(text)
    if match:
        publicity = cn_number(match.group(1))
    main = text[: match.start()] if match else text
    if RECURRING_DATE_RE.search(main):  # 每年1月31日前 (公开年报): due by that date, not in 31 days
        return Deadline("periodic", None, "", publicity)
    week = re.search(r"提前\s*" + NUM + r"\s*(周|个工作日|日|天)", main)
    if week:
        days = cn_number(week.group(1))
        days = days * 7 if days and week.group(2) == "周" else days
        return Deadline("before_event", days, main[week.end() :].strip("，,。 "), publicity)
    if "提前" in main or re.search(r"之前|前公开|事前", main) and "年底前" not in main:
        return Deadline("before_event", None, "", publicity)
    days_match = DAYS_RE.search(main)
    if days_match:
        days = cn_number(days_match.group(1))
        kind = "working_days" if days_match.group(2) == "工作日" else "calendar_days"
        trigger_match = TRIGGER_RE.search(main[: days_match.end()])
        trigger = trigger_match.group(1).strip("，, ") if trigger_match else ""
        if not trigger_match:
            head = main[: days_match.start()].strip("，, ")
            trigger = re.sub(r"(之日起|之日|后|起)$", "", head)
        return Deadline(kind, days, trigger, publicity)
    if re.search(r"每年|每季度|每月|每半年|定期|年度", main):
        return Deadline("periodic", None, "", publicity)
    if re.search(r"即时|实时|同步", main):
        trigger = re.sub(r"同步(发布|公开)$", "", main) if "同步" in main else ""
        return Deadline("immediate", None, trigger.strip("与 "), publicity)
    if "及时" in main:
        trigger = re.split(r"(?:后)?及时", main)[0]
        trigger = re.sub(r"^按", "", trigger)
        return Deadline("prompt", None, trigger.strip("，, "), publicity)
    return Deadline("other", None, "", publicity)
