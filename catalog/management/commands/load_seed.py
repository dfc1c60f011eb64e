"""Load the committed seed fixtures into an empty database (idempotent), with their originals."""

from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalog.files.source import sha256
from catalog.models import Catalogue

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"
SOURCES = FIXTURE_DIR / "sources"


class Command(BaseCommand):
    help = "把 fixtures/*.json 中的种子目录载入空数据库；已载入时不重复载入。"

    def handle(self, *args, **options):
        fixtures = sorted(str(path) for path in FIXTURE_DIR.glob("*.json"))
        if not fixtures:
            self.stdout.write(self.style.WARNING("fixtures/ 中没有种子数据文件。"))
            return
        if Catalogue.objects.exists():
            self.stdout.write("数据库中已有目录，跳过种子数据载入。")
        else:
            call_command("loaddata", *fixtures, verbosity=0)
            self.stdout.write(self.style.SUCCESS(f"已载入 {Catalogue.objects.count()} 个目录。"))
        stored = store_seed_originals()
        if stored:
            self.stdout.write(f"已存放 {stored} 份种子目录原件。")


def store_seed_originals() -> int:
    """Store the original (fixtures/sources/<file>) of every seed catalogue whose stored
    original is missing, when the file's SHA-256 is the one recorded; how many were stored."""
    stored = 0
    for catalogue in Catalogue.objects.exclude(original=""):
        storage, name = catalogue.original.storage, catalogue.original.name
        source = SOURCES / Path(catalogue.source_file).name
        if storage.exists(name) or not source.is_file():
            continue
        if sha256(source) == catalogue.source_sha256:
            with source.open("rb") as file:
                storage.save(name, File(file))
            stored += 1
    return stored
