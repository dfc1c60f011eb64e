from django import template

from catalog.models import doubts
from catalog.site import display, tables

register = template.Library()


@register.filter
def highlight(text, terms):
    """{{ item.level1|highlight:terms }}: escaped text with the search terms in <mark>."""
    return display.highlight(text, terms)


@register.filter
def deadline_in_words(item):
    return display.deadline_in_words(item)


@register.filter
def audience_text(item):
    return display.audience_text(item)


@register.filter
def mode_text(item):
    return display.mode_text(item)


@register.filter
def levels_text(item):
    return display.levels_text(item)


@register.filter
def thousands(number):
    """{{ 10000|thousands }} -> 10,000 (the zh-hans locale groups no digits)."""
    return f"{number:,}"


@register.filter
def provenance_text(item):
    return display.provenance_text(item)


@register.filter
def public_doubts(reasons):
    """An item's review reasons as the kinds of doubt a citizen is told (catalog/models/doubts.py)."""
    return doubts.public_doubts(reasons)


@register.simple_tag
def doubt_notice(catalogue):
    return doubts.notice(catalogue.scanned)


@register.simple_tag
def official_table(items, caption, catalogue):
    """One catalogue's rows of a domain as the official table (catalog/site/tables.py)."""
    return tables.official_table(items, caption, catalogue)


@register.simple_tag
def item_links(items, with_place=False):
    """An item page's list of other items as <li> links (catalog/site/display.py)."""
    return display.item_links(items, with_place=with_place)
