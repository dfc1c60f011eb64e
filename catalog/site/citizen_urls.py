"""URLs of the citizen features: statistics, Atom feeds, the elder-mode switch."""

from django.urls import path

from catalog.site import elder, feeds, stats

app_name = "citizen"

urlpatterns = [
    path("statistics/", stats.statistics, name="statistics"),
    path("feeds/items.atom", feeds.ItemFeed(), name="feed"),
    path("feeds/catalogues/<slug:slug>.atom", feeds.CatalogueFeed(), name="catalogue_feed"),
    path("feeds/domains/<slug:slug>.atom", feeds.DomainFeed(), name="domain_feed"),
    path("feeds/search.atom", feeds.SearchFeed(), name="search_feed"),
    path("feeds/changes.atom", feeds.ChangeFeed(), name="changes_feed"),
    path("feeds/catalogues/<slug:slug>/changes.atom", feeds.ChangeFeed(), name="catalogue_changes_feed"),
    path("elder/", elder.elder_switch, name="elder"),
]
