from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "政务公开目录"
    default_auto_field = "django.db.models.BigAutoField"
