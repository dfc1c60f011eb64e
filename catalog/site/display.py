"""Plain presentation helpers: deadlines in words, highlighting of search terms, lists of linked items."""

import re

from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

from catalog.models.item import linked_rows


def deadline_in_words(item) -> str:
    """公开时限 as a sentence built from the parsed fields, or the printed text when not parsed."""
    kind, days, trigger = item.deadline_kind, item.deadline_days, item.deadline_trigger
    kinds = type(item).DeadlineKind
    start = f"{trigger}之日起" if trigger else ""
    if kind == kinds.WORKING_DAYS and days is not None:
        return f"{start}{days}个工作日内"
    if kind == kinds.CALENDAR_DAYS and days is not None:
        return f"{start}{days}日内"
    if kind in (kinds.IMMEDIATE, kinds.PROMPT, kinds.BEFORE_EVENT, kinds.PERIODIC, kinds.OTHER):
        label = item.get_deadline_kind_display()
        return f"{label}（{item.deadline_text}）" if item.deadline_text else label
    return item.deadline_text or "未载明"


def highlight(text, terms) -> str:
    """Escape `text` and wrap each occurrence of any term in <mark> (case-insensitive)."""
    text = "" if text is None else str(text)
    terms = [term for term in (terms or []) if term]
    if not terms:
        return escape(text)
    # Longest first, so that 低保金 wins over 低保 where both match at one place.
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


UNSTATED = "未注明"  # the catalogue has no such column: unknown, not "no"
UNTICKED = "未勾选"  # the column is printed and this row ticks nothing


def _flags_text(parts: list[str], flags) -> str:
    if parts:
        return "、".join(parts)
    return UNSTATED if any(flag is None for flag in flags) else UNTICKED


def audience_text(item) -> str:
    parts = []
    if item.audience_public:
        parts.append("全社会")
    if item.audience_specific:
        parts.append(f"特定群众（{item.audience_group}）" if item.audience_group else "特定群众")
    return _flags_text(parts, (item.audience_public, item.audience_specific))


def mode_text(item) -> str:
    flags = (item.mode_proactive, item.mode_on_request)
    parts = [label for flag, label in zip(flags, ("主动", "依申请公开")) if flag]
    return _flags_text(parts, flags)


def levels_text(item) -> str:
    """Normalised levels (prefetched), else the label as printed."""
    names = [level.name for level in linked_rows(item, "levels")]
    return "、".join(names) or item.level_label or (UNTICKED if item.levels_stated else UNSTATED)


def provenance_text(item) -> str:
    """Where an entry comes from, in plain words: 来源：《目录名》原件第 N 行, and 扫描件识别录入
    when the catalogue's text was read from a scan (Catalogue.scanned)."""
    if item.source_where:
        where = f"原件{item.source_where}"
    else:
        where = f"原件第 {item.source_line} 行" if item.source_line else "原件"
    how = "，扫描件识别录入" if item.catalogue.scanned else ""
    return f"《{item.catalogue.title}》{where}{how}"


def item_links(items, *, with_place=False) -> str:
    """`items` as the <li> links of an item page's lists of other items, each with its catalogue
    and domain `with_place`: the HTML the template loop wrote (escaped the same way), at a
    fraction of its cost (four variable look-ups an item, each trying item["x"] first)."""
    if with_place:
        return format_html_join(
            "",
            '<li><a href="{}">{}</a> <span class="muted">（{} · {}）</span></li>',
            ((item.get_absolute_url(), item, item.catalogue.title, item.domain.name) for item in items),
        )
    return format_html_join("", '<li><a href="{}">{}</a></li>', ((item.get_absolute_url(), item) for item in items))
