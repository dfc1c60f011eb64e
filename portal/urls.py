from django.contrib import admin
from django.urls import include, path

from portal import health
from portal.views import bad_request, server_error

admin.site.site_header = "政务公开标准目录 管理后台"
admin.site.site_title = "政务公开标准目录"
admin.site.index_title = "目录管理"
# No side navigation: at 1280 px the item list and review queue need its 300 px for their columns
# (breadcrumbs and the index lead everywhere it did).
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include("catalog.api.urls")),
    path("exports/", include("catalog.site.export_urls")),
    path("", include("catalog.site.urls")),
    path("audit/", include("catalog.audit.urls")),
    path("", include("catalog.site.citizen_urls")),
]

handler400 = bad_request
handler500 = server_error
