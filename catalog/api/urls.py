from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("items", views.ItemViewSet, basename="item")
router.register("catalogues", views.CatalogueViewSet, basename="catalogue")
router.register("domains", views.DomainViewSet, basename="domain")
router.register("legal-bases", views.LegalBasisViewSet, basename="legal-basis")
router.register("publishers", views.PublisherViewSet, basename="publisher")
router.register("channels", views.ChannelViewSet, basename="channel")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
