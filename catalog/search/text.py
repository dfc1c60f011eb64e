"""The searchable text of an item: every field a citizen might search, in one string; and
the query's characters in the form the catalogues print them (simplified)."""

from collections.abc import Iterable
from functools import cache

import opencc


def build_search_text(item) -> str:
    """Join names, content, laws, publishers, channels and 责任科室 of a (prefetched) item.

    Fields are separated by a newline so that a term never matches across two fields.
    """
    return join_search_text(
        names=(item.level1, item.level2, item.level3),
        content=item.content,
        elements=[element.text for element in item.elements.all()],
        legal_basis_text=item.legal_basis_text,
        law_titles=[link.legal_basis.title for link in item.legal_basis_links.all()],
        publisher_text=item.publisher_text,
        publishers=[link.organisation.name for link in item.publisher_links.all()],
        channels=[(link.channel.name, link.detail) for link in item.channel_links.all()],
        office=item.responsible_office,
    )


def join_search_text(
    *, names, content, elements, legal_basis_text, law_titles, publisher_text, publishers, channels, office
) -> str:
    """The search text from its parts, for writers that have them before the rows exist
    (the importer builds it from its records instead of reading the items back)."""
    parts = [*names, content, *elements, legal_basis_text, *law_titles, publisher_text, *publishers]
    parts += [name for name, _ in channels]
    parts += [detail for _, detail in channels]
    parts.append(office)
    return "\n".join(part for part in parts if part)


def refresh_search_text(item_ids: Iterable[int], *, batch_size: int = 500) -> int:
    """Recompute `search_text` for the given items; returns how many rows changed."""
    from catalog.models import Item

    ids = list(item_ids)
    changed = 0
    for start in range(0, len(ids), batch_size):
        batch = list(Item.objects.filter(pk__in=ids[start : start + batch_size]).for_listing())
        stale = []
        for item in batch:
            text = build_search_text(item)
            if text != item.search_text:
                item.search_text = text
                stale.append(item)
        Item.objects.bulk_update(stale, ["search_text"])
        changed += len(stale)
    return changed


@cache
def _traditional_to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")  # loads its dictionaries once per process


def to_simplified(text: str) -> str:
    """Traditional characters as simplified ones (OpenCC's t2s: 戶口 -> 户口, 身份證 -> 身份证).

    Applied to queries only: the catalogues are published in simplified characters (the seed
    texts contain none that t2s would change). Text already simplified comes back unchanged,
    except for the few characters that are also traditional forms (乾 -> 干)."""
    if text.isascii():
        return text
    return _traditional_to_simplified().convert(text)
