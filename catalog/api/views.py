"""The read-only open data API. Items go through the portal's FilterSet (`filter_items`)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from catalog.models import Channel, Domain, Item, LegalBasis, Organisation
from catalog.search.filters import ItemFilterSet, filter_items, public_catalogues

from . import serializers


class ItemFilterBackend(DjangoFilterBackend):
    """The portal's strict FilterSet: an invalid value is a 400 with Chinese messages."""

    def get_filterset_class(self, view, queryset=None):
        return ItemFilterSet

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", "list") != "list":
            return queryset
        filterset, filtered = filter_items(request.query_params, queryset)
        errors = filterset.error_messages()
        if errors:
            raise ValidationError({"detail": errors})
        view.search_plan = filterset.search_plan  # for Pagination, which counts and pages by it
        return filtered.for_listing()


def _param(name: str, kind, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("region", OpenApiTypes.STR, "行政区划代码（含下级区划）"),
            _param("publisher", OpenApiTypes.INT, "公开主体ID（见 /api/publishers/）"),
            _param("legal_basis", OpenApiTypes.INT, "公开依据ID（见 /api/legal-bases/）"),
            _param("channel", OpenApiTypes.STR, "公开渠道标识（见 /api/channels/）"),
            _param("level", OpenApiTypes.STR, "公开层级代码：province、city、county、township、village"),
        ],
        responses={200: serializers.ItemSerializer(many=True), 400: serializers.FilterErrorSerializer},
    )
)
class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """事项：列表（与门户相同的筛选条件，分页，顺序稳定）与详情。"""

    serializer_class = serializers.ItemSerializer
    filter_backends = [ItemFilterBackend]

    def get_queryset(self):
        queryset = Item.objects.published()
        return queryset if self.action == "list" else queryset.for_listing()


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """目录。"""

    queryset = public_catalogues().select_related("region").order_by("position", "title", "pk")
    serializer_class = serializers.CatalogueSerializer
    lookup_field = "slug"


class DomainViewSet(viewsets.ReadOnlyModelViewSet):
    """领域。"""

    queryset = Domain.objects.order_by("position", "name", "pk")
    serializer_class = serializers.DomainSerializer
    lookup_field = "slug"


class LegalBasisViewSet(viewsets.ReadOnlyModelViewSet):
    """公开依据（法律法规与政策文件）。"""

    queryset = LegalBasis.objects.order_by("title", "pk")
    serializer_class = serializers.LegalBasisSerializer


class PublisherViewSet(viewsets.ReadOnlyModelViewSet):
    """公开主体。"""

    queryset = Organisation.objects.select_related("region").order_by("name", "pk")
    serializer_class = serializers.PublisherSerializer


class ChannelViewSet(viewsets.ReadOnlyModelViewSet):
    """公开渠道和载体。"""

    queryset = Channel.objects.order_by("position", "pk")
    serializer_class = serializers.ChannelSerializer
    lookup_field = "slug"
