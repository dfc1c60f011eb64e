"""Django's template backend, with each render's context released when the page is done.

A template Context and each ContextDict on its stack refer to each other (ContextDict.context),
so every context, with all that the view put in it, outlives its render as a reference cycle
that only the garbage collector frees. An official table's page left its 50 items, their
linked rows and catalogues (~4,600 objects) that way; a full collection then freed a dozen
pages' worth at once: 50-85 ms of CPU, paid by whichever request triggered it (7 in 95 domain
tables at 50,000 items, load 6). Emptying the context's stacks after the render breaks the
cycles, and the page's objects are freed as soon as the response is built.
"""

from django.template.backends.django import DjangoTemplates as BaseDjangoTemplates
from django.template.backends.django import Template as BaseTemplate
from django.template.backends.django import reraise
from django.template.context import make_context
from django.template.exceptions import TemplateDoesNotExist


class Template(BaseTemplate):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)
        except TemplateDoesNotExist as exc:
            reraise(exc, self.backend)
        finally:
            release(context)


def release(context) -> None:
    """Empty `context`'s stacks (its own and its render context's), which its ContextDicts refer back to."""
    context.dicts.clear()
    context.render_context.dicts.clear()


class DjangoTemplates(BaseDjangoTemplates):
    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            reraise(exc, self)
