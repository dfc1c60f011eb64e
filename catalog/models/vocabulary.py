"""Shared vocabularies: regions, domains, channels, levels, laws and organisations."""

from django.db import models

from .links import id_url, slug_url


class NaturalKeyManager(models.Manager):
    """Looks rows up by the single unique field named in `natural_key_field`."""

    def get_by_natural_key(self, key):
        return self.get(**{self.model.natural_key_field: key})


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "地市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇（街道）"
        COMMUNITY = "community", "村（社区）"

    code = models.SlugField("代码", max_length=80, unique=True, help_text="稳定的网址标识，仅用小写字母、数字和连字符")
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = NaturalKeyManager()
    natural_key_field = "code"

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    def get_absolute_url(self):
        return slug_url("catalog:region", "code", self.code)

    def ancestors(self) -> list["Region"]:
        """From the top of the tree down to this region's parent."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Domain(models.Model):
    """领域, e.g. 社会救助. `is_standard` marks the State Council's 26 pilot domains."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("网址标识", max_length=80, unique=True)
    is_standard = models.BooleanField("国务院试点领域", default=False)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="目录中出现的其他叫法，如“救灾生产”")
    position = models.PositiveIntegerField("排序", default=0)

    objects = NaturalKeyManager()
    natural_key_field = "slug"

    class Meta:
        verbose_name = "领域"
        verbose_name_plural = "领域"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return slug_url("catalog:domain", "slug", self.slug)


class Channel(models.Model):
    """One of the 13 standard 公开渠道和载体 (纸质媒体 and 纸质传媒 are one)."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("网址标识", max_length=50, unique=True)
    aliases = models.JSONField("别名", default=list, blank=True)
    position = models.PositiveIntegerField("排序", default=0)

    objects = NaturalKeyManager()
    natural_key_field = "slug"

    class Meta:
        verbose_name = "公开渠道"
        verbose_name_plural = "公开渠道"
        ordering = ["position"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Level(models.Model):
    """公开层级, normalised: 省级, 市级, 县级, 乡镇级, 村（社区）级."""

    name = models.CharField("名称", max_length=20, unique=True)
    code = models.SlugField("代码", max_length=20, unique=True)
    position = models.PositiveIntegerField("排序", default=0)

    objects = NaturalKeyManager()
    natural_key_field = "code"

    class Meta:
        verbose_name = "公开层级"
        verbose_name_plural = "公开层级"
        ordering = ["position"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class LegalBasis(models.Model):
    """A law or policy document cited as 公开依据, under its canonical title."""

    title = models.CharField("规范名称", max_length=300, unique=True, help_text="不含书名号的全称")
    document_number = models.CharField("文号", max_length=100, blank=True, help_text="如 国务院令第711号")

    objects = NaturalKeyManager()
    natural_key_field = "title"

    class Meta:
        verbose_name = "公开依据"
        verbose_name_plural = "公开依据"
        ordering = ["title"]

    def __str__(self):
        return f"《{self.title}》"

    def natural_key(self):
        return (self.title,)

    def get_absolute_url(self):
        return id_url("catalog:legal_basis", self.pk)


class LegalBasisAlias(models.Model):
    """Another way catalogues print the same law, e.g. 信息公开条例 for 中华人民共和国政府信息公开条例."""

    alias = models.CharField("别名", max_length=300, unique=True)
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name="公开依据", on_delete=models.CASCADE, related_name="aliases"
    )

    objects = NaturalKeyManager()
    natural_key_field = "alias"

    class Meta:
        verbose_name = "公开依据别名"
        verbose_name_plural = "公开依据别名"
        ordering = ["alias"]

    def __str__(self):
        return self.alias

    def natural_key(self):
        return (self.alias,)


class Organisation(models.Model):
    """公开主体: an office that must publish, e.g. 阿尔山市民政局."""

    name = models.CharField("名称", max_length=200, unique=True)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )

    objects = NaturalKeyManager()
    natural_key_field = "name"

    class Meta:
        verbose_name = "公开主体"
        verbose_name_plural = "公开主体"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)

    def get_absolute_url(self):
        return id_url("catalog:publisher", self.pk)
