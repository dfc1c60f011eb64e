"""Regenerate fixtures/*.json from fixtures/sources/*.txt, byte for byte reproducibly.

The import runs in a fresh SQLite database in a child process (so primary keys
always start at 1 and nothing of the working database leaks in); the child dumps
with natural keys, without import runs or timestamps that vary.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from catalog.importers.load import import_record
from catalog.importers.pipeline import read_catalogue
from catalog.importers.records import ImportFailed
from catalog.importers.registry import SEEDS
from catalog.management.progress import ProgressBar

SOURCES = Path(settings.BASE_DIR) / "fixtures" / "sources"


class Command(BaseCommand):
    help = "由 fixtures/sources/*.txt 重新生成 fixtures/*.json（在临时 SQLite 数据库中导入后导出，逐字节可复现）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "fixtures"), help="输出目录")
        parser.add_argument("--in-fresh-database", action="store_true", help="（内部使用）已在临时数据库中运行")

    def handle(self, *args, output, in_fresh_database, **options):
        if in_fresh_database:
            self._build(Path(output))
            return
        with tempfile.TemporaryDirectory() as tmp:
            # The originals the import stores go to the throwaway folder too (load_seed stores them).
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{tmp}/fixtures.sqlite3",
                "DEBUG": "1",
                "MEDIA_ROOT": f"{tmp}/media",
            }
            command = [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "build_fixtures",
                "--in-fresh-database",
                "--output",
                output,
            ]
            result = subprocess.run(
                command, env=env, cwd=settings.BASE_DIR, stdout=sys.stdout, stderr=subprocess.PIPE, text=True
            )
            if result.returncode:
                raise CommandError(f"生成种子数据失败：{result.stderr.strip()}")
        self.stdout.write(self.style.SUCCESS(f"已生成 {output}/*.json。"))

    def _build(self, output: Path) -> None:
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("--in-fresh-database 只能在临时 SQLite 数据库中运行。")
        with connection.cursor() as cursor:  # a throwaway database: no need to wait for the disk
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")
        call_command("migrate", verbosity=0)
        from catalog import models

        sources = sorted(path for path in SOURCES.glob("*.txt") if path.name in SEEDS)
        bar = ProgressBar(self.stdout, "导入种子目录")
        for done, path in enumerate(sources, start=1):
            try:
                import_record(read_catalogue(path, name=path.name))
            except ImportFailed as error:
                raise CommandError(f"{path.name}：{error}") from None
            bar(done, len(sources))
        output.mkdir(parents=True, exist_ok=True)
        shared = [
            *models.Region.objects.order_by("pk"),
            *models.Domain.objects.filter(is_standard=False).order_by("pk"),
            *models.LegalBasis.objects.order_by("pk"),
            *models.LegalBasisAlias.objects.order_by("pk"),
            *models.Organisation.objects.order_by("pk"),
        ]
        self._write(output / "00_vocabulary.json", shared)
        for number, catalogue in enumerate(models.Catalogue.objects.order_by("position", "pk"), start=1):
            items = models.Item.objects.filter(catalogue=catalogue).order_by("pk")
            objects = [
                catalogue,
                *models.Section.objects.filter(catalogue=catalogue).order_by("pk"),
                *items,
                *models.ContentElement.objects.filter(item__catalogue=catalogue).order_by("pk"),
                *models.ItemLegalBasis.objects.filter(item__catalogue=catalogue).order_by("pk"),
                *models.ItemPublisher.objects.filter(item__catalogue=catalogue).order_by("pk"),
                *models.ItemChannel.objects.filter(item__catalogue=catalogue).order_by("pk"),
            ]
            self._write(output / f"{number:02d}_{catalogue.slug}.json", objects)

    def _write(self, path: Path, objects) -> None:
        """loaddata's JSON, one object a line: small, readable and diffable."""
        rows = serializers.serialize("python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True)
        lines = [json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder) for row in rows]
        path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
