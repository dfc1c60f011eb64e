"""同义词: what citizens type (低保) and what the catalogues print (最低生活保障)."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from .vocabulary import NaturalKeyManager

# Staff may separate expansions by new lines, 、，, or commas.
EXPANSION_SEPARATORS = re.compile(r"[\n\r、，,；;]+")
MAX_EXPANSIONS = 6


def split_expansions(text: str) -> list[str]:
    """'最低生活保障、\\n低保对象' -> ['最低生活保障', '低保对象'] (stripped, deduplicated, in order)."""
    seen: list[str] = []
    for part in EXPANSION_SEPARATORS.split(text or ""):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


class Synonym(models.Model):
    """A query term and the catalogue wordings it also searches for (one direction only)."""

    term = models.CharField("检索词", max_length=50, unique=True, help_text="群众常用的简称或俗称，如 低保")
    expansions = models.TextField(
        "同时检索", help_text="目录中的正式说法，每行一个（也可用顿号分隔），如 最低生活保障；每项按原样作子串匹配"
    )
    note = models.TextField("依据与说明", blank=True, help_text="为什么这样扩展，核对过哪些目录原文")
    enabled = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("最后修改", auto_now=True)

    objects = NaturalKeyManager()
    natural_key_field = "term"

    class Meta:
        verbose_name = "检索同义词"
        verbose_name_plural = "检索同义词"
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {'、'.join(self.expansion_list())}"

    def natural_key(self):
        return (self.term,)

    def expansion_list(self) -> list[str]:
        return [e for e in split_expansions(self.expansions) if e != self.term.strip()][:MAX_EXPANSIONS]

    def clean(self):
        term = (self.term or "").strip()
        if not term or any(ch.isspace() for ch in term):
            raise ValidationError({"term": "检索词不能为空，也不能包含空格（每个检索词单独一条）。"})
        self.term = term
        parts = split_expansions(self.expansions)
        if not parts:
            raise ValidationError({"expansions": "至少填写一个扩展词。"})
        if any(any(ch.isspace() for ch in part) for part in parts):
            raise ValidationError({"expansions": "扩展词不能包含空格：每个扩展词按原样作为一个子串匹配。"})
        if term in parts:
            raise ValidationError({"expansions": "扩展词不必包含检索词本身（原词总会被检索）。"})
        if len(parts) > MAX_EXPANSIONS:
            raise ValidationError({"expansions": f"扩展词最多 {MAX_EXPANSIONS} 个。"})
        self.expansions = "\n".join(parts)
