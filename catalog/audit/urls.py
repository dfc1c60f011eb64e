from django.urls import path

from catalog.audit import views

app_name = "audit"

urlpatterns = [
    path("lateness/", views.check, name="lateness"),
    path("lateness/jobs/<uuid:job_id>/", views.lateness_job, name="lateness_job"),
    path("lateness/jobs/<uuid:job_id>/status/", views.lateness_job_status, name="lateness_job_status"),
    path("lateness/template.csv", views.sample_file, name="lateness_template"),
    path("lateness/download/", views.download, name="lateness_download"),
    path("lateness/save/", views.save, name="lateness_save"),
    path("lateness/checks/", views.saved_list, name="lateness_saved_list"),
    path("lateness/checks/<int:pk>/", views.saved_detail, name="lateness_saved"),
    path("lateness/checks/<int:pk>/download/", views.saved_download, name="lateness_saved_download"),
    path("compare/", views.compare, name="compare"),
    path("coverage/", views.coverage, name="coverage"),
    path("login/", views.AuditLoginView.as_view(), name="login"),
]
