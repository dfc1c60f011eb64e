from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "政务公开目录"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The staff admin lives in catalog/staff_admin/ (not catalog/admin.py): register it.
        from catalog import staff_admin  # noqa: F401
