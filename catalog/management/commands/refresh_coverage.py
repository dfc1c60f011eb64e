"""Recompute 对标核查's stored coverage: every catalogue against every reference (or one)."""

from django.core.management.base import BaseCommand, CommandError

from catalog.models import Reference
from catalog.services import coverage


class Command(BaseCommand):
    help = "重新计算各目录对参照目录的覆盖率（对标核查），供区划覆盖率页面使用。"

    def add_arguments(self, parser):
        parser.add_argument("--reference", help="只计算这个参照目录（目录网址标识）")

    def handle(self, *args, reference=None, verbosity=1, **options):
        references = Reference.objects.select_related("catalogue", "domain")
        if reference:
            references = references.filter(catalogue__slug=reference)
            if not references:
                raise CommandError(f"“{reference}”不是参照目录。")
        total = 0
        for ref in references:
            written = coverage.refresh_reference(ref)
            total += written
            if verbosity:
                self.stdout.write(f"{ref}：{written} 条")
        if verbosity:
            self.stdout.write(f"共写入 {total} 条覆盖率。")
