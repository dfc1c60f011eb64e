"""id_url and slug_url give what reverse() gives, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from catalog.models.links import id_url, slug_url


@pytest.fixture(params=[None, "/portal/"])
def prefix(request):
    if request.param:
        set_script_prefix(request.param)
    yield request.param
    clear_script_prefix()


@pytest.mark.parametrize("name", ["catalog:item", "catalog:legal_basis", "catalog:publisher"])
def test_ids_as_reverse(name, prefix):
    for pk in (1, 7, 1000343, 2**40):
        assert id_url(name, pk) == reverse(name, kwargs={"pk": pk})
        assert id_url(name, pk).startswith(prefix or "/")


@pytest.mark.parametrize(
    "name, argument", [("catalog:region", "code"), ("catalog:domain", "slug"), ("catalog:catalogue", "slug")]
)
def test_slugs_as_reverse(name, argument, prefix):
    for value in ("aershan", "syn1-10-19", "shehui-jiuzhu", "a_b", "X9"):
        assert slug_url(name, argument, value) == reverse(name, kwargs={argument: value})
        assert slug_url(name, argument, value).startswith(prefix or "/")


@pytest.mark.parametrize("value", ["阿尔山", "a b", "a/b", ""])
def test_what_reverse_refuses_is_refused(value):
    with pytest.raises(NoReverseMatch):
        reverse("catalog:region", kwargs={"code": value})
    with pytest.raises(NoReverseMatch):
        slug_url("catalog:region", "code", value)


def test_only_for_urls_with_that_argument():
    with pytest.raises(NoReverseMatch):
        id_url("catalog:home", 1)
