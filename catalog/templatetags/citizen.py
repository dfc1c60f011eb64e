"""Template tags of the citizen features: the search page's synonym note and links."""

from django import template

from catalog.search import parse_terms, to_simplified
from catalog.search.synonyms import expansions_used, literal_query, split_quoted

register = template.Library()


@register.inclusion_tag("catalog/_synonym_note.html", takes_context=True)
def synonym_note(context):
    """'也搜索了：最低生活保障', with a link that repeats the search with the literal terms only.

    Also sets `highlight_terms` in the page's context: the terms without quotes plus the
    synonyms searched, so that the results mark why each item was found."""
    request = context["request"]
    q = context.get("search_q", request.GET.get("q", ""))
    expansions = context.get("search_expansions")  # the search's own, when the view passes them
    if expansions is None:
        expansions = expansions_used(q)
    context["highlight_terms"] = [term for term, _ in split_quoted(parse_terms(q))] + [
        alt for e in expansions for alt in e.alternatives
    ]
    # 戶口 was searched as 户口: say so, or the heading's terms would look like a typo
    typed = request.GET.get("q", "")
    simplified = " ".join(parse_terms(typed)) if to_simplified(typed) != typed else ""
    if not expansions:
        return {"expansions": [], "simplified": simplified}
    params = request.GET.copy()
    params.pop("page", None)
    params["q"] = literal_query(q, expansions)
    return {
        "simplified": simplified,
        "expansions": expansions,
        "literal_url": f"{request.path}?{params.urlencode()}",
        "terms": [e.term for e in expansions],
    }


@register.simple_tag(takes_context=True)
def search_for(context, q):
    """This search page's URL with `q` instead of the query typed (other filters kept, page 1):
    the 您是不是要找 links."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    params["q"] = q
    return f"{request.path}?{params.urlencode()}"
