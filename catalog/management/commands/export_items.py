"""Export published items to a file, with the portal's filters and no row limit."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils import timezone

from catalog.exports.response import FORMATS, describe
from catalog.exports.stored import write_export
from catalog.exports.writers import ExportMeta
from catalog.search.filters import filter_items


class Command(BaseCommand):
    help = "按门户的筛选条件把已发布事项导出为 CSV、XLSX（标准目录格式）或 JSON 文件，不受网页导出的条数限制。"

    def add_arguments(self, parser):
        parser.add_argument("output", help="输出文件，扩展名决定格式：.csv、.xlsx 或 .json")
        parser.add_argument(
            "filters", nargs="*", metavar="名称=值", help="与检索页相同的筛选参数，如 domain=shehui-jiuzhu q=低保"
        )

    def handle(self, *args, output, filters, **options):
        path = Path(output)
        fmt = path.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"无法从文件名“{path.name}”判断格式：扩展名应为 .csv、.xlsx 或 .json。")
        data = QueryDict(mutable=True)
        for pair in filters:
            name, sep, value = pair.partition("=")
            if not sep or not name:
                raise CommandError(f"筛选条件“{pair}”应写成 名称=值。")
            data.appendlist(name, value)
        filterset, queryset = filter_items(data)
        errors = filterset.error_messages()
        if errors:
            raise CommandError("筛选条件有误：" + "；".join(errors))
        total = queryset.count()
        title, words = describe(filterset)
        meta = ExportMeta(title=title, exported_at=timezone.now(), filters_description=words)
        write_export(queryset, fmt, path, meta, progress=self._progress(total))
        self.stderr.write("")
        self.stdout.write(self.style.SUCCESS(f"已导出 {meta.count} 项到 {path}（筛选条件：{words or '无'}）。"))

    def _progress(self, total: int):
        interactive = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()

        def report(done: int) -> None:
            self.stderr.write(f"\r导出中：{done}/{total}", ending="" if interactive else "\n")

        return report
