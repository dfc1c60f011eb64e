from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "政务公开目录"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_save

        # The staff admin lives in catalog/staff_admin/ (not catalog/admin.py): register it.
        from catalog import staff_admin  # noqa: F401
        from catalog.audit import jobs  # noqa: F401  (registers the lateness check's job kind)
        from catalog.models.controls import strip_on_save
        from catalog.models.item import ItemQuerySet
        from catalog.search import search
        from catalog.site import export_jobs  # noqa: F401  (registers the export job kind)

        # Item.objects.search(q): the search layer's entry point, on the queryset.
        ItemQuerySet.searcher = staticmethod(search)

        # No C0 control character is stored by any save (catalog/models/controls.py).
        pre_save.connect(strip_on_save, dispatch_uid="catalog.strip_controls")
