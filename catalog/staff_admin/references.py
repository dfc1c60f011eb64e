"""参照目录 (references for 对标核查) and each region's default reference per domain."""

from django.contrib import admin

from catalog.models import Reference, RegionReference
from catalog.services import coverage


class RegionDefaultInline(admin.TabularInline):
    model = RegionReference
    extra = 0
    fields = ("region", "domain")
    autocomplete_fields = ("region", "domain")
    verbose_name = "作为默认参照的区划"
    verbose_name_plural = "作为默认参照的区划"


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("catalogue", "domain_label", "note", "created_at")
    list_select_related = ("catalogue", "domain")
    list_filter = ("domain",)
    search_fields = ("catalogue__title", "domain__name", "note")
    autocomplete_fields = ("catalogue", "domain")
    inlines = (RegionDefaultInline,)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        coverage.refresh_reference_on_commit(obj.pk)  # the region page's stored coverage

    @admin.display(description="领域", ordering="domain__position")
    def domain_label(self, obj):
        return obj.domain.name if obj.domain_id else "全部领域"


@admin.register(RegionReference)
class RegionReferenceAdmin(admin.ModelAdmin):
    list_display = ("region", "domain", "reference")
    list_select_related = ("region", "domain", "reference__catalogue", "reference__domain")
    list_filter = ("domain",)
    search_fields = ("region__name", "region__code", "reference__catalogue__title")
    autocomplete_fields = ("region", "domain", "reference")
