"""SelectRenderer writes <select> elements as Django's templates do, byte for byte."""

import pytest
from django import forms
from django.http import QueryDict
from django.utils.safestring import mark_safe

from catalog.search.filters import filter_items, limit_select_options
from catalog.site.rendering import SELECT_RENDERER
from catalog.site.views import SEARCH_SELECTS


class Odd(forms.Form):
    grouped = forms.ChoiceField(
        choices=[("", "全部"), ("省级", [("a&b", "甲 <乙>"), ("c", mark_safe("<b>丙</b>"))]), (3, 3)],
        widget=forms.Select(attrs={"class": "x", "data-on": True, "data-off": False, "title": 'say "hi"'}),
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("1", "一"), ("2", "二")], required=False)
    text = forms.CharField(required=False)


@pytest.mark.parametrize("data", [{}, {"grouped": "a&b", "many": ["1", "2"]}, {"grouped": "nonsense", "text": "<x>"}])
def test_every_kind_of_option_and_attribute(data):
    form = Odd(data)
    form.is_valid()
    expected = {name: str(form[name]) for name in form.fields}
    form.renderer = SELECT_RENDERER
    assert {name: str(form[name]) for name in form.fields} == expected
    assert "<optgroup" in expected["grouped"] and " data-on " in expected["grouped"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["", "q=低保", "q=低保&region=aershan&domain=shehui-jiuzhu&level=county&sort=-published", "region=nowhere&mode=x"],
)
def test_the_search_forms_selects(world, query):
    filterset, _items = filter_items(QueryDict(query))
    limit_select_options(filterset)
    form = filterset.form
    expected = [str(form[name]) for name in SEARCH_SELECTS]
    form.renderer = SELECT_RENDERER
    assert [str(form[name]) for name in SEARCH_SELECTS] == expected
    assert "selected" in "".join(expected)
