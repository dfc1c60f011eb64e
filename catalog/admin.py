"""A plain but usable admin so staff can already correct flagged rows."""
from django.contrib import admin

from . import models


class ContentElementInline(admin.TabularInline):
    model = models.ContentElement
    extra = 0


class ItemLegalBasisInline(admin.TabularInline):
    model = models.ItemLegalBasis
    extra = 0
    autocomplete_fields = ("legal_basis",)


class ItemPublisherInline(admin.TabularInline):
    model = models.ItemPublisher
    extra = 0
    autocomplete_fields = ("organisation",)


class ItemChannelInline(admin.TabularInline):
    model = models.ItemChannel
    extra = 0


@admin.register(models.Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("__str__", "catalogue", "domain", "number", "status", "needs_review")
    list_filter = ("status", "needs_review", "catalogue", "domain")
    list_select_related = ("catalogue", "domain")
    search_fields = ("level1", "level2", "level3", "content")
    readonly_fields = ("source_file", "source_line", "source_text")
    filter_horizontal = ("levels",)
    inlines = (ContentElementInline, ItemLegalBasisInline, ItemPublisherInline, ItemChannelInline)


class LegalBasisAliasInline(admin.TabularInline):
    model = models.LegalBasisAlias
    extra = 0


@admin.register(models.LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ("title", "document_number")
    search_fields = ("title", "aliases__alias")
    inlines = (LegalBasisAliasInline,)


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "region")
    search_fields = ("name",)


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent")
    search_fields = ("name", "code")


@admin.register(models.Catalogue)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "issuer", "issued_date")
    search_fields = ("title",)


@admin.register(models.Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("catalogue", "position", "domain", "heading")
    list_filter = ("catalogue",)


@admin.register(models.Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_standard", "position")
    search_fields = ("name",)


@admin.register(models.Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")


@admin.register(models.Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "position")


@admin.register(models.ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("source_file", "catalogue", "started_at", "item_count", "flagged_count")
    readonly_fields = ("catalogue", "source_file", "source_sha256", "started_at", "user", "item_count", "flagged_count", "report")


# The search synonym table lives in its own module (citizen features).
from . import synonyms_admin  # noqa: E402,F401
