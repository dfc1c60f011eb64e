"""portal.templating: a render's context is freed when the render is done."""

import gc
import weakref

from django.template import engines
from django.test import RequestFactory


class Shown:
    def __str__(self):
        return "shown"


def test_what_a_page_was_rendered_with_is_freed_without_the_garbage_collector():
    template = engines["django"].from_string(
        "{% for x in things %}{{ x }}{% endfor %}{% with first=things.0 %}{{ first }}{% endwith %}"
        "{% include 'catalog/_pagination.html' %}{% cycle 'a' 'b' %}"
    )
    things = [Shown(), Shown()]
    refs = [weakref.ref(thing) for thing in things]
    gc.collect()
    gc.disable()
    try:
        html = template.render({"things": things}, RequestFactory().get("/"))
        del things
        assert html.startswith("shownshownshown")
        assert [ref for ref in refs if ref() is not None] == []
    finally:
        gc.enable()
