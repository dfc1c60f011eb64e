"""The URL of an object by its integer id, cheap enough for every link of a long table.

`reverse()` costs tens of microseconds a call; a 50-row official table links each item, its
laws and its publishers, some 300 links a page. `id_url` reverses a name once per URLconf
and script prefix, with a stand-in id, and puts each real id in its place.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

STAND_IN = 918273645546372819  # an id no row has: where the id goes in the reversed URL


def id_url(name: str, pk: int) -> str:
    """reverse(name, kwargs={"pk": pk}), for a URL pattern whose one argument is `<int:pk>`."""
    before, after = _around_id(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return f"{before}{int(pk)}{after}"


@lru_cache(maxsize=64)
def _around_id(name: str, urlconf: str, prefix: str) -> tuple[str, str]:
    url = reverse(name, kwargs={"pk": STAND_IN}, urlconf=urlconf)
    before, found, after = url.partition(str(STAND_IN))
    if not found or str(STAND_IN) in after:
        raise ValueError(f"{name}: the id is not one plain part of its URL ({url})")
    return before, after
