"""Chinese substring search over items.

`search(queryset, q)` is the one entry point views, filters, exports and the API use;
the backend behind it can be swapped (an indexed PostgreSQL one for national scale)
without touching callers. `refresh_search_text` keeps the denormalised text in sync.
"""
from .text import build_search_text, refresh_search_text

__all__ = ["build_search_text", "refresh_search_text"]
