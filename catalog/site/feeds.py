"""Atom feeds of recently published or changed items: overall, per catalogue, per domain,
and for any search URL (same parameters as the search page), so a citizen or a journalist
can follow what changes. Only published items ever appear.

One feed object per URL serves every request (the URLconf holds it, shared by every worker
thread), so each request is served by a copy of it: nothing of one request is kept on the
shared object.
"""

import copy
from datetime import datetime
from datetime import timezone as dt_timezone
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from catalog.models import Catalogue, Domain, Item
from catalog.models.controls import strip_controls
from catalog.models.item import latest_change
from catalog.search.filters import ItemFilterSet, filter_items

FEED_SIZE = 50
SITE_NAME = "政务公开标准目录"
# Items imported and published without a timestamp sort last and carry this date.
EPOCH = datetime(2000, 1, 1, tzinfo=dt_timezone.utc)


def _clean(value):
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(part) for part in value)
    return value


class CleanAtom1Feed(Atom1Feed):
    """Atom, with C0 control characters dropped from every text it carries: XML 1.0 cannot hold
    them (Django's writer raises), so one stored or requested control character would make the
    whole feed a 500. Stored text is stripped on save already; this covers the rest (a search
    term in a title, rows stored before that)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*[_clean(arg) for arg in args], **{name: _clean(v) for name, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*[_clean(arg) for arg in args], **{name: _clean(v) for name, v in kwargs.items()})


def recent(items):
    """Most recently published or changed first (a change after publication counts)."""
    return (
        items.published()
        .annotate(feed_date=latest_change())
        .select_related("catalogue", "domain")
        .order_by(F("feed_date").desc(nulls_last=True), "-pk")[:FEED_SIZE]
    )


class PerRequestFeed(Feed):
    """A feed whose methods may read `self.request`: the URLconf's one instance is shared by
    every thread, so each request is served by a copy of it."""

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)


class ItemFeed(PerRequestFeed):
    feed_type = CleanAtom1Feed
    page_cache_params = frozenset()  # portal.cache.page_params: no query parameter is read
    author_name = SITE_NAME
    title_template = None
    description_template = None

    def title(self, obj):
        return f"{SITE_NAME}：最近公开或更新的事项"

    def subtitle(self, obj):
        return "各地政务公开标准目录中最近公开或更新的事项。"

    def link(self, obj):
        return reverse("catalog:home")

    def feed_url(self, obj):
        return self.request.get_full_path()

    def get_object(self, request, *args, **kwargs):
        return None

    def items(self, obj):
        return recent(Item.objects.all())

    def item_title(self, item):
        return str(item)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_absolute_url())

    def item_description(self, item):
        """The summary: Atom sends it as type="html", so it is built here from escaped text, one
        line each; stored markup (an <img onerror=…>) reaches feed readers as text, never as HTML."""
        lines = [f"目录：{item.catalogue}", f"领域：{item.domain}"]
        if item.content:
            lines.append(f"公开内容：{item.content}")
        if item.deadline_text:
            lines.append(f"公开时限：{item.deadline_text}")
        return "<br>".join(escape(line) for line in lines)

    def item_updateddate(self, item):
        return item.feed_date or EPOCH

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.domain.name]


class CatalogueFeed(ItemFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Catalogue, slug=slug)

    def title(self, obj):
        return f"{obj.title}：最近公开或更新的事项"

    def subtitle(self, obj):
        return f"{obj.title}（{obj.region}）中最近公开或更新的事项。"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return recent(Item.objects.in_catalogue(obj))


class DomainFeed(ItemFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Domain, slug=slug)

    def title(self, obj):
        return f"{obj.name}领域：最近公开或更新的事项"

    def subtitle(self, obj):
        return f"各目录“{obj.name}”领域中最近公开或更新的事项。"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return recent(Item.objects.in_domain(obj))


class SearchFeed(ItemFeed):
    """The search page's results as a feed: same parameters, newest changes first."""

    page_cache_params = frozenset(ItemFilterSet.base_filters)

    def get_object(self, request):
        filterset, items = filter_items(request.GET)
        if not filterset.is_valid():
            raise Http404("检索条件无效。")
        return items

    def title(self, obj):
        q = self.request.GET.get("q", "").strip()
        return f"{SITE_NAME}：检索“{q}”的结果" if q else f"{SITE_NAME}：筛选结果"

    def subtitle(self, obj):
        return "与检索页相同条件下最近公开或更新的事项。"

    def link(self, obj):
        query = urlencode(list(self.request.GET.items()))
        return reverse("catalog:search") + (f"?{query}" if query else "")

    def items(self, obj):
        return recent(obj.order_by())


class ChangeFeed(PerRequestFeed):
    """Items added, changed and withdrawn by new editions of catalogues (all, or one):
    withdrawals are announced here, since a withdrawn item leaves the item feeds."""

    feed_type = CleanAtom1Feed
    page_cache_params = frozenset()
    author_name = SITE_NAME
    title_template = None
    description_template = None

    def get_object(self, request, slug=None):
        return get_object_or_404(Catalogue, slug=slug) if slug else None

    def title(self, obj):
        return f"{obj.title}：修订记录" if obj else f"{SITE_NAME}：目录修订（新增、修改、撤回的事项）"

    def subtitle(self, obj):
        return "目录新版本导入后新增、修改和撤回的事项。"

    def link(self, obj):
        return reverse("catalog:catalogue_revisions", args=[obj.slug]) if obj else reverse("catalog:home")

    def feed_url(self, obj):
        return self.request.get_full_path()

    def items(self, obj):
        from catalog.site.browse import recent_changes

        return recent_changes(obj, FEED_SIZE)

    def item_title(self, change):
        return f"{change.get_kind_display()}：{change.title or change.item}"

    def item_link(self, change):
        return change.item.get_absolute_url()

    def item_guid(self, change):
        return self.request.build_absolute_uri(f"{change.item.get_absolute_url()}#change-{change.pk}")

    def item_description(self, change):
        lines = [f"目录：{change.edition.catalogue}（{change.edition.name}）", f"变动：{change.get_kind_display()}"]
        for field in change.changes:
            lines.append(f"{field['label']}：{field['old'] or '（空）'} → {field['new'] or '（空）'}")
        return "<br>".join(escape(line) for line in lines)  # as ItemFeed: stored text, never live HTML

    def item_updateddate(self, change):
        return change.recorded_at

    def item_pubdate(self, change):
        return change.recorded_at


def feed_links(request) -> list[dict]:
    """The <link rel="alternate"> feeds of the current page (used by the context processor)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "catalog":
        return []
    name, kwargs = match.url_name, match.kwargs
    overall = {"title": f"{SITE_NAME}：最近公开或更新的事项", "href": reverse("citizen:feed")}
    if name in ("catalogue", "catalogue_domain", "catalogue_revisions"):
        return [
            {"title": "本目录最近公开或更新的事项", "href": reverse("citizen:catalogue_feed", args=[kwargs["slug"]])},
            {"title": "本目录的修订记录", "href": reverse("citizen:catalogue_changes_feed", args=[kwargs["slug"]])},
            overall,
        ]
    if name == "domain":
        return [
            {"title": "本领域最近公开或更新的事项", "href": reverse("citizen:domain_feed", args=[kwargs["slug"]])},
            overall,
        ]
    if name == "search" and request.GET:
        query = urlencode([(k, v) for k, v in request.GET.items() if k != "page"])
        return [{"title": "本检索结果的更新", "href": f"{reverse('citizen:search_feed')}?{query}"}, overall]
    return [overall]
