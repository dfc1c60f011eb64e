"""Where a catalogue belongs: an existing region, or a new one under an existing parent, or
a path of new ones from the province down ("辽宁省/营口市/盖州市").

Importing for a county the portal has never seen must not need a developer. Both the
command (`--region`, `--parent`, `--level`) and the upload form resolve the place here
into the (code, name, level) chain that `CatalogueMeta.region` carries; the new region
itself is created by `load` inside the import's transaction, so a dry run or a failed
import leaves no region behind.
"""

from __future__ import annotations

import re

from catalog.models import Region

from .records import ImportFailed

Chain = list[tuple[str, str, str]]
LEVELS = [value for value, _ in Region.Level.choices]
# What staff may type for a level: the stored value, its label, or a common short form.
LEVEL_WORDS = {
    **{value: value for value in LEVELS},
    **{str(label): value for value, label in Region.Level.choices},
    "省": "province", "省级": "province", "市": "city", "市级": "city", "地市": "city", "州": "city", "盟": "city",
    "县": "county", "县级": "county", "区": "county", "旗": "county", "县级市": "county",
    "乡": "township", "镇": "township", "乡镇": "township", "街道": "township", "苏木": "township",
    "村": "community", "社区": "community", "村级": "community", "嘎查": "community",
}  # fmt: skip
CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def chain_of(region: Region) -> Chain:
    return [(r.code, r.name, r.level) for r in [*region.ancestors(), region]]


def level_value(text: str) -> str:
    value = LEVEL_WORDS.get(text.strip())
    if value is None:
        raise ImportFailed(f"层级“{text}”无法识别：请用 省级、地市级、县级、乡镇（街道）或 村（社区）。")
    return value


def level_below(parent: Region) -> str:
    index = LEVELS.index(parent.level)
    return LEVELS[min(index + 1, len(LEVELS) - 1)]


PATH_SPLIT = re.compile(r"\s*[/／>＞]\s*")
# A region made at the top of the tree is a province-level one; anything else needs its parent.
TOP_NAME = re.compile(r"(省|自治区|特别行政区|北京市|天津市|上海市|重庆市)$")


def new_region_chain(*, name: str, parent: Region | None, level: str = "", code: str = "") -> Chain:
    """The chain for a region called `name` under `parent` (an existing child of that name is
    reused). `name` may be a path, "营口市/盖州市" or, without a parent, from the province
    down ("辽宁省/营口市/盖州市") or from a region of a unique name ("兴安盟/新旗"): the parts the portal does not have yet are made too, each
    a level below the one above; `level` and `code` are those of the last part. Without a
    code, the parent's code and a number (a code is the region's address in the portal and
    never changes)."""
    names = [re.sub(r"\s+", "", part) for part in PATH_SPLIT.split(name.strip())]
    if any(not part or len(part) > 100 for part in names):
        raise ImportFailed("新区划的名称须为 1–100 个字（路径各级用“/”分隔，如 辽宁省/营口市/盖州市）。")
    chain: Chain = chain_of(parent) if parent is not None else []
    above: Region | None = parent
    taken: set[str] = set()  # codes given to new parts of this chain, not in the database yet
    for index, part in enumerate(names):
        last = index == len(names) - 1
        if above is not None or not chain:  # still on existing regions: reuse one of this name
            existing = Region.objects.filter(parent=above, name=part).first()
            if existing is not None:
                chain, above = chain_of(existing), existing
                continue
        if not chain and index < len(names) - 1:
            # A path may start at any region the portal has, if its name is unique (兴安盟/新旗).
            named = list(Region.objects.filter(name=part)[:2])
            if len(named) == 1:
                chain, above = chain_of(named[0]), named[0]
                continue
            if named:
                raise ImportFailed(f"有多个区划名为“{part}”：请用 --parent 指明其代码，或从省级写起。")
        if not chain and not TOP_NAME.search(part):
            raise ImportFailed(
                f"没有名为“{part}”的顶级区划：新区划请用 --parent 指明上级区划的代码，"
                "或从省级写起，如 辽宁省/营口市/盖州市（门户中没有的各级一并新建）。"
            )
        above = None
        chain.append(_new_part(part, chain, level=level if last else "", code=code if last else "", taken=taken))
    return chain


def _new_part(name: str, chain: Chain, *, level: str, code: str, taken: set[str]) -> tuple[str, str, str]:
    above_name, above_level = (chain[-1][1], chain[-1][2]) if chain else ("", "")
    if level:
        level = level_value(level)
    else:
        level = LEVELS[min(LEVELS.index(above_level) + 1, len(LEVELS) - 1)] if chain else LEVELS[0]
    if chain and LEVELS.index(level) <= LEVELS.index(above_level):
        label = Region.Level(above_level).label
        raise ImportFailed(f"新区划“{name}”的层级须低于上级区划“{above_name}”（{label}）。")
    if code:
        if not CODE_RE.match(code) or len(code) > 80:
            raise ImportFailed(f"区划代码“{code}”无效：只能用小写字母、数字和连字符。")
        if Region.objects.filter(code=code).exists():
            raise ImportFailed(f"区划代码“{code}”已被使用。")
    else:
        base = chain[-1][0] if chain else "region"
        used = taken | set(Region.objects.filter(code__startswith=f"{base}-").values_list("code", flat=True))
        code = next(f"{base}-{n}" for n in range(1, len(used) + 2) if f"{base}-{n}" not in used)
    taken.add(code)
    return (code, name, level)


def resolve_region(text: str, *, parent: str = "", level: str = "", code: str = "") -> Chain:
    """`--region`: an existing region's code, or a region's name (created under `--parent`
    when it does not exist there yet). Raises ImportFailed with a Chinese message."""
    text = text.strip()
    if parent:
        above = Region.objects.filter(code=parent.strip()).first()
        if above is None:
            raise ImportFailed(f"上级区划代码“{parent}”不存在。")
        found = Region.objects.filter(code=text, parent=above).first()
        return chain_of(found) if found else new_region_chain(name=text, parent=above, level=level, code=code)
    found = Region.objects.filter(code=text).first()
    if found is not None:
        return chain_of(found)
    if PATH_SPLIT.search(text):
        return new_region_chain(name=text, parent=None, level=level, code=code)
    named = list(Region.objects.filter(name=re.sub(r"\s+", "", text)).select_related("parent"))
    if len(named) == 1:
        return chain_of(named[0])
    if named:
        options = "、".join(f"{r.code}（{r.parent.name if r.parent else '顶级'}下）" for r in named)
        raise ImportFailed(f"有 {len(named)} 个区划名为“{text}”：请用代码指明，如 {options}。")
    raise ImportFailed(
        f"没有代码或名称为“{text}”的区划：新建区划时请用 --parent 指明上级区划的代码（可加 --level 层级），"
        "或写出从省级起的路径，如 --region 辽宁省/营口市/盖州市（门户中没有的各级一并新建）。"
    )
