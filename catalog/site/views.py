"""Public pages. Thin: queries live in ItemQuerySet, catalog.site.browse and catalog.search.filters."""

from pathlib import Path

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from catalog.models import Catalogue, Domain, Item, LegalBasis, LegalBasisAlias, Organisation
from catalog.models.item import region_subtree, related_items
from catalog.search import relax
from catalog.search.filters import ItemFilterSet, filter_items, limit_select_options, public_catalogues, public_items
from catalog.search.paging import SearchPaginator
from catalog.site import browse
from catalog.site.calculator import calculator_context
from catalog.site.facets import FACET_LIMIT, compute_facets, facet_url
from catalog.site.rendering import SELECT_RENDERER
from portal.cache import kept_in_process, page_params, versioned

LIST_PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 20
INDEX_PAGE_SIZE = 100
# Filters shown as selects on the search page; the others (hundreds of values) arrive by links.
SEARCH_SELECTS = ("region", "catalogue", "domain", "channel", "audience", "mode", "level", "deadline_kind", "sort")
SEARCH_HIDDEN = ("publisher", "legal_basis", "level1")

HOME = ("首页", "/")


def crumbs(*trail):
    """Breadcrumbs from home: (label, url) pairs, the last one being the current page (url None)."""
    return [HOME, *trail]


def region_trail(region, *, link_last=True):
    """Breadcrumbs for a region loaded with its ancestors (browse.with_ancestors)."""
    trail = [(r.name, r.get_absolute_url()) for r in browse.region_path(region)]
    if not link_last:
        trail[-1] = (region.name, None)
    return trail


@page_params()
def home(request):
    # The same for every visitor until the data changes, and made of aggregates over the whole
    # item, region and catalogue tables: computed together, cached together.
    return render(request, "catalog/home.html", versioned("home", browse.home_overview))


@page_params("page")
def region(request, code):
    current = browse.region_by_code(code)
    if current is None:
        return not_found(request, "没有这个行政区划。")
    in_subtree = Catalogue.objects.filter(region__in=region_subtree(current))
    catalogues, more_catalogues = browse.first_catalogues(public_catalogues(in_subtree))
    return render(
        request,
        "catalog/region.html",
        {
            "region": current,
            "children": browse.child_regions(current),
            "catalogues": catalogues,
            "more_catalogues": more_catalogues,
            "domains": versioned(f"region:{current.pk}:domains", lambda: browse.domains_in_region(current)),
            "breadcrumbs": crumbs(*region_trail(current, link_last=False)),
            "search_url": f"{reverse('catalog:search')}?region={current.code}",
        },
    )


@page_params()
def catalogue(request, slug):
    current = get_object_or_404(public_catalogues().select_related(browse.with_ancestors("region")), slug=slug)
    domains = browse.domains_with_counts([current.pk])
    item_count = sum(domain.item_count for domain in domains)
    return render(
        request,
        "catalog/catalogue.html",
        {
            "catalogue": current,
            "region_path": browse.region_path(current.region),
            "item_count": item_count,
            "original_name": _original_name(current) if item_count else "",
            "domains": domains,
            "breadcrumbs": crumbs(*region_trail(current.region), (current.title, None)),
        },
    )


def _original_name(catalogue) -> str:
    """The file name the catalogue's stored original downloads as, or "" when there is none."""
    if not catalogue.original or not catalogue.original.storage.exists(catalogue.original.name):
        return ""
    return Path(catalogue.source_file).name or Path(catalogue.original.name).name


def catalogue_original(request, slug):
    """原件: the file the catalogue was imported from, as a download, once it has public items."""
    current = get_object_or_404(Catalogue, slug=slug)
    name = _original_name(current) if public_items().in_catalogue(current).exists() else ""
    if not name:
        raise Http404("本目录没有可下载的原件。")
    try:
        handle = current.original.open("rb")
    except FileNotFoundError:  # removed between the check and the open
        raise Http404("本目录没有可下载的原件。") from None
    return FileResponse(handle, as_attachment=True, filename=name)


@page_params("page")
def catalogue_domain(request, slug, domain_slug):
    current = get_object_or_404(public_catalogues().select_related(browse.with_ancestors("region")), slug=slug)
    domain = get_object_or_404(Domain, slug=domain_slug)
    items = public_items().in_catalogue(current).in_domain(domain).in_catalogue_order().for_table()
    page = browse.paginate_table(request, items, LIST_PAGE_SIZE)
    return render(
        request,
        "catalog/domain.html",
        {
            "catalogue": current,
            "domain": domain,
            "page": page,
            "groups": [(current, page.object_list)] if page.paginator.count else [],
            "breadcrumbs": crumbs(
                *region_trail(current.region), (current.title, current.get_absolute_url()), (domain.name, None)
            ),
            "search_url": f"{reverse('catalog:search')}?catalogue={current.slug}&domain={domain.slug}",
        },
    )


