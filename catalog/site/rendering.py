"""A form renderer that writes <select> elements in Python.

Django renders a select through two template includes per option (the option, its
attributes): the search form's 106 options cost about 7 ms of CPU a page, a fifth of a search
page at 1M items. SelectRenderer writes the same HTML, byte for byte, with plain string
joins; every other widget goes through Django's templates as before
(tests/catalog/test_rendering.py compares the two).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class SelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is None or any(
            option["template_name"] != OPTION for _group, options, _index in widget["optgroups"] for option in options
        ):
            return super().render(template_name, context, request=request)
        return select_html(widget)


def select_html(widget) -> str:
    """django/forms/widgets/select.html and select_option.html, as Django renders them."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            value = conditional_escape(formatted(option["value"]))
            label = conditional_escape(option["label"])
            parts.append(f'\n  <option value="{value}"{attrs_html(option["attrs"])}>{label}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def attrs_html(attrs) -> str:
    """django/forms/widgets/attrs.html: ` name="value"` each, a bare name for True, none for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(formatted(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def formatted(value) -> str:
    """The stringformat:'s' filter: "%s" % value, still safe when the value was."""
    text = "%s" % (value,)
    return mark_safe(text) if isinstance(value, SafeData) else text


SELECT_RENDERER = SelectRenderer()
