"""Load the committed seed fixtures into an empty database (idempotent)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalog.models import Catalogue

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "把 fixtures/*.json 中的种子目录载入空数据库；已载入时不重复载入。"

    def handle(self, *args, **options):
        fixtures = sorted(str(path) for path in FIXTURE_DIR.glob("*.json"))
        if not fixtures:
            self.stdout.write(self.style.WARNING("fixtures/ 中没有种子数据文件。"))
            return
        if Catalogue.objects.exists():
            self.stdout.write("数据库中已有目录，跳过种子数据载入。")
            return
        call_command("loaddata", *fixtures, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"已载入 {Catalogue.objects.count()} 个目录。"))
