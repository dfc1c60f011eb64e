from django.urls import path

from catalog.site import export_views as views

app_name = "exports"

urlpatterns = [
    path("items.<str:fmt>", views.export_items, name="items"),
]
