"""Export benchmark: rows per second and peak memory of the CSV, XLSX and JSON exports.

    .venv/bin/python bench/export_bench.py                    # SQLite temp file, 20,000 and 100,000 items
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exports_bench .venv/bin/python bench/export_bench.py

Builds synthetic published items once (two catalogues: a small one of the first size and
a large one making up the second size, every item with elements, laws, publishers,
channels and levels), then runs each export in a fresh subprocess through the real path
(filter_items -> export_response -> reading every byte) and reports the subprocess's peak
RSS. Memory that stays flat between the two sizes shows the export streams.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "sqlite:////tmp/export_bench.sqlite3"
FORMATS = ("csv", "xlsx", "json")


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "0")  # DEBUG would keep a log of queries in memory
    os.environ.setdefault("SECRET_KEY", "export-bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def build(small: int, total: int) -> None:
    """Create `total` published items (catalogue bench-small has `small` of them), once."""
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from catalog.models import (
        Catalogue,
        Channel,
        ContentElement,
        Domain,
        Item,
        ItemChannel,
        ItemLegalBasis,
        ItemPublisher,
        LegalBasis,
        Level,
        Organisation,
        Region,
        Section,
    )  # fmt: skip

    if Item.objects.filter(catalogue__slug__startswith="bench-").count() == total:
        return
    started = time.perf_counter()
    with transaction.atomic():
        Item.objects.filter(catalogue__slug__startswith="bench-").delete()
        region, _ = Region.objects.get_or_create(
            code="bench", defaults={"name": "基准测试市", "level": Region.Level.COUNTY}
        )
        domains = list(Domain.objects.order_by("position")[:12])
        channels = list(Channel.objects.order_by("position"))
        levels = list(Level.objects.order_by("position"))
        laws = [LegalBasis.objects.get_or_create(title=f"基准测试法规第{n}号")[0] for n in range(40)]
        orgs = [Organisation.objects.get_or_create(name=f"基准测试市第{n}局")[0] for n in range(30)]
        Item_through = Item.levels.through
        for slug, count, position in (("bench-small", small, 900), ("bench-large", total - small, 901)):
            catalogue, _ = Catalogue.objects.update_or_create(
                slug=slug, defaults={"title": f"基准测试目录（{count} 项）", "region": region, "position": position}
            )
            sections = {}
            for index, domain in enumerate(domains, 1):
                sections[domain.pk], _ = Section.objects.update_or_create(
                    catalogue=catalogue, position=index,
                    defaults={"domain": domain, "heading": f"{domain.name}领域", "level_labels": ["县级", "乡、村级"]},
                )  # fmt: skip
            per_domain = -(-count // len(domains))
            batch = 2000
            for start in range(0, count, batch):
                items = []
                for n in range(start, min(start + batch, count)):
                    domain = domains[n // per_domain]
                    items.append(Item(
                        catalogue=catalogue, section=sections[domain.pk], domain=domain, number=str(n % 50 + 1),
                        position=n + 1, level1=f"一级事项{n % 97}", level2=f"二级事项{n}",
                        content="申请条件、办理流程、办理时限、收费标准、咨询方式" * 2,
                        legal_basis_text="《中华人民共和国政府信息公开条例》", deadline_text="信息形成或者变更之日起20个工作日内",
                        deadline_kind=Item.DeadlineKind.WORKING_DAYS, deadline_days=20, publisher_text="基准测试市民政局",
                        channel_text="政府网站、公示栏", audience_public=True, mode_proactive=n % 3 > 0,
                        mode_on_request=n % 3 == 0, level_label="县级、乡、村级", status=Item.Status.PUBLISHED,
                    ))  # fmt: skip
                items = Item.objects.bulk_create(items)
                ContentElement.objects.bulk_create(
                    ContentElement(item=item, position=p, text=text)
                    for item in items
                    for p, text in enumerate(("申请条件", "办理流程"), 1)
                )
                ItemLegalBasis.objects.bulk_create(
                    ItemLegalBasis(item=item, legal_basis=laws[(item.position + k) % 40], position=k + 1)
                    for item in items
                    for k in range(2)
                )
                ItemPublisher.objects.bulk_create(
                    ItemPublisher(item=item, organisation=orgs[item.position % 30], position=1) for item in items
                )
                ItemChannel.objects.bulk_create(
                    ItemChannel(item=item, channel=channels[k], position=k + 1, detail=f"{channels[k].name}（基准）")
                    for item in items
                    for k in (0, 10)
                )
                Item_through.objects.bulk_create(
                    Item_through(item_id=item.pk, level_id=levels[k].pk) for item in items for k in (2, 3)
                )
                print(f"\r  生成 {slug}: {min(start + batch, count)}/{count}", end="", file=sys.stderr, flush=True)
            print(file=sys.stderr)
    print(f"  生成 {total} 项用时 {time.perf_counter() - started:.0f} 秒", file=sys.stderr)


def run_one(fmt: str, params: dict) -> None:
    """In a subprocess: export through the real path and print 'rows seconds bytes peak_kb base_kb'."""
    from catalog.exports import export_response
    from catalog.search.filters import filter_items

    filterset, queryset = filter_items(params)
    count = queryset.count()
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = export_response(queryset, fmt, title="基准测试", filters_description=str(params))
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(count, f"{elapsed:.3f}", size, peak_kb, base_kb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=(20_000, 100_000), metavar=("SMALL", "LARGE"))
    parser.add_argument("--formats", nargs="+", default=FORMATS, choices=FORMATS)
    parser.add_argument("--run", nargs=2, metavar=("FORMAT", "CATALOGUE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    setup_django(database_url)
    if args.run:
        fmt, catalogue = args.run
        run_one(fmt, {"catalogue": catalogue} if catalogue != "-" else {"region": "bench"})
        return
    small, large = args.sizes
    build(small, large)
    print(f"数据库: {database_url.split('@')[-1]}")
    print(
        f"{'格式':<6}{'事项数':>10}{'用时(秒)':>10}{'行/秒':>10}{'文件(MB)':>10}{'峰值RSS(MB)':>13}{'导出前RSS(MB)':>15}"
    )
    for fmt in args.formats:
        for catalogue in ("bench-small", "-"):
            out = subprocess.run(
                [sys.executable, __file__, "--run", fmt, catalogue],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "DATABASE_URL": database_url},
            ).stdout.split()
            rows, seconds, size, peak_kb, base_kb = int(out[0]), float(out[1]), int(out[2]), int(out[3]), int(out[4])
            print(f"{fmt:<6}{rows:>10}{seconds:>10.1f}{rows / seconds:>10.0f}{size / 2**20:>10.1f}"
                  f"{peak_kb / 1024:>13.0f}{base_kb / 1024:>15.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
