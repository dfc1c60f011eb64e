"""The one FilterSet over published items: the search page, browse pages, exports and the API.

Use `filter_items(request.GET)`; it returns the bound FilterSet (for the form, its errors
and `active_filters()`) and the filtered, totally ordered queryset. The FilterSet is
strict: when any value is invalid (an unknown slug, a non-numeric id, a query that is too
long) the result is empty and `filterset.error_messages()` says why, in Chinese. It never
silently falls back to "everything".
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from catalog.deadlines.filters import at_most_working_days, with_deadline_kind
from catalog.models import (
    Catalogue,
    Channel,
    Domain,
    Item,
    ItemChannel,
    ItemLegalBasis,
    ItemPublisher,
    LegalBasis,
    Level,
    Organisation,
    PublishedCount,
    Region,
)
from catalog.models.item import flags_unstated, region_with_descendants
from catalog.search import MAX_QUERY_LENGTH, parse_terms, search
from portal.cache import kept_in_process

MAX_DEADLINE_DAYS = 3650

CATALOGUE_ORDER = ("catalogue__position", "catalogue_id", "position", "pk")


class Sort:
    RELEVANCE = "relevance"
    CATALOGUE = "catalogue"
    NUMBER = "number"
    NAME = "name"
    DOMAIN = "domain"

    choices = [
        (RELEVANCE, "相关度（有检索词时）"),
        (CATALOGUE, "目录顺序"),
        (NUMBER, "序号"),
        (NAME, "事项名称"),
        (DOMAIN, "领域"),
    ]


# Every ordering ends with the catalogue order and pk, so it is total and pages never overlap.
ORDERINGS = {
    Sort.CATALOGUE: CATALOGUE_ORDER,
    # 序号 as printed restarts in every section; order by section, then printed order.
    Sort.NUMBER: ("catalogue__position", "catalogue_id", "section__position", "position", "pk"),
    Sort.NAME: ("level1", "level2", "level3") + CATALOGUE_ORDER,
    Sort.DOMAIN: ("domain__position", "domain__name") + CATALOGUE_ORDER,
    Sort.RELEVANCE: ("search_rank",) + CATALOGUE_ORDER,
}


# The choice that finds items whose catalogue has no such column (公开对象, 公开方式, 公开层级).
UNSTATED, UNSTATED_LABEL = "unstated", "未注明"


class Audience:
    PUBLIC = "public"
    SPECIFIC = "specific"
    choices = [(PUBLIC, "全社会"), (SPECIFIC, "特定群众")]
    fields = {PUBLIC: "audience_public", SPECIFIC: "audience_specific"}


class Mode:
    PROACTIVE = "proactive"
    ON_REQUEST = "on_request"
    choices = [(PROACTIVE, "主动"), (ON_REQUEST, "依申请公开")]
    fields = {PROACTIVE: "mode_proactive", ON_REQUEST: "mode_on_request"}


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _exists(through_model, **lookups):
    return Exists(through_model.objects.filter(item=OuterRef("pk"), **lookups))


class ItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="检索词",
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        help_text="多个词用空格分开，事项须包含每一个词。",
    )
    region = django_filters.ModelChoiceFilter(
        label="行政区划",
        queryset=Region.objects.all(),
        to_field_name="code",
        field_name="catalogue__region",  # for the API schema (drf-spectacular); the method does the filtering
        method="filter_region",
        empty_label="全部区划",
    )
    catalogue = django_filters.ModelChoiceFilter(
        label="目录", queryset=Catalogue.objects.all(), to_field_name="slug", empty_label="全部目录"
    )
    domain = django_filters.ModelChoiceFilter(
        label="领域", queryset=Domain.objects.all(), to_field_name="slug", empty_label="全部领域"
    )
    level1 = django_filters.CharFilter(label="一级事项", field_name="level1", lookup_expr="exact", max_length=300)
    publisher = django_filters.ModelChoiceFilter(
        label="公开主体",
        queryset=Organisation.objects.all(),
        field_name="publishers",
        method="filter_publisher",
        empty_label="全部主体",
    )
    legal_basis = django_filters.ModelChoiceFilter(
        label="公开依据",
        queryset=LegalBasis.objects.all(),
        field_name="legal_bases",
        method="filter_legal_basis",
        empty_label="全部依据",
    )
    channel = django_filters.ModelChoiceFilter(
        label="公开渠道",
        queryset=Channel.objects.all(),
        to_field_name="slug",
        field_name="channels",
        method="filter_channel",
        empty_label="全部渠道",
    )
    audience = django_filters.ChoiceFilter(
        label="公开对象",
        choices=Audience.choices,
        method="filter_flag",
        empty_label="全部对象",
        null_label=UNSTATED_LABEL,
        null_value=UNSTATED,
    )
    mode = django_filters.ChoiceFilter(
        label="公开方式",
        choices=Mode.choices,
        method="filter_flag",
        empty_label="全部方式",
        null_label=UNSTATED_LABEL,
        null_value=UNSTATED,
    )
    level = django_filters.ModelChoiceFilter(
        label="公开层级",
        queryset=Level.objects.all(),
        to_field_name="code",
        field_name="levels",
        method="filter_level",
        empty_label="全部层级",
        null_label=UNSTATED_LABEL,
        null_value=UNSTATED,
    )
    deadline_max = IntegerFilter(
        label="公开时限不超过（工作日）",
        method="filter_deadline_max",
        min_value=0,
        max_value=MAX_DEADLINE_DAYS,
    )
    deadline_kind = django_filters.ChoiceFilter(
        label="时限类型", choices=Item.DeadlineKind.choices, method="filter_deadline_kind", empty_label="全部类型"
    )
    sort = django_filters.ChoiceFilter(label="排序", choices=Sort.choices, method="filter_sort", empty_label="默认排序")

    class Meta:
        model = Item
        fields = []  # every filter is declared above, with its Chinese label

    # Filters that narrow the result (everything but the ordering).
    narrowing = (
        "q", "region", "catalogue", "domain", "level1", "publisher", "legal_basis",
        "channel", "audience", "mode", "level", "deadline_max", "deadline_kind",
    )  # fmt: skip

    _search_plan = None
    # The synonyms the search also looked for (synonyms.Expansion), None when nothing was searched.
    search_expansions = None
    # Shared by the searches of one request over the same items (filter_items' `lookups`).
    search_lookups = None

    @property
    def search_plan(self):
        """The plan that counts and pages `qs` cheaply (catalog/search/plan.py), for
        SearchPaginator and the facets; None when nothing was searched."""
        self.qs  # building the queryset runs the search
        return self._search_plan

    @property
    def qs(self):
        """The filtered queryset; empty (never everything) when any value is invalid."""
        if not hasattr(self, "_qs"):
            if self.is_bound and not self.is_valid():
                self._qs = self.queryset.none()
            else:
                self._qs = super().qs
        return self._qs

    def filter_queryset(self, queryset):
        # The search runs last, on the otherwise filtered items, so that its plan (kept as
        # self.search_plan) can count and page them cheaply (catalog/search/plan.py).
        data = self.form.cleaned_data
        for name in sorted(data, key=lambda name: name == "q"):
            queryset = self.filters[name].filter(queryset, data[name])
        return self.order(queryset)

    # --- filter methods -------------------------------------------------------------

    def filter_q(self, queryset, name, value):
        # Runs last (filter_queryset): the domain and region filters, if any, have been applied.
        data = self.form.cleaned_data
        results = search(
            queryset, value, domain=data.get("domain"), region=data.get("region"), lookups=self.search_lookups
        )
        self._search_plan = results.plan
        self.search_expansions = list(results.expansions)
        return results.items

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value)

    def filter_publisher(self, queryset, name, value):
        return queryset.filter(_exists(ItemPublisher, organisation=value))

    def filter_legal_basis(self, queryset, name, value):
        return queryset.filter(_exists(ItemLegalBasis, legal_basis=value))

    def filter_channel(self, queryset, name, value):
        # Exists, not a join: an item may list the same channel twice with different details.
        return queryset.filter(_exists(ItemChannel, channel=value))

    def filter_level(self, queryset, name, value):
        if value == UNSTATED:
            return queryset.levels_unstated()
        return queryset.filter(levels=value)

    def filter_flag(self, queryset, name, value):
        fields = Audience.fields if name == "audience" else Mode.fields
        if value == UNSTATED:
            return queryset.filter(flags_unstated(fields.values()))
        return queryset.filter(**{fields[value]: True})

    def filter_deadline_max(self, queryset, name, value):
        return at_most_working_days(queryset, value)  # 即时 counts as 0 working days

    def filter_deadline_kind(self, queryset, name, value):
        return with_deadline_kind(queryset, value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in order(), once every filter has run

    # --- ordering and descriptions ---------------------------------------------------

    def sort_key(self) -> str:
        data = self.form.cleaned_data if self.is_bound and hasattr(self.form, "cleaned_data") else {}
        has_query = bool(search_terms(data.get("q")))
        sort = data.get("sort") or (Sort.RELEVANCE if has_query else Sort.CATALOGUE)
        if sort == Sort.RELEVANCE and not has_query:
            sort = Sort.CATALOGUE
        return sort

    def order(self, queryset):
        return queryset.order_by(*ORDERINGS[self.sort_key()])

    def search_terms(self) -> list[str]:
        if not self.is_valid():
            return []
        return search_terms(self.form.cleaned_data.get("q"))

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(name, label, value as shown) for every narrowing filter in use, for chips and headings."""
        if not self.is_valid():
            return []
        active = []
        for name in self.narrowing:
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            shown = UNSTATED_LABEL if value == UNSTATED else value
            if isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
                shown = dict(field.choices).get(value, value)
            active.append((name, str(field.label), str(shown)))
        return active

    def error_messages(self) -> list[str]:
        """Each invalid parameter as one Chinese sentence: 「领域」：选择一个有效的选项…"""
        if not self.is_bound or self.is_valid():
            return []
        messages = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            messages.extend(f"「{label}」：{error}" for error in errors)
        return messages


