"""Template tags of the citizen features: the search page's synonym note."""
from django import template

from catalog.search.synonyms import expansions_used, literal_query

register = template.Library()


@register.inclusion_tag("catalog/_synonym_note.html", takes_context=True)
def synonym_note(context):
    """'也搜索了：最低生活保障', with a link that repeats the search with the literal terms only."""
    request = context["request"]
    q = request.GET.get("q", "")
    expansions = expansions_used(q)
    if not expansions:
        return {"expansions": []}
    params = request.GET.copy()
    params.pop("page", None)
    params["q"] = literal_query(q, expansions)
    return {
        "expansions": expansions,
        "literal_url": f"{request.path}?{params.urlencode()}",
        "terms": [e.term for e in expansions],
    }
