from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: connects the page-cache invalidation signals."""

    name = "portal"
    verbose_name = "门户运行"

    def ready(self):
        from . import cache

        cache.connect_invalidation()
