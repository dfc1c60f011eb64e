"""Admin mixins that keep editors inside their regions and catalogues (see catalog.services.roles),
the one that tidies the search index after deletes, and the one for lists nobody edits in place."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from catalog.search.index import prune_documents_on_commit
from catalog.services import roles


class PrunesSearchDocumentsMixin:
    """Deleting items (or catalogues, with their items) leaves their search documents behind."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        prune_documents_on_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        prune_documents_on_commit()


class ViewOnlyAdminMixin:
    """A list whose rows are looked at (and acted on by actions or pages of their own), never
    added, changed or deleted through the admin's forms."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemScopedAdminMixin:
    """For admins of Item (or models reaching an item through `scope_prefix`)."""

    scope_prefix = ""

    def get_queryset(self, request):
        return roles.scope_items(super().get_queryset(request), request.user, prefix=self.scope_prefix)

    def _in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """An object that exists but lies outside the user's regions is not "已经被删除了": say so."""
        try:
            elsewhere = self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            elsewhere = False
        if not elsewhere:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        messages.warning(
            request,
            f"编号为 {object_id} 的{opts.verbose_name}不在您负责的区划或目录范围内，您无法查看或修改。"
            "如需处理，请联系管理员调整您的负责区划。",
        )
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


class CatalogueScopedAdminMixin(ItemScopedAdminMixin):
    """For Catalogue (scope_field "pk") and models with a catalogue FK (scope_field "catalogue")."""

    scope_field = "pk"

    def get_queryset(self, request):
        qs = super(ItemScopedAdminMixin, self).get_queryset(request)
        return roles.scope_catalogues(qs, request.user, field=self.scope_field)
