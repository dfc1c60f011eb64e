"""Admin for layout profiles: the column mappings saved from uploads (表格版式)."""

from django import forms
from django.contrib import admin

from catalog.importers.headers import field_choices
from catalog.models import LayoutProfile


class LayoutProfileForm(forms.ModelForm):
    """The name, and one select a header: the field that column is read as."""

    class Meta:
        model = LayoutProfile
        fields = ("name",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, header in enumerate(self.instance.headers or []):
            current = self.instance.mapping.get(header, "other")
            self.fields[f"column_{i}"] = forms.ChoiceField(
                label=f"第 {i + 1} 列“{header}”", choices=field_choices(current), initial=current
            )

    def save(self, commit=True):
        headers = self.instance.headers or []
        self.instance.mapping = {header: self.cleaned_data[f"column_{i}"] for i, header in enumerate(headers)}
        return super().save(commit)


@admin.register(LayoutProfile)
class LayoutProfileAdmin(admin.ModelAdmin):
    form = LayoutProfileForm
    list_display = ("name", "header_display", "created_by", "updated_at")
    list_select_related = ("created_by",)
    search_fields = ("name",)
    readonly_fields = ("created_by", "created_at", "updated_at")

    def get_fields(self, request, obj=None):
        columns = [f"column_{i}" for i in range(len(obj.headers))] if obj else []
        return ("name", *columns, "created_by", "created_at", "updated_at")

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The column selects are the form's own fields (one a header), not model fields.
        return super().get_form(request, obj, change, **{**kwargs, "fields": ("name",)})

    def has_add_permission(self, request):
        return False  # a profile is saved from an upload's preview, where its header was read

    @admin.display(description="表头")
    def header_display(self, obj):
        return "、".join(obj.headers)
