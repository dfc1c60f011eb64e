"""The URL of an object by its id, slug or code, cheap enough for every link of a long page.

`reverse()` costs tens of microseconds a call; a 50-row official table links each item, its
laws and its publishers, some 300 links a page, and the home page about a hundred. These
helpers reverse a name once per URLconf and script prefix, with a stand-in value, and put
each real value in its place. A value reverse() would quote or refuse goes to reverse().
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

STAND_IN_ID = "918273645546372819"  # an id no row has
STAND_IN_SLUG = "zq0stand-in0qz"  # a slug no row has
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's <slug:...> converter: placed as it is


def id_url(name: str, pk: int) -> str:
    """reverse(name, kwargs={"pk": pk}), for a URL pattern whose one argument is `<int:pk>`."""
    before, after = _around(name, "pk", STAND_IN_ID, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return f"{before}{int(pk)}{after}"


def id_urls(name: str):
    """id_url(name, pk) as a function of pk, the URLconf and script prefix read once: for the
    rows of one page."""
    before, after = _around(name, "pk", STAND_IN_ID, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return lambda pk: f"{before}{int(pk)}{after}"


def slug_url(name: str, argument: str, value: str) -> str:
    """reverse(name, kwargs={argument: value}), for a URL pattern whose one argument is `<slug:argument>`."""
    if not SLUG.fullmatch(value or ""):
        return reverse(name, kwargs={argument: value})
    before, after = _around(name, argument, STAND_IN_SLUG, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return f"{before}{value}{after}"


@lru_cache(maxsize=64)
def _around(name: str, argument: str, stand_in: str, urlconf: str, prefix: str) -> tuple[str, str]:
    url = reverse(name, kwargs={argument: stand_in}, urlconf=urlconf)
    before, found, after = url.partition(stand_in)
    if not found or stand_in in after:
        raise ValueError(f"{name}: {argument} is not one plain part of its URL ({url})")
    return before, after