# The search form's <select>s stay short at national scale (14,000 regions, 10,000 catalogues).
# Only what is rendered is cut: the filters' querysets are untouched, so any valid code or slug
# still filters, arriving by a link from a region, catalogue or statistics page.
REGION_OPTION_LEVELS = (Region.Level.PROVINCE, Region.Level.CITY)
CATALOGUE_OPTION_LIMIT = 50


# The selects whose options are rows of a vocabulary table (the same for every request).
VOCABULARY_SELECTS = ("domain", "channel", "level")


def limit_select_options(filterset) -> bool:
    """Cut the region and catalogue options of `filterset.form` for rendering, and give every
    select its options from this process's memory (kept until the data changes,
    portal.cache.kept_in_process): a search page then reads none of them.

    Regions: the province and city levels, the top of each tree, and the one selected.
    Catalogues: those of the selected region (or all) when there are at most
    CATALOGUE_OPTION_LIMIT of them, else none. Returns whether catalogues are offered as a
    select; when not, a selected catalogue travels in a hidden field and shows as a chip.
    """
    form = filterset.form
    for name in VOCABULARY_SELECTS:
        field = form.fields[name]
        field.widget.choices = kept_in_process(
            f"select-options:{name}", lambda field=field: [(str(value), label) for value, label in field.choices]
        )
    chosen = form.cleaned_data if filterset.is_valid() else {}
    return limit_region_and_catalogue_options(form, chosen.get("region"), chosen.get("catalogue"))


