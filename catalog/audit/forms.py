"""Forms of the audit pages."""

from django import forms


class LatenessUploadForm(forms.Form):
    file = forms.FileField(
        label="公开记录文件（CSV 或 XLSX）",
        help_text="每行一条公开记录：事项编号，或 目录 + 一级事项 + 二级事项；信息形成（变更）日期；发布日期；发布网址。",
        error_messages={"required": "请选择要上传的文件。", "empty": "上传的文件是空的。"},
    )
    title = forms.CharField(label="核查名称（可选）", max_length=200, required=False)

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("只接受 .csv 或 .xlsx 文件。")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("文件超过 5 MB，请拆分后分批核查。")
        return upload


class CompareForm(forms.Form):
    """对标核查's parameters, by slug: the catalogue checked, the reference, optionally one domain."""

    catalogue = forms.ModelChoiceField(
        label="被核查目录（网址标识）",
        queryset=None,
        to_field_name="slug",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="目录网址 /catalogues/……/ 中的标识",
        error_messages={"required": "请填写被核查目录。", "invalid_choice": "没有这个目录，请检查目录网址标识。"},
    )
    reference = forms.ModelChoiceField(
        label="参照目录",
        queryset=None,
        to_field_name="slug",
        empty_label="请选择",
        error_messages={"required": "请选择参照目录。", "invalid_choice": "所选目录不是参照目录。"},
    )
    domain = forms.ModelChoiceField(
        label="领域（可选）",
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label="参照目录的全部领域",
        error_messages={"invalid_choice": "没有这个领域。"},
    )

    def __init__(self, *args, **kwargs):
        from catalog.models import Catalogue, Domain

        super().__init__(*args, **kwargs)
        self.fields["catalogue"].queryset = Catalogue.objects.all()
        self.fields["reference"].queryset = Catalogue.objects.filter(references__isnull=False).distinct()
        self.fields["domain"].queryset = Domain.objects.all()

    def clean(self):
        data = super().clean()
        reference, domain = data.get("reference"), data.get("domain")
        if reference is None:
            return data
        marks = list(reference.references.all())
        if domain is not None and not any(mark.covers(domain) for mark in marks):
            raise forms.ValidationError(f"《{reference.title}》不是“{domain.name}”领域的参照目录。")
        if domain is None and all(mark.domain_id for mark in marks):
            if len(marks) != 1:
                raise forms.ValidationError("该目录只是部分领域的参照，请选择领域。")
            data["domain"] = marks[0].domain
        if data.get("catalogue") is not None and data["catalogue"] == reference:
            raise forms.ValidationError("被核查目录与参照目录是同一个目录。")
        return data


class CoverageForm(forms.Form):
    """The region page's parameters: a region by code, and a reference catalogue or the
    region's default references."""

    region = forms.ModelChoiceField(
        label="行政区划（代码）",
        queryset=None,
        to_field_name="code",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="区划网址 /regions/……/ 中的代码",
        error_messages={"required": "请填写行政区划代码。", "invalid_choice": "没有这个行政区划，请检查代码。"},
    )
    reference = forms.ModelChoiceField(
        label="参照目录",
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label="该区划各领域的默认参照",
        error_messages={"invalid_choice": "所选目录不是参照目录。"},
    )

    def __init__(self, *args, **kwargs):
        from catalog.models import Catalogue, Region

        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.all()
        self.fields["reference"].queryset = Catalogue.objects.filter(references__isnull=False).distinct()
