"""统计: counts over published items, each row linking to the filtered list it counts.

`compute(items)` takes any queryset of items (already narrowed to a region or catalogue)
and returns the charts of the statistics page. Each chart is a list of rows with the
count, its share, a link to the search page filtered to exactly (or, for deadlines, at
most) those items, and the geometry of a horizontal bar for the server-rendered SVG.
"""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from catalog.models import Catalogue, Channel, Item, ItemChannel, Level, Region
from catalog.models.doubts import KINDS, doubt_codes
from catalog.models.item import flags_unstated, flags_unticked
from catalog.search.filters import UNSTATED, UNSTATED_LABEL, Audience, Mode, limit_region_and_catalogue_options
from portal.cache import page_params, versioned

# SVG geometry (user units of a 640-wide viewBox): label column, bar area, count after the bar.
LABEL_WIDTH = 200
BAR_AREA = 340
LABEL_CHARS = 13


def search_url(**params) -> str:
    """The public search/list page filtered by these parameters (None and '' are dropped)."""
    try:
        base = reverse("catalog:search")
    except NoReverseMatch:  # the portal's search page is wired in catalog/site/urls.py
        base = "/search/"
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{base}?{query}" if query else base


@dataclass
class Row:
    label: str
    count: int
    url: str | None = None
    share: float = 0.0  # percent of the chart's total
    width: float = 0.0  # length of the bar in SVG units (the largest row fills BAR_AREA)

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= LABEL_CHARS else self.label[: LABEL_CHARS - 1] + "…"

    @property
    def count_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    total: int  # what shares are computed against
    rows: list[Row] = field(default_factory=list)
    unit: str = "项"
    link_label: str = "查看"

    def __post_init__(self):
        largest = max((row.count for row in self.rows), default=0)
        for row in self.rows:
            row.share = round(100.0 * row.count / self.total, 1) if self.total else 0.0
            row.width = round(BAR_AREA * row.count / largest, 2) if largest else 0.0

    bar_x = LABEL_WIDTH
    label_x = LABEL_WIDTH - 8

    @property
    def height(self) -> int:
        return 28 * len(self.rows) + 8

    def bars(self):
        """(row, y of the bar, y of the text baseline) for the SVG, 28 units per bar."""
        return [(row, 4 + 28 * i, 23 + 28 * i) for i, row in enumerate(self.rows)]

    @property
    def summary(self) -> str:
        """The text alternative of the chart (the table beside it has every number)."""
        if not self.rows:
            return f"{self.title}：没有数据。"
        top = max(self.rows, key=lambda row: row.count)
        return f"{self.title}：共 {len(self.rows)} 类，最多的是“{top.label}”，{top.count} {self.unit}；各项数字见旁边的表格。"


class ScopeForm(forms.Form):
    """The statistics page's own filter: a region (with everything below it) or a catalogue."""

    region = forms.ModelChoiceField(
        label="行政区划", queryset=Region.objects.all(), to_field_name="code", required=False, empty_label="全部区划"
    )
    catalogue = forms.ModelChoiceField(
        label="目录", queryset=Catalogue.objects.all(), to_field_name="slug", required=False, empty_label="全部目录"
    )


def scoped_items(region=None, catalogue=None):
    items = Item.objects.published()
    if region is not None:
        items = items.in_region(region)
    if catalogue is not None:
        items = items.in_catalogue(catalogue)
    return items


def compute(items, *, region=None, catalogue=None) -> dict:
    """Every chart of the statistics page for this queryset of items."""
    scope = {"region": region.code if region else None, "catalogue": catalogue.slug if catalogue else None}
    total = items.count()
    charts = [
        by_domain(items, total, scope),
        by_catalogue(items, total, scope),
        by_channel(items, total, scope),
        by_audience(items, total, scope),
        by_mode(items, total, scope),
        by_level(items, total, scope),
        by_deadline(items, total, scope),
    ]
    flagged = items.filter(needs_review=True)
    # Items per kind of doubt, in the words the item pages use (catalog/models/doubts.py).
    kinds = Counter(code for row in flagged.values_list("review_reasons", flat=True) for code in doubt_codes(row))
    doubts = [(KINDS[code], kinds[code]) for code in KINDS if kinds[code]]
    return {"total": total, "charts": charts, "flagged": flagged.count(), "doubts": doubts}


def by_domain(items, total, scope) -> Chart:
    rows = [
        Row(r["domain__name"], r["n"], search_url(**scope, domain=r["domain__slug"]))
        for r in items.values("domain__name", "domain__slug").annotate(n=Count("pk")).order_by("-n", "domain__name")
    ]
    return Chart("domain", "各领域事项数", "每个领域（如社会救助、户籍管理）收录的已公开事项数。", total, rows)


def by_catalogue(items, total, scope) -> Chart:
    rows = [
        Row(r["catalogue__title"], r["n"], search_url(region=scope["region"], catalogue=r["catalogue__slug"]))
        for r in items.values("catalogue__title", "catalogue__slug", "catalogue__position")
        .annotate(n=Count("pk"))
        .order_by("catalogue__position", "catalogue__title")
    ]
    return Chart("catalogue", "各目录事项数", "每个目录收录的已公开事项数。", total, rows)


def by_channel(items, total, scope) -> Chart:
    counts = dict(
        ItemChannel.objects.filter(item__in=items.values("pk"))
        .values("channel")
        .annotate(n=Count("item", distinct=True))
        .values_list("channel", "n")
    )
    rows = [
        Row(channel.name, counts[channel.pk], search_url(**scope, channel=channel.slug))
        for channel in Channel.objects.order_by("position")
        if counts.get(channel.pk)
    ]
    rows.sort(key=lambda row: -row.count)
    return Chart(
        "channel",
        "公开渠道使用情况",
        "使用各公开渠道和载体的事项数；一个事项通常使用多个渠道，故各项之和大于事项总数，占比以事项总数为分母。",
        total,
        rows,
    )


