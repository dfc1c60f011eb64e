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
