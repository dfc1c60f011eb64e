from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("items.<str:fmt>", views.export_items, name="items"),
]
