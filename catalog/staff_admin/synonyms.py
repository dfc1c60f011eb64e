"""Admin for the search synonym table (registered by catalog/staff_admin/__init__.py)."""

from django.contrib import admin

from catalog.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("term", "expansion_display", "enabled", "updated_at")
    list_filter = ("enabled",)
    search_fields = ("term", "expansions", "note")
    readonly_fields = ("updated_at",)
    fields = ("term", "expansions", "note", "enabled", "updated_at")

    @admin.display(description="同时检索")
    def expansion_display(self, obj):
        return "、".join(obj.expansion_list())
