"""{% export_links %}: links to the exports and the API of the list a page shows."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.inclusion_tag("catalog/_export_links.html", takes_context=True)
def export_links(context, **filters):
    """With keyword filters (`domain=domain.slug`, `legal_basis=law.pk`, …) the links carry
    those, for pages whose filter is in the path; without, the page's own query string
    (less `page`: an export holds every page)."""
    if filters:
        query = urlencode({name: value for name, value in filters.items() if value not in (None, "")})
    else:
        request = context.get("request")
        data = request.GET.copy() if request is not None else None
        if data is not None:
            data.pop("page", None)
        query = data.urlencode() if data is not None else ""
    return {"query": query}
