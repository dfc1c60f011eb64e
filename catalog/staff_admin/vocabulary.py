"""Catalogues, sections, vocabularies and import runs, each with counts of linked items."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path

from catalog import services
from catalog.models import (
    Catalogue,
    Channel,
    Domain,
    ImportRun,
    LegalBasis,
    LegalBasisAlias,
    Level,
    Organisation,
    Region,
    Section,
)

from .scoping import CatalogueScopedAdminMixin, PrunesSearchDocumentsMixin
from .upload import UploadViewMixin


class ItemCountMixin:
    """Annotates `item_count` (distinct items reached through `item_count_path`)."""

    item_count_path = "items"

    def get_queryset(self, request):
        qs = super().get_queryset(request).annotate(item_count=Count(self.item_count_path, distinct=True))
        # Meta.ordering is ignored once a query groups; autocomplete pages need an order.
        return qs.order_by(*(self.model._meta.ordering or ["pk"]))

    @admin.display(description="事项数", ordering="item_count")
    def item_count(self, obj):
        return obj.item_count


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=None, label="保留", widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset


class MergeActionMixin:
    """An action that merges the selected rows into one chosen on an intermediate page."""

    merge_service = None

    def has_merge_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}") and request.user.has_perm(
            f"{opts.app_label}.delete_{opts.model_name}"
        )

    @admin.action(description="合并所选的重复项", permissions=("merge",))
    def merge_selected(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, "请至少选择两项再合并。", messages.WARNING)
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None, queryset=queryset)
        if form.is_bound and form.is_valid():
            keep = form.cleaned_data["keep"]
            try:
                touched = type(self).merge_service(
                    target=keep, duplicates=list(queryset.exclude(pk=keep.pk)), by=request.user
                )
            except services.ServiceError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(request, f"已合并到“{keep}”，更新了 {touched} 个事项的关联。", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"合并{self.opts.verbose_name}",
            "form": form,
            "queryset": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/catalog/merge_confirm.html", context)


class LegalBasisAliasInline(admin.TabularInline):
    model = LegalBasisAlias
    extra = 0


@admin.register(LegalBasis)
class LegalBasisAdmin(MergeActionMixin, ItemCountMixin, admin.ModelAdmin):
    list_display = ("title", "document_number", "alias_list", "item_count")
    search_fields = ("title", "document_number", "aliases__alias")
    inlines = (LegalBasisAliasInline,)
    actions = ("merge_selected",)
    item_count_path = "item_links__item"
    merge_service = staticmethod(services.legal_basis_merge)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="别名")
    def alias_list(self, obj):
        return "、".join(alias.alias for alias in obj.aliases.all()) or "—"


@admin.register(LegalBasisAlias)
class LegalBasisAliasAdmin(admin.ModelAdmin):
    list_display = ("alias", "legal_basis")
    list_select_related = ("legal_basis",)
    search_fields = ("alias", "legal_basis__title")
    autocomplete_fields = ("legal_basis",)


@admin.register(Organisation)
class OrganisationAdmin(MergeActionMixin, ItemCountMixin, admin.ModelAdmin):
    list_display = ("name", "region", "item_count")
    list_select_related = ("region",)
    list_filter = ("region",)
    search_fields = ("name",)
    autocomplete_fields = ("region",)
    actions = ("merge_selected",)
    item_count_path = "item_links__item"
    merge_service = staticmethod(services.organisation_merge)


@admin.register(Region)
class RegionAdmin(ItemCountMixin, admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "catalogue_count", "item_count")
    list_select_related = ("parent",)
    list_filter = ("level",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    item_count_path = "catalogues__items"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(catalogue_count=Count("catalogues", distinct=True))

    @admin.display(description="目录数", ordering="catalogue_count")
    def catalogue_count(self, obj):
        return obj.catalogue_count


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ("position", "domain", "heading", "source_line")
    readonly_fields = ("source_line",)
    show_change_link = True


@admin.register(Catalogue)
class CatalogueAdmin(PrunesSearchDocumentsMixin, CatalogueScopedAdminMixin, ItemCountMixin, admin.ModelAdmin):
    list_display = ("title", "region", "issuer", "issued_date", "item_count", "flagged_count")
    list_select_related = ("region",)
    list_filter = ("region",)
    search_fields = ("title", "issuer")
    autocomplete_fields = ("region",)
    readonly_fields = ("source_file", "source_sha256", "original", "metadata")
    inlines = (SectionInline,)
    prepopulated_fields = {}

    def get_queryset(self, request):
        from django.db.models import Q

        return (
            super()
            .get_queryset(request)
            .annotate(flagged_count=Count("items", filter=Q(items__needs_review=True), distinct=True))
        )

    @admin.display(description="待复核", ordering="flagged_count")
    def flagged_count(self, obj):
        return obj.flagged_count


@admin.register(Section)
class SectionAdmin(CatalogueScopedAdminMixin, ItemCountMixin, admin.ModelAdmin):
    scope_field = "catalogue"
    list_display = ("catalogue", "position", "domain", "heading", "item_count")
    list_select_related = ("catalogue", "domain")
    list_filter = (("catalogue", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("heading", "catalogue__title", "domain__name")
    autocomplete_fields = ("catalogue", "domain")


@admin.register(Domain)
class DomainAdmin(ItemCountMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "is_standard", "position", "item_count")
    list_filter = ("is_standard",)
    search_fields = ("name", "slug")


@admin.register(Channel)
class ChannelAdmin(ItemCountMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "position", "item_count")
    search_fields = ("name",)
    item_count_path = "item_links__item"


@admin.register(Level)
class LevelAdmin(ItemCountMixin, admin.ModelAdmin):
    list_display = ("name", "code", "position", "item_count")


@admin.register(ImportRun)
class ImportRunAdmin(UploadViewMixin, CatalogueScopedAdminMixin, admin.ModelAdmin):
    scope_field = "catalogue"
    change_list_template = "admin/catalog/importrun/change_list.html"
    list_display = ("source_file", "catalogue", "started_at", "user", "item_count", "flagged_count")
    list_select_related = ("catalogue",)
    list_filter = ("catalogue",)
    readonly_fields = (
        "catalogue",
        "source_file",
        "source_sha256",
        "started_at",
        "user",
        "item_count",
        "flagged_count",
        "report",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="catalog_importrun_upload")
        return [upload, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": self.has_upload_permission(request)}
        return super().changelist_view(request, extra_context)
