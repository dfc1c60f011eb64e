from django.urls import path

from catalog.site import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("regions/<slug:code>/", views.region, name="region"),
    path("catalogues/<slug:slug>/", views.catalogue, name="catalogue"),
    path("catalogues/<slug:slug>/revisions/", views.catalogue_revisions, name="catalogue_revisions"),
    path("catalogues/<slug:slug>/original/", views.catalogue_original, name="catalogue_original"),
    path("catalogues/<slug:slug>/<slug:domain_slug>/", views.catalogue_domain, name="catalogue_domain"),
    path("domains/<slug:slug>/", views.domain, name="domain"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/deadline/", views.item_deadline, name="item_deadline"),
    path("laws/", views.legal_basis_index, name="legal_basis_index"),
    path("laws/<int:pk>/", views.legal_basis, name="legal_basis"),
    path("publishers/", views.publisher_index, name="publisher_index"),
    path("publishers/<int:pk>/", views.publisher, name="publisher"),
]
