from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<slug:code>/", views.placeholder, name="region"),
    path("catalogues/<slug:slug>/", views.placeholder, name="catalogue"),
    path("domains/<slug:slug>/", views.placeholder, name="domain"),
    path("items/<int:pk>/", views.placeholder, name="item"),
    path("laws/<int:pk>/", views.placeholder, name="legal_basis"),
    path("publishers/<int:pk>/", views.placeholder, name="publisher"),
]
