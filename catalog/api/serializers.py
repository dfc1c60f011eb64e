"""Read-only serializers of the open data API.

An item is rendered by `catalog.exports.rows.item_record`, the same record the JSON
export writes, so the API and the export cannot drift apart; the declared fields below
describe that record for the OpenAPI document (tests validate responses against it).
"""

from rest_framework import serializers

from catalog.exports.rows import item_record
from catalog.models import Catalogue, Channel, Domain, LegalBasis, Organisation


class _ReadOnly(serializers.Serializer):
    def create(self, validated_data):  # pragma: no cover - read-only API
        raise NotImplementedError

    def update(self, instance, validated_data):  # pragma: no cover
        raise NotImplementedError


class ItemCatalogueSerializer(_ReadOnly):
    id = serializers.IntegerField(help_text="目录ID")
    slug = serializers.CharField(help_text="目录网址标识")
    title = serializers.CharField(help_text="目录名称")
    region = serializers.CharField(help_text="行政区划")
    url = serializers.CharField(help_text="目录页面网址")


class ItemDomainSerializer(_ReadOnly):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField(help_text="领域名称")


class ItemSectionSerializer(_ReadOnly):
    id = serializers.IntegerField()
    heading = serializers.CharField(help_text="分表标题（原文）")
    level_labels = serializers.ListField(child=serializers.CharField(), help_text="公开层级列（原文）")


class ItemLegalBasisSerializer(_ReadOnly):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="规范名称")
    document_number = serializers.CharField(help_text="文号")
    printed = serializers.CharField(help_text="目录中的原文写法")


class DeadlineSerializer(_ReadOnly):
    text = serializers.CharField(help_text="公开时限（原文）")
    kind = serializers.ChoiceField(choices=[
        "working_days", "calendar_days", "immediate", "prompt", "before_event", "periodic", "other", "unknown"
    ], help_text="时限类型")  # fmt: skip
    kind_label = serializers.CharField(help_text="时限类型（中文）")
    days = serializers.IntegerField(allow_null=True, help_text="时限天数")
    trigger = serializers.CharField(help_text="起算事件")
    publicity_days = serializers.IntegerField(allow_null=True, help_text="公示期（工作日）")


class ItemPublisherSerializer(_ReadOnly):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="公开主体")


class ItemChannelSerializer(_ReadOnly):
    slug = serializers.CharField()
    name = serializers.CharField(help_text="标准渠道名称")
    detail = serializers.CharField(help_text="原文写法，如 阿尔山市人民政府网站")


class AudienceSerializer(_ReadOnly):
    public = serializers.BooleanField(allow_null=True, help_text="全社会；null 表示目录没有“公开对象”一栏（未注明）")
    specific = serializers.BooleanField(allow_null=True, help_text="特定群众；null 表示未注明")
    group = serializers.CharField(help_text="特定群众（原文）")


class ModeSerializer(_ReadOnly):
    proactive = serializers.BooleanField(
        allow_null=True, help_text="主动公开；null 表示目录没有“公开方式”一栏（未注明）"
    )
    on_request = serializers.BooleanField(allow_null=True, help_text="依申请公开；null 表示未注明")


class LevelSerializer(_ReadOnly):
    code = serializers.CharField()
    name = serializers.CharField(help_text="公开层级")


class OtherInfoSerializer(_ReadOnly):
    label = serializers.CharField(help_text="表头（原文）")
    value = serializers.CharField(help_text="内容（原文）")


class SourceSerializer(_ReadOnly):
    line = serializers.IntegerField(allow_null=True, help_text="在原件中的行号")


class ItemSerializer(_ReadOnly):
    """事项: one row of a catalogue, with everything it says."""

    id = serializers.IntegerField()
    url = serializers.CharField(help_text="事项页面网址")
    catalogue = ItemCatalogueSerializer()
    domain = ItemDomainSerializer()
    section = ItemSectionSerializer()
    number = serializers.CharField(help_text="序号（原文）")
    position = serializers.IntegerField(help_text="在目录中的顺序")
    level1 = serializers.CharField(help_text="一级事项")
    level2 = serializers.CharField(help_text="二级事项")
    level3 = serializers.CharField(help_text="三级事项")
    content = serializers.CharField(help_text="公开内容（要素）")
    elements = serializers.ListField(child=serializers.CharField(), help_text="公开内容的各要素")
    legal_bases = ItemLegalBasisSerializer(many=True)
    legal_basis_text = serializers.CharField(help_text="公开依据（原文）")
    deadline = DeadlineSerializer()
    publishers = ItemPublisherSerializer(many=True)
    publisher_text = serializers.CharField(help_text="公开主体（原文）")
    channels = ItemChannelSerializer(many=True)
    channel_text = serializers.CharField(help_text="公开渠道和载体（原文）")
    audience = AudienceSerializer()
    mode = ModeSerializer()
    levels = LevelSerializer(
        many=True, allow_null=True, help_text="公开层级；null 表示目录没有“公开层级”一栏（未注明）"
    )
    level_label = serializers.CharField(help_text="公开层级（原文）")
    responsible_office = serializers.CharField(help_text="责任科室")
    other_info = OtherInfoSerializer(many=True, help_text="其他信息：原文中没有对应字段的列")
    status = serializers.CharField(help_text="状态（公开接口中总是 published）")
    source = SourceSerializer()
    flagged = serializers.BooleanField(help_text="存疑：本条文字由原件识别录入，可能有误，以原件为准")
    flag_reasons = serializers.ListField(child=serializers.CharField(), help_text="存疑之处（面向公众的说明）")
    published_at = serializers.CharField(
        allow_null=True,
        help_text="发布时间：北京时间，带时区（2022-10-01T09:30:00+08:00）；目录只注明年月时只有年月（2022-10）",
    )
    updated_at = serializers.DateTimeField(allow_null=True, help_text="最后修改时间")

    def to_representation(self, instance):
        request = self.context.get("request")
        return item_record(instance, absolute=request.build_absolute_uri if request is not None else str)


class FilterErrorSerializer(_ReadOnly):
    detail = serializers.ListField(child=serializers.CharField(), help_text="每个无效筛选条件一句中文说明")


class CatalogueSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", help_text="行政区划")
    region_code = serializers.CharField(source="region.code", help_text="行政区划代码")
    issued_date = serializers.CharField(
        source="issued_date_iso",
        allow_null=True,
        help_text="发布日期（ISO 8601）；原文只印年月时只给年月，如 2022-10",
    )
    issued_date_text = serializers.CharField(help_text="发布日期（中文），如 2022年10月1日 或 2022年10月")

    class Meta:
        model = Catalogue
        fields = [
            "id",
            "slug",
            "title",
            "region",
            "region_code",
            "issuer",
            "issued_date",
            "issued_date_precision",
            "issued_date_text",
            "scope",
            "metadata",
            "provenance",
        ]


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["id", "slug", "name", "is_standard", "aliases"]


class LegalBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalBasis
        fields = ["id", "title", "document_number"]


class PublisherSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", allow_null=True, default=None, help_text="所属区划")

    class Meta:
        model = Organisation
        fields = ["id", "name", "region"]


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "slug", "name", "aliases"]
