"""manage.py generate_synthetic --items N [--seed S]: national-scale synthetic catalogues."""

import time

from django.core.management.base import BaseCommand, CommandError

from catalog.synthetic import Options, generate


class Command(BaseCommand):
    help = "复制已载入的目录，为数千个合成区划（县、乡镇、社区）生成 N 个事项并建立检索索引，用于规模测试。"

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, required=True, help="要生成的事项数")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（相同种子、相同源数据得到相同结果）")
        parser.add_argument("--chunk", type=int, default=20_000, help="每个事务写入的事项数")

    def bar(self, label):
        started = time.monotonic()

        def progress(done, total):
            width = 30
            filled = int(width * done / total) if total else width
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(
                f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}  {rate:,.0f}/秒", ending=""
            )
            self.stdout.flush()
            if done >= total:
                self.stdout.write("")

        return progress

    def handle(self, *args, items, seed, chunk, **options):
        if items <= 0:
            raise CommandError("--items 必须为正整数。")
        started = time.monotonic()
        try:
            first, last = generate(
                Options(items=items, seed=seed, chunk_items=chunk), self.bar("写入事项"), self.bar("检索索引")
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        # COPY sends no model signals: drop cached public pages by hand (portal/cache.py).
        from portal.cache import invalidate_pages

        invalidate_pages()
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {last - first + 1:,} 个事项（id {first}–{last}），用时 {time.monotonic() - started:.0f} 秒。"
            )
        )
