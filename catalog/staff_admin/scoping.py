"""Admin mixins that keep editors inside their regions and catalogues (see catalog.services.roles),
and the one that tidies the search index after deletes."""

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


class CatalogueScopedAdminMixin(ItemScopedAdminMixin):
    """For Catalogue (scope_field "pk") and models with a catalogue FK (scope_field "catalogue")."""

    scope_field = "pk"

    def get_queryset(self, request):
        qs = super(ItemScopedAdminMixin, self).get_queryset(request)
        return roles.scope_catalogues(qs, request.user, field=self.scope_field)