def limit_region_and_catalogue_options(form, region, catalogue) -> bool:
    """limit_select_options for any form with `region` and `catalogue` choice fields (the
    search form, the statistics page's scope form), given the chosen values."""
    if region is None or region.level in REGION_OPTION_LEVELS or region.parent_id is None:
        regions = kept_in_process("select-options:regions", lambda: _region_options(None))
    else:
        regions = _region_options(region)  # a county or below: one of 14,000, not kept
    form.fields["region"].widget.choices = _options(form.fields["region"], regions)

    key = f"select-options:catalogues:{region.pk if region is not None else ''}"
    catalogues = kept_in_process(key, lambda: _catalogue_options(region))
    if catalogues is None:
        return False
    if catalogue is not None and catalogue.slug not in {slug for slug, _title in catalogues}:
        catalogues = [*catalogues, (catalogue.slug, catalogue.title)]
    form.fields["catalogue"].widget.choices = _options(form.fields["catalogue"], catalogues)
    return True


def _region_options(region) -> list[tuple[str, str]]:
    shown = Q(level__in=REGION_OPTION_LEVELS) | Q(parent=None)
    if region is not None:
        shown |= Q(pk=region.pk)
    return list(Region.objects.filter(shown).order_by("code").values_list("code", "name"))


def _catalogue_options(region) -> list[tuple[str, str]] | None:
    """(slug, title) of the region's catalogues (or all), None when there are too many to list."""
    in_scope = (
        Catalogue.objects.all()
        if region is None
        else Catalogue.objects.filter(region__in=region_with_descendants(region))
    )
    # Counting stops at the limit; sorting would read all 10,000 catalogues first.
    if in_scope[: CATALOGUE_OPTION_LIMIT + 1].count() > CATALOGUE_OPTION_LIMIT:
        return None
    return list(in_scope.order_by("position", "title", "pk").values_list("slug", "title"))


def _options(field, choices):
    return [("", field.empty_label), *choices]


def search_terms(q) -> list[str]:
    return parse_terms(q)


def public_items():
    """The base queryset of every public list: published items only."""
    return Item.objects.published()


def public_catalogues(catalogues=None):
    """Catalogues a citizen may see: those with at least one published item (a catalogue whose
    items are all drafts is still being prepared, and is neither listed nor shown)."""
    catalogues = Catalogue.objects.all() if catalogues is None else catalogues
    # read from the maintained counts (catalog/models/counts.py), not from the million items
    return catalogues.filter(Exists(PublishedCount.objects.held().filter(catalogue=OuterRef("pk"))))


def filter_items(data, queryset=None, *, lookups: dict | None = None):
    """Bind `ItemFilterSet` to `data` (a QueryDict or dict) over published items.

    Returns (filterset, queryset). The queryset is filtered and totally ordered, or empty
    when any value is invalid (see `filterset.error_messages()`). It is not yet prefetched:
    call `.for_listing()` for a list page or an export.

    `lookups`: a dict to share between calls whose data differ only in `q` (the search page's
    query and its relaxed forms): each term is then looked up once (catalog.search.search).
    """
    base = public_items() if queryset is None else queryset
    filterset = ItemFilterSet(data=data if data is not None else {}, queryset=base)
    filterset.search_lookups = lookups
    return filterset, filterset.qs