def _flag_rows(items, scope, param, choices) -> list[Row]:
    """Rows for boolean pairs such as 全社会/特定群众, then the items whose catalogue has no
    such column (未注明) and those that print it but tick neither (未勾选)."""
    fields = [field for _, field in choices.values()]
    aggregates = {key: Count("pk", filter=Q(**{field: True})) for key, (_, field) in choices.items()}
    aggregates["unstated"] = Count("pk", filter=flags_unstated(fields))
    aggregates["unticked"] = Count("pk", filter=flags_unticked(fields))
    counts = items.aggregate(**aggregates)
    rows = [Row(label, counts[key], search_url(**scope, **{param: key})) for key, (label, _) in choices.items()]
    rows.append(Row(UNSTATED_LABEL, counts["unstated"], search_url(**scope, **{param: UNSTATED})))
    rows.append(Row("未勾选", counts["unticked"], None))
    return rows


def by_audience(items, total, scope) -> Chart:
    choices = {key: (label, Audience.fields[key]) for key, label in Audience.choices}
    return Chart(
        "audience",
        "公开对象",
        "面向全社会或特定群众公开的事项占比；目录没有“公开对象”一栏的事项计为未注明，有这一栏而未勾选的计为未勾选。",
        total,
        _flag_rows(items, scope, "audience", choices),
    )


def by_mode(items, total, scope) -> Chart:
    choices = {key: (label, Mode.fields[key]) for key, label in Mode.choices}
    return Chart(
        "mode",
        "公开方式",
        "主动公开与依申请公开的事项占比；目录没有“公开方式”一栏的事项计为未注明（名为“主动公开目录”的目录，其事项计为主动公开），"
        "有这一栏而未勾选的计为未勾选。",
        total,
        _flag_rows(items, scope, "mode", choices),
    )


def by_level(items, total, scope) -> Chart:
    # Grouped over the link table joined to the items: a FILTER (item IN subquery) per level
    # ran for 17 minutes at 1,000,000 items.
    counts = dict(
        Item.levels.through.objects.filter(item__in=items.order_by().values("pk"))
        .values_list("level_id")
        .annotate(n=Count("item_id", distinct=True))
        .order_by()
    )
    rows = [
        Row(level.name, counts.get(level.pk, 0), search_url(**scope, level=level.code)) for level in Level.objects.all()
    ]
    rows = [row for row in rows if row.count]
    rows.append(Row(UNSTATED_LABEL, items.levels_unstated().count(), search_url(**scope, level=UNSTATED)))
    rows.append(Row("未勾选", items.filter(levels_stated=True, levels__isnull=True).count(), None))
    return Chart(
        "level",
        "公开层级",
        "各公开层级的事项数；一个事项可在多个层级公开。目录没有“公开层级”一栏的事项计为未注明。",
        total,
        rows,
    )


def by_deadline(items, total, scope) -> Chart:
    """Working-day deadlines by number of days, then every other kind of deadline."""
    rows = [
        Row(f"{r['deadline_days']} 个工作日", r["n"], search_url(**scope, deadline_max=r["deadline_days"]))
        for r in items.filter(deadline_kind=Item.DeadlineKind.WORKING_DAYS, deadline_days__isnull=False)
        .values("deadline_days")
        .annotate(n=Count("pk"))
        .order_by("deadline_days")
    ]
    kinds = dict(Item.DeadlineKind.choices)
    others = (
        items.exclude(deadline_kind=Item.DeadlineKind.WORKING_DAYS, deadline_days__isnull=False)
        .values("deadline_kind")
        .annotate(n=Count("pk"))
        .order_by("deadline_kind")
    )
    label = {Item.DeadlineKind.WORKING_DAYS: "若干工作日（天数未载明）"}
    rows += [
        Row(label.get(r["deadline_kind"], kinds.get(r["deadline_kind"], r["deadline_kind"])), r["n"]) for r in others
    ]
    return Chart(
        "deadline",
        "公开时限分布",
        "按工作日计的公开时限（如“10个工作日内”）及其他类型的时限；“查看”链接列出时限不超过该天数的事项。",
        total,
        rows,
        link_label="查看（含更短时限）",
    )


@page_params("region", "catalogue")
def statistics(request):
    form = ScopeForm(request.GET or None)
    region = catalogue = None
    if form.is_bound and form.is_valid():
        region, catalogue = form.cleaned_data["region"], form.cleaned_data["catalogue"]
    invalid = form.is_bound and not form.is_valid()
    if invalid:
        context = compute(Item.objects.none())
    else:
        # Seven GROUP BYs over every item in scope: about 7 s for the whole country at
        # 1,000,000 items. Cached until the data changes (portal.cache.versioned).
        key = f"stats:{region.pk if region else ''}:{catalogue.pk if catalogue else ''}"
        context = versioned(key, lambda: compute(scoped_items(region, catalogue), region=region, catalogue=catalogue))
    context.update(
        form=form,
        catalogue_listed=limit_region_and_catalogue_options(form, region, catalogue),
        invalid=invalid,
        region=region,
        catalogue=catalogue,
        breadcrumbs=[("首页", "/"), ("统计", None)],
    )
    return render(request, "catalog/stats.html", context, status=400 if invalid else 200)