@page_params("page")
def domain(request, slug):
    domain = get_object_or_404(Domain, slug=slug)
    counts = versioned(f"domain:{domain.pk}:catalogue-counts", lambda: browse.catalogue_counts_in_domain(domain))
    items = browse.ItemsByCatalogue(public_items().in_domain(domain).in_catalogue_order().for_table(), counts)
    page = browse.paginate_table(request, items, LIST_PAGE_SIZE)
    groups = []
    for item in page.object_list:
        if not groups or groups[-1][0].pk != item.catalogue_id:
            groups.append((item.catalogue, []))
        groups[-1][1].append(item)
    return render(
        request,
        "catalog/domain.html",
        {
            "domain": domain,
            "page": page,
            "groups": groups,
            "catalogues": browse.catalogues_by_id(counts[: browse.LIST_LIMIT]),
            "more_catalogues": len(counts) > browse.LIST_LIMIT,
            "breadcrumbs": crumbs(("领域", reverse("catalog:home") + "#domains-heading"), (domain.name, None)),
            "search_url": f"{reverse('catalog:search')}?domain={domain.slug}",
        },
    )


@page_params("formed")
def item(request, pk):
    current = browse.item_for_page(pk)
    if current is None:
        return withdrawn_or_not_found(request, pk)
    same_level1, same_law = related_items(current)
    catalogue = current.catalogue
    return render(
        request,
        "catalog/item.html",
        {
            **calculator_context(current, request.GET),
            "item": current,
            "original_url": reverse("catalog:catalogue_original", args=[catalogue.slug])
            if _original_name(catalogue)
            else "",
            "same_level1": same_level1,
            "same_law": same_law,
            "breadcrumbs": crumbs(
                *region_trail(catalogue.region),
                (catalogue.title, catalogue.get_absolute_url()),
                (current.domain.name, reverse("catalog:catalogue_domain", args=[catalogue.slug, current.domain.slug])),
                (str(current), None),
            ),
        },
    )


@page_params("page")
def legal_basis_index(request):
    page = browse.paginate(request, browse.law_index(), INDEX_PAGE_SIZE)
    return render(request, "catalog/legal_basis_index.html", {"page": page, "breadcrumbs": crumbs(("公开依据", None))})


@page_params("page")
def legal_basis(request, pk):
    law = get_object_or_404(
        LegalBasis.objects.prefetch_related(Prefetch("aliases", queryset=LegalBasisAlias.objects.order_by("alias"))),
        pk=pk,
    )
    items = public_items().filter(legal_basis_links__legal_basis=law).in_catalogue_order().for_listing()
    page = browse.paginate(request, browse.ItemsByCatalogue(items, browse.catalogue_counts_of_law(law)), LIST_PAGE_SIZE)
    return render(
        request,
        "catalog/legal_basis.html",
        {
            "law": law,
            "page": page,
            "breadcrumbs": crumbs(("公开依据", reverse("catalog:legal_basis_index")), (str(law), None)),
        },
    )


@page_params("page")
def publisher_index(request):
    page = browse.paginate(request, browse.publisher_index(), INDEX_PAGE_SIZE)
    return render(request, "catalog/publisher_index.html", {"page": page, "breadcrumbs": crumbs(("公开主体", None))})


@page_params("page")
def publisher(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("region"), pk=pk)
    items = public_items().filter(publisher_links__organisation=organisation).in_catalogue_order().for_listing()
    counts = browse.catalogue_counts_of_publisher(organisation)
    page = browse.paginate(request, browse.ItemsByCatalogue(items, counts), LIST_PAGE_SIZE)
    return render(
        request,
        "catalog/publisher.html",
        {
            "organisation": organisation,
            "page": page,
            "breadcrumbs": crumbs(("公开主体", reverse("catalog:publisher_index")), (organisation.name, None)),
        },
    )


