"""Which regions and catalogues each editor or reviewer may work on."""

from django.contrib import admin

from catalog.models import StaffScope


@admin.register(StaffScope)
class StaffScopeAdmin(admin.ModelAdmin):
    list_display = ("user", "group_names", "region_names", "catalogue_count")
    list_select_related = ("user",)
    search_fields = ("user__username", "regions__name", "catalogues__title")
    autocomplete_fields = ("user",)
    filter_horizontal = ("regions", "catalogues")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions", "catalogues", "user__groups")

    @admin.display(description="角色")
    def group_names(self, obj):
        return "、".join(group.name for group in obj.user.groups.all()) or "—"

    @admin.display(description="负责区划")
    def region_names(self, obj):
        return "、".join(region.name for region in obj.regions.all()) or "—"

    @admin.display(description="负责目录数")
    def catalogue_count(self, obj):
        return len(obj.catalogues.all())
