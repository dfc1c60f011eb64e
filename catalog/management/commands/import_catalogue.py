"""Import one source catalogue: parse, normalise, load in one transaction."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.importers.headers import header_signature, parse_overrides
from catalog.importers.load import PLAN_LIMIT, AmbiguousRows
from catalog.importers.pipeline import read_catalogue
from catalog.importers.places import resolve_region
from catalog.importers.profiles import corrections
from catalog.importers.records import CatalogueMeta, ImportFailed
from catalog.management.progress import ProgressBar
from catalog.models import Domain, Region
from catalog.services.editions import import_catalogue
from catalog.services.profiles import profile_save_from


class Command(BaseCommand):
    help = "导入一份政务公开目录（文本、网页 .html、Word .docx、PDF、XLSX 或 CSV），按分表报告事项数和待复核行。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="目录文件：.txt（UTF-8 或 GB18030）、.html、.docx、.pdf、.xlsx 或 .csv")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
        parser.add_argument("--draft", action="store_true", help="事项以草稿状态导入（新上传的目录）")
        parser.add_argument("--slug", help="未登记文件：目录网址标识")
        parser.add_argument("--title", help="未登记文件：目录名称（不给时取原文页面上的标题）")
        parser.add_argument(
            "--region",
            help="未登记文件：已有行政区划的代码（如 aershan），或区划名称（不存在时在 --parent 下新建），"
            "或从省级起的路径（如 辽宁省/营口市/盖州市，门户中没有的各级一并新建）",
        )
        parser.add_argument("--parent", default="", help="新建区划时：上级区划的代码，如 xinganmeng")
        parser.add_argument(
            "--level", default="", help="新建区划时：层级（省级、地市级、县级、乡镇、村/社区），默认比上级低一级"
        )
        parser.add_argument(
            "--region-code", default="", help="新建区划时：区划代码（小写字母、数字和连字符），默认由上级代码加序号生成"
        )
        parser.add_argument(
            "--columns",
            default="",
            help='更正列对应：表头=字段，逗号分隔，如 "一级目录=level1,具体职责=ignore,县级=level:county"'
            "（表头可写“#3”表示第 3 列；字段可写 other 保留为其他信息、ignore 忽略）",
        )
        parser.add_argument(
            "--profile",
            default="",
            help="按已保存的表格版式读取各列（管理后台“表格版式”）；同时给出 --columns 时，--columns 指定的列优先。"
            "不给时，表头与某个已保存版式相同的文件自动按该版式读取",
        )
        parser.add_argument(
            "--save-profile",
            default="",
            metavar="版式名称",
            help="导入成功后把所用的列对应（识别结果加 --columns 的更正）保存为表格版式，"
            "与管理后台上传确认时保存的相同；文件中各分表表头不同时，每种表头各存一份，同用此名称",
        )
        parser.add_argument("--domain", help="未登记文件且无领域分表时：已有领域的网址标识")
        parser.add_argument("--edition", default="", help="版本名称，如 2024版（默认取发布日期的年份）")
        parser.add_argument(
            "--scanned", action="store_true", help="未登记文件：原件是扫描件，文字由识别（OCR）录入（事项页会注明）"
        )
        parser.add_argument(
            "--match",
            action="append",
            default=[],
            metavar="条目=事项编号",
            help="重新导入时，指定无法自动确定的第 N 条对应的原有事项，如 --match 12=345（可重复）",
        )
        parser.add_argument(
            "--as-new", action="append", default=[], type=int, metavar="条目", help="把无法确定的第 N 条作为新事项"
        )
        parser.add_argument("--ambiguous-as-new", action="store_true", help="把所有无法确定对应关系的条目都作为新事项")

    def handle(self, *args, path, dry_run, draft, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"找不到文件“{path}”。")
        meta = self._meta(options)
        choices = self._choices(options)
        chain = meta.region if meta is not None else []
        existing = set(Region.objects.filter(code__in=[code for code, _, _ in chain]).values_list("code", flat=True))
        new_regions = [index for index, (code, _, _) in enumerate(chain) if code not in existing]
        try:
            given = parse_overrides(options["columns"]) if options["columns"] else None
            overrides = corrections(given=given, profile=options["profile"])
            record = read_catalogue(source, name=source.name, meta=meta, overrides=overrides)
            # One transaction with the profile, as the upload's confirm: a refused name imports nothing.
            with transaction.atomic():
                report = import_catalogue(
                    record,
                    comment=f"命令行导入：{source.name}",
                    draft=draft,
                    dry_run=dry_run,
                    edition=options["edition"],
                    choices=choices,
                    ambiguous_as_new=options["ambiguous_as_new"],
                    progress=ProgressBar(self.stdout, "试运行（不写入）" if dry_run else "写入数据库"),
                )
                saved = "" if dry_run else profile_save_from(record, options["save_profile"])
        except AmbiguousRows as error:
            self._plan(error.plan)
            raise CommandError(
                f"导入失败，未写入任何内容：{error}\n"
                "请用 --match 条目=事项编号 指定对应的事项，或 --as-new 条目 作为新事项"
                "（--ambiguous-as-new 全部作为新事项）。"
            ) from None
        except ImportFailed as error:
            raise CommandError(f"导入失败，未写入任何内容：{error}") from None
        for index in new_regions:
            code, name, level = meta.region[index]
            verb = "将新建" if dry_run else "已新建"
            above = f"，上级：{meta.region[index - 1][1]}" if index else "（顶级）"
            self.stdout.write(f"{verb}行政区划：{name}（代码 {code}，{Region.Level(level).label}）{above}")
        self._summary(report, record)
        if options["save_profile"]:
            headers = len({header_signature(mapping) for mapping in record.mappings})
            if dry_run:
                self.stdout.write(f"试运行：未保存表格版式“{options['save_profile'].strip()}”（{headers} 种表头）。")
            else:
                self.stdout.write(f"已保存表格版式：{saved}（{headers} 种表头）")

    def _choices(self, options) -> dict[int, int | None]:
        choices: dict[int, int | None] = {position: None for position in options["as_new"]}
        for given in options["match"]:
            position, _, item = given.partition("=")
            if not (position.strip().isdigit() and item.strip().isdigit()):
                raise CommandError(f"--match “{given}” 的写法应为 条目=事项编号，如 12=345。")
            choices[int(position)] = int(item)
        return choices

    def _plan(self, plan: dict) -> None:
        """What a re-import changes: counts, then the rows of each kind."""
        self.stdout.write(
            f"版本：{plan['edition']}；未变 {plan['unchanged']} 项，修改 {len(plan['changed'])} 项，"
            f"新增 {plan['new_count']} 项，撤回 {len(plan['withdrawn'])} 项，待确定 {len(plan['ambiguous'])} 项"
        )
        for row in plan["changed"][:PLAN_LIMIT]:
            self.stdout.write(f"  修改 #{row['item']} {row['title']}")
            for change in row["changes"]:
                self.stdout.write(f"      {change['label']}：“{change['old']}” → “{change['new']}”")
        for row in plan["new"][:PLAN_LIMIT]:
            self.stdout.write(f"  新增 第 {row['position']} 条 {row['title']}")
        for row in plan["withdrawn"][:PLAN_LIMIT]:
            self.stdout.write(f"  撤回 #{row['item']} {row['title']}")
        for row in plan["ambiguous"]:
            self.stdout.write(self.style.WARNING(f"  待确定 第 {row['position']} 条 {row['title']}，可能是："))
            for candidate in row["candidates"]:
                self.stdout.write(
                    f"      #{candidate['item']} {candidate['title']}（名称相似度 {candidate['score']:.0f}）"
                )
        # At most PLAN_LIMIT rows of each kind are listed (the plan keeps no more new rows); the counts are complete.
        for key, label in (("changed", "修改"), ("new", "新增"), ("withdrawn", "撤回")):
            count = plan["new_count"] if key == "new" else len(plan[key])
            unlisted = count - len(plan[key][:PLAN_LIMIT])
            if unlisted:
                self.stdout.write(f"  （{label}另有 {unlisted} 项未列出）")

    def _meta(self, options) -> CatalogueMeta | None:
        given = [options[key] for key in ("slug", "title", "region")]
        if not any(given):
            return None
        if not (options["slug"] and options["region"]):
            raise CommandError("未登记的文件须同时给出 --slug 和 --region（--title 不给时取原文页面上的标题）。")
        try:
            chain = resolve_region(
                options["region"], parent=options["parent"], level=options["level"], code=options["region_code"]
            )
        except ImportFailed as error:
            raise CommandError(str(error)) from None
        domain = None
        if options["domain"]:
            found = Domain.objects.filter(slug=options["domain"]).first()
            if found is None:
                raise CommandError(f"领域“{options['domain']}”不存在。")
            domain = (found.name, found.slug)
        return CatalogueMeta(
            slug=options["slug"],
            title=options["title"] or "",
            region=chain,
            domain=domain,
            position=100,
            scanned=options["scanned"],
        )

    def _summary(self, report: dict, record) -> None:
        self.stdout.write(f"读取方式：{report['reader']}；版式：{report['layout']}")
        if report.get("profiles"):
            self.stdout.write(f"使用版式：{'、'.join(report['profiles'])}")
        for label, value in report["metadata"]:
            self.stdout.write(f"    {label}：{value}")
        before = 0  # items of the sections above: the plan numbers the items of the whole file
        for index, section in enumerate(report["sections"]):
            self.stdout.write(
                f"{section['heading'] or section['domain']}：{section['items']} 项，待复核 {section['flagged']} 项"
            )
            columns = "；".join(
                f"{c['printed']}→{c['field_name']}"
                + ("" if c["certainty"] == "exact" else f"（{c['certainty_name']}）")
                for c in section["columns"]
            )
            self.stdout.write(f"    列：{columns}")
            for reason, count in section["reasons"][:8]:
                self.stdout.write(f"    {count:>3} × {reason}")
            self._flagged(record.sections[index], section["flagged"], start=before + 1)
            before += section["items"]
            for problem in section["problems"]:
                self.stdout.write(self._styled(problem, "    "))
        for problem in report["problems"]:
            self.stdout.write(self._styled(problem))
        self._plan(report["plan"])
        verb = "检查完毕（试运行，未写入）" if report.get("dry_run") else "已导入"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}：{report['catalogue']} 共 {report['items']} 项，待复核 {report['flagged']} 项。"
            )
        )

    def _flagged(self, section, count: int, *, start: int) -> None:
        """The items of a section to review, numbered as in the plan, each with where it is in
        the original and why (the first PLAN_LIMIT; read from the section's spool)."""
        listed = 0
        for position, item in enumerate(section.items, start=start):
            if not item.needs_review:
                continue
            if listed == PLAN_LIMIT:
                self.stdout.write(f"    （待复核另有 {count - listed} 项未列出）")
                return
            where = item.source_where or f"第 {item.source_line} 行"
            title = " / ".join(name for name in (item.level1, item.level2, item.level3) if name)
            self.stdout.write(f"    待复核 第 {position} 条（原文{where}）{title}：{'；'.join(item.review_reasons)}")
            listed += 1

    def _styled(self, problem: dict, indent: str = "") -> str:
        text = f"{indent}[{problem['severity_name']}] {problem['message']}"
        if problem["severity"] == "error":
            return self.style.ERROR(text)
        return self.style.WARNING(text) if problem["severity"] == "warning" else text
