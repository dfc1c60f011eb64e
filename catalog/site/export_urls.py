from django.urls import path

from catalog.site import export_views as views

app_name = "exports"

urlpatterns = [
    path("items.<str:fmt>", views.export_items, name="items"),
    path("jobs/<uuid:job_id>/", views.export_job, name="job"),
    path("jobs/<uuid:job_id>/status/", views.export_job_status, name="job_status"),
    path("jobs/<uuid:job_id>/download/", views.export_job_download, name="job_download"),
]
