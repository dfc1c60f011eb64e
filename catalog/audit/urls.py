from django.urls import path

from catalog.audit import views as lateness_views
from catalog.site import calculator_views as views

app_name = "deadlines"

urlpatterns = [
    path("items/<int:pk>/deadline/", views.calculator, name="calculator"),
    path("audit/lateness/", lateness_views.check, name="lateness"),
    path("audit/lateness/template.csv", lateness_views.sample_file, name="lateness_template"),
    path("audit/lateness/download/", lateness_views.download, name="lateness_download"),
    path("audit/lateness/save/", lateness_views.save, name="lateness_save"),
    path("audit/lateness/checks/", lateness_views.saved_list, name="lateness_saved_list"),
    path("audit/lateness/checks/<int:pk>/", lateness_views.saved_detail, name="lateness_saved"),
    path("audit/lateness/checks/<int:pk>/download/", lateness_views.saved_download, name="lateness_saved_download"),
    path("audit/login/", lateness_views.AuditLoginView.as_view(), name="login"),
]