@page_params(*ItemFilterSet.base_filters, "page")
def search(request):
    lookups = {}  # each term looked up once, for the query and its relaxed forms alike
    filterset, items = filter_items(request.GET, lookups=lookups)
    valid = filterset.is_valid()
    page = search_page(request, filterset, items)
    # Nothing found: retry relaxed forms of the words (低保户 -> 低保) and suggest vocabulary.
    relaxed, suggestions = None, []
    if valid and not page.paginator.count and filterset.search_terms():
        # kept in this process (and, with the data cache on, in the shared cache) until the data changes
        vocabulary = kept_in_process("search-vocabulary", lambda: versioned("search-vocabulary", relax.vocabulary))
        relaxed = relax.retry(request.GET, vocabulary, lambda *found: search_page(request, *found), lookups=lookups)
        if relaxed:
            filterset, items, page = relaxed.filterset, relaxed.items, relaxed.page
        suggestions = relax.suggestions(relaxed.shown if relaxed else request.GET["q"], vocabulary)
    # Facets count every result: only for result sets up to FACET_LIMIT (catalog/site/facets.py).
    # A relaxed search's results are those of the form shown, and that form's own page counts
    # them (one click, the note's link): not counted here too, after a search that found nothing
    # and the vocabulary (务平台 整改情况报 at 1M items: the facets were the page's largest statement).
    counted = page.paginator.count_is_exact
    facetable = valid and counted and 0 < page.paginator.count <= FACET_LIMIT
    facets = compute_facets(items, request.GET, plan=filterset.search_plan) if facetable and not relaxed else []
    active = [
        (name, label, value, facet_url(request.GET, name, None)) for name, label, value in filterset.active_filters()
    ]
    catalogue_listed = limit_select_options(filterset)
    selects = [name for name in SEARCH_SELECTS if name != "catalogue" or catalogue_listed]
    hidden = SEARCH_HIDDEN if catalogue_listed else ("catalogue", *SEARCH_HIDDEN)
    form = filterset.form
    form.renderer = SELECT_RENDERER  # the selects' 100-odd options without a template include each
    return render(
        request,
        "catalog/search.html",
        {
            "filterset": filterset,
            "form": form,
            "select_fields": [form[name] for name in selects],
            "filters_open": not valid or any(request.GET.get(name) for name in (*selects, "deadline_max")),
            "hidden_params": [(name, request.GET[name]) for name in hidden if request.GET.get(name)],
            "page": page,
            "count_is_exact": counted,
            "facets": facets,
            # results but no facets: there were too many to count them by
            "facets_withheld": valid and bool(page.paginator.count) and not facetable,
            "facets_on_shown": facetable and relaxed is not None,
            "facet_limit": FACET_LIMIT,
            "terms": filterset.search_terms() if not relaxed else relaxed.original.split(),
            "relaxed": relaxed,
            "suggestions": suggestions,
            # what the results were searched for (the synonym note and highlighting use it)
            "search_q": relaxed.shown if relaxed else request.GET.get("q", ""),
            # and the synonyms it also looked for, from the search itself (no second look-up)
            "search_expansions": filterset.search_expansions,
            "active_filters": active,
            "errors": filterset.error_messages(),
            "breadcrumbs": crumbs(("检索", None)),
        },
        status=200 if valid else 400,
    )


def search_page(request, filterset, items):
    """The requested page of the search's results, counted and paged through its plan."""
    return browse.paginate(
        request, items.for_results(), SEARCH_PAGE_SIZE, paginator_class=SearchPaginator, plan=filterset.search_plan
    )


def withdrawn_or_not_found(request, pk):
    """410 Gone for a withdrawn item (what it was, when, where to look now); 404 otherwise."""
    gone = Item.objects.filter(pk=pk, status=Item.Status.WITHDRAWN).select_related("catalogue", "domain").first()
    if gone is None:
        raise Http404
    replacement = gone.replaced_by if gone.replaced_by and gone.replaced_by.is_public else None
    context = {
        "item": gone,
        "replacement": replacement,
        "edition": browse.withdrawal_edition(gone),
        "breadcrumbs": crumbs((gone.catalogue.title, gone.catalogue.get_absolute_url()), ("已撤回的事项", None)),
    }
    return render(request, "catalog/withdrawn.html", context, status=410)


def catalogue_revisions(request, slug):
    """修订记录: per edition, the items added, changed (with the field diff) and withdrawn."""
    current = get_object_or_404(Catalogue.objects.select_related(browse.with_ancestors("region")), slug=slug)
    return render(
        request,
        "catalog/revisions.html",
        {
            "catalogue": current,
            "editions": browse.editions_with_changes(current),
            "breadcrumbs": crumbs(
                *region_trail(current.region), (current.title, current.get_absolute_url()), ("修订记录", None)
            ),
        },
    )


def not_found(request, message="您访问的页面不存在，或该事项尚未公开。"):
    return render(request, "404.html", {"message": message}, status=404)


@page_params("formed", "partial")
def item_deadline(request, pk):
    """The due-date calculator of one published item; a GET form, so it works without JavaScript."""
    current = get_object_or_404(public_items().select_related("catalogue", "domain"), pk=pk)
    context = calculator_context(current, request.GET)
    if request.GET.get("partial") == "1":
        return render(request, "catalog/_calculator.html", context)
    return render(request, "catalog/calculator.html", context)
