"""id_url gives what reverse() gives, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from catalog.models.links import id_url


@pytest.mark.parametrize("name", ["catalog:item", "catalog:legal_basis", "catalog:publisher"])
@pytest.mark.parametrize("prefix", [None, "/portal/"])
def test_same_as_reverse(name, prefix):
    if prefix:
        set_script_prefix(prefix)
    try:
        for pk in (1, 7, 1000343, 2**40):
            assert id_url(name, pk) == reverse(name, kwargs={"pk": pk})
        if prefix:
            assert id_url(name, 5).startswith(prefix)
    finally:
        clear_script_prefix()


def test_only_for_urls_with_an_id():
    with pytest.raises(NoReverseMatch):
        id_url("catalog:home", 1)
