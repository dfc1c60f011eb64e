"""对标核查: every item of a reference catalogue matched to a compared catalogue's items.

Matching is the re-import's matcher (catalog/importers/matching.py), reference items as
the "old" side and the compared catalogue's items as the "new" side:

1. same domain and the same three names (without spaces and punctuation);
2. in the same domain, names with rapidfuzz ``fuzz.ratio`` ≥ 90 and either the same 序号
   or 公开内容 ≥ 90 — taken when each side is the other's only best;
3. names ≥ 75 with the same 序号 or contents ≥ 90, or names ≥ 90 alone, or a tie in 2:
   never taken, shown as 待确认 with the candidates and their scores.

Steps 1–3 run twice: first on the three names joined, then, for what is still unpaired, on
the most specific name alone (三级, else 二级, else 一级 事项), because another catalogue
often groups the same item under a differently worded 一级事项 or loses it in a merged cell.

Each reference item lands in one group: 已覆盖 (matched, nothing weaker or different),
覆盖但有差异 (matched, with the field diff), 待确认 (only ambiguous candidates) or 缺少;
each compared item matched to nothing (and not a candidate) is 多出. A difference is
*weaker* when the compared item promises less than the reference: a longer deadline of the
same kind, a reference channel or law missing, an audience missing, a reference element
(要素) missing. Added elements are a difference, not a weakness.

Plain data in, plain data out: :func:`facts_of` reads items (one query per table, no
per-item queries), :func:`compare` does the rest without the database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from catalog.importers.matching import CONTENT_SIMILAR, NAME_POSSIBLE, NAME_SIMILAR, Entry, match_items, plain

COVERED = "covered"
DIFFERS = "differs"
AMBIGUOUS = "ambiguous"
MISSING = "missing"
EXTRA = "extra"
GROUPS = (DIFFERS, MISSING, AMBIGUOUS, EXTRA, COVERED)
GROUP_LABELS = {
    COVERED: "已覆盖",
    DIFFERS: "覆盖但有差异",
    AMBIGUOUS: "待确认（名称相近）",
    MISSING: "缺少",
    EXTRA: "多出",
}
RULES = (
    f"1. 同一领域内，一级、二级、三级事项名称相同（忽略空格和标点）即视为同一事项；"
    f"2. 否则名称相似度（rapidfuzz ratio）≥{NAME_SIMILAR} 且序号相同或公开内容相似度≥{CONTENT_SIMILAR}，"
    f"且双方互为唯一最佳，视为同一事项；"
    f"3. 名称相似度≥{NAME_POSSIBLE} 且序号相同或内容相似度≥{CONTENT_SIMILAR}，或名称相似度≥{NAME_SIMILAR}"
    f"但无其他佐证，或有并列候选：列为“待确认”，不计入覆盖。"
    "以上先按一、二、三级事项名称合并比较，未对应的再只按最具体的事项名称（三级，无则二级、一级）比较。"
    "差异：时限更长（同类时限天数更多）、渠道缺少、公开对象缺少、公开依据缺少、公开要素缺少为“弱于参照”；"
    "公开要素增加只列为差异。"
)
DAY_KINDS = ("working_days", "calendar_days")


@dataclass(frozen=True)
class ItemFacts:
    """What the comparison reads of one item."""

    id: int
    domain_id: int
    domain: str
    number: str
    level1: str
    level2: str
    level3: str
    content: str
    elements: tuple[str, ...] = ()
    deadline_text: str = ""
    deadline_kind: str = "unknown"
    deadline_days: int | None = None
    channels: tuple[tuple[int, str], ...] = ()  # (channel id, name)
    laws: tuple[tuple[int, str], ...] = ()  # (legal basis id, title)
    audience_public: bool | None = None  # None: the catalogue has no 公开对象 column
    audience_specific: bool | None = None
    catalogue_id: int = 0

    @property
    def title(self) -> str:
        return " / ".join(name for name in (self.level1, self.level2, self.level3) if name)

    @property
    def leaf(self) -> str:
        """The most specific name printed (三级, else 二级, else 一级 事项)."""
        return self.level3 or self.level2 or self.level1

    def entry(self) -> Entry:
        return _entry(self.domain_id, self.number, self.level1, self.level2, self.level3, self.content)

    def leaf_entry(self) -> Entry:
        return _entry(self.domain_id, self.number, self.leaf, "", "", self.content)


@lru_cache(maxsize=100_000)
def _entry(domain_id, number, level1, level2, level3, content) -> Entry:
    """One Entry per distinct item text: a reference's entries (and their names) are built
    once for all the catalogues compared with it."""
    return Entry(str(domain_id), number, level1, level2, level3, content)


@dataclass(frozen=True)
class Difference:
    label: str  # 公开时限, 公开渠道, 公开对象, 公开依据, 公开要素
    reference: str
    compared: str
    weaker: bool


@dataclass
class Row:
    group: str
    reference: ItemFacts | None = None
    compared: ItemFacts | None = None
    score: float = 0.0  # name similarity of the pair
    how: str = ""  # "same" or "similar" (matching.Pair.how)
    differences: list[Difference] = field(default_factory=list)
    candidates: list[tuple[ItemFacts, float, float]] = field(default_factory=list)  # (item, names, content)

    @property
    def weaker(self) -> bool:
        return any(difference.weaker for difference in self.differences)

    @property
    def domain(self) -> str:
        return (self.reference or self.compared).domain


@dataclass
class DomainCoverage:
    domain_id: int
    domain: str
    reference_count: int = 0
    covered: int = 0  # 已覆盖 + 覆盖但有差异
    differs: int = 0
    weaker: int = 0
    ambiguous: int = 0
    missing: int = 0
    extra: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.covered / self.reference_count, 1) if self.reference_count else None


@dataclass
class Comparison:
    rows: list[Row]
    coverage: list[DomainCoverage]

    def group(self, name: str) -> list[Row]:
        return [row for row in self.rows if row.group == name]

    def counts(self) -> dict[str, int]:
        counter = Counter(row.group for row in self.rows)
        return {name: counter.get(name, 0) for name in GROUPS}

    @property
    def total(self) -> DomainCoverage:
        total = DomainCoverage(0, "合计")
        for entry in self.coverage:
            for name in ("reference_count", "covered", "differs", "weaker", "ambiguous", "missing", "extra"):
                setattr(total, name, getattr(total, name) + getattr(entry, name))
        return total


def _days(facts: ItemFacts) -> int | None:
    if facts.deadline_kind == "immediate":
        return 0
    return facts.deadline_days if facts.deadline_kind in DAY_KINDS else None


def _comparable_kind(kind: str) -> str:
    return "working_days" if kind == "immediate" else kind


def _missing_links(
    field: str, reference: tuple[tuple[int, str], ...], compared: tuple[tuple[int, str], ...]
) -> list[Difference]:
    """The reference's (id, name) links that the compared item lacks, as one weaker Difference."""
    present = {pk for pk, _ in compared}
    missing = [name for pk, name in reference if pk not in present]
    if not missing:
        return []
    return [Difference(field, "、".join(name for _, name in reference), "缺少：" + "、".join(missing), weaker=True)]


def differences(reference: ItemFacts, compared: ItemFacts) -> list[Difference]:
    """What the compared item says differently from the reference item (see the module's docstring)."""
    found = []
    ref_days, cmp_days = _days(reference), _days(compared)
    if (
        ref_days is not None
        and cmp_days is not None
        and _comparable_kind(reference.deadline_kind) == _comparable_kind(compared.deadline_kind)
        and cmp_days > ref_days
    ):
        found.append(Difference("公开时限", reference.deadline_text, compared.deadline_text, weaker=True))
    found += _missing_links("公开渠道", reference.channels, compared.channels)
    # Only what the compared catalogue says it leaves out is missing: a catalogue without a
    # 公开对象 column (None) says nothing, and unknown is not "fewer".
    missing_audience = []
    if reference.audience_public and compared.audience_public is False:
        missing_audience.append("全社会")
    if reference.audience_specific and compared.audience_specific is False and compared.audience_public is False:
        missing_audience.append("特定群众")
    if missing_audience:
        found.append(Difference("公开对象", "", "缺少：" + "、".join(missing_audience), weaker=True))
    found += _missing_links("公开依据", reference.laws, compared.laws)
    ref_elements = Counter(plain(text) for text in reference.elements if plain(text))
    cmp_elements = Counter(plain(text) for text in compared.elements if plain(text))
    if ref_elements or cmp_elements:
        fewer, more = ref_elements - cmp_elements, cmp_elements - ref_elements
        originals = {plain(text): text for text in (*reference.elements, *compared.elements)}
        if fewer:
            found.append(
                Difference(
                    "公开要素", reference.content, "缺少：" + "、".join(originals[t] for t in fewer), weaker=True
                )
            )
        if more:
            found.append(
                Difference(
                    "公开要素", reference.content, "增加：" + "、".join(originals[t] for t in more), weaker=False
                )
            )
    elif plain(reference.content) != plain(compared.content):
        found.append(Difference("公开内容", reference.content, compared.content, weaker=False))
    return found


def compare(reference: list[ItemFacts], compared: list[ItemFacts]) -> Comparison:
    """Match `reference` to `compared` and group every item (see the module's docstring)."""
    rows: list[Row] = []
    candidates_of: dict[int, list[tuple[ItemFacts, float, float]]] = defaultdict(list)
    paired_ref: set[int] = set()
    paired_cmp: set[int] = set()
    for key in (ItemFacts.entry, ItemFacts.leaf_entry):
        ref_left = [o for o in range(len(reference)) if o not in paired_ref]
        cmp_left = [n for n in range(len(compared)) if n not in paired_cmp]
        matching = match_items([key(reference[o]) for o in ref_left], [key(compared[n]) for n in cmp_left])
        for pair in matching.pairs:
            o, n = ref_left[pair.old], cmp_left[pair.new]
            paired_ref.add(o)
            paired_cmp.add(n)
            ref, cmp = reference[o], compared[n]
            diff = differences(ref, cmp)
            rows.append(Row(DIFFERS if diff else COVERED, ref, cmp, pair.score, pair.how, diff))
        for n, candidates in matching.ambiguous.items():
            for candidate in candidates:
                options = candidates_of[ref_left[candidate.old]]
                if all(option[0] is not compared[cmp_left[n]] for option in options):
                    options.append((compared[cmp_left[n]], candidate.score, candidate.content_score))
    candidate_ids = set()
    for o in range(len(reference)):
        if o in paired_ref:
            continue
        options = [
            option for option in candidates_of.get(o, ()) if option[0].id not in {compared[n].id for n in paired_cmp}
        ]
        if options:
            options.sort(key=lambda c: (c[1], c[2]), reverse=True)
            candidate_ids.update(option[0].id for option in options)
            rows.append(Row(AMBIGUOUS, reference[o], candidates=options))
        else:
            rows.append(Row(MISSING, reference[o]))
    for n in range(len(compared)):
        if n not in paired_cmp and compared[n].id not in candidate_ids:
            rows.append(Row(EXTRA, compared=compared[n]))
    ref_order = {facts.id: index for index, facts in enumerate(reference)}
    cmp_order = {facts.id: index for index, facts in enumerate(compared)}
    rows.sort(
        key=lambda row: (
            (ref_order[row.reference.id], 0) if row.reference else (len(reference), cmp_order[row.compared.id])
        )
    )
    return Comparison(rows, coverage_of(rows))


def coverage_of(rows: list[Row]) -> list[DomainCoverage]:
    by_domain: dict[int, DomainCoverage] = {}
    for row in rows:
        facts = row.reference or row.compared
        entry = by_domain.setdefault(facts.domain_id, DomainCoverage(facts.domain_id, facts.domain))
        if row.group == EXTRA:
            entry.extra += 1
            continue
        entry.reference_count += 1
        if row.group in (COVERED, DIFFERS):
            entry.covered += 1
        if row.group == DIFFERS:
            entry.differs += 1
            entry.weaker += row.weaker
        elif row.group == AMBIGUOUS:
            entry.ambiguous += 1
        elif row.group == MISSING:
            entry.missing += 1
    return sorted(by_domain.values(), key=lambda entry: (entry.reference_count == 0, entry.domain_id))


def facts_of(items) -> list[ItemFacts]:
    """The facts of every item of a queryset, in its order: one query per table."""
    from catalog.models import ContentElement, ItemChannel, ItemLegalBasis

    rows = list(
        items.values_list(
            "id",
            "domain_id",
            "domain__name",
            "number",
            "level1",
            "level2",
            "level3",
            "content",
            "deadline_text",
            "deadline_kind",
            "deadline_days",
            "audience_public",
            "audience_specific",
            "catalogue_id",
        )
    )
    ids = [row[0] for row in rows]
    elements, channels, laws = defaultdict(list), defaultdict(list), defaultdict(list)
    for chunk in range(0, len(ids), 5000):
        part = ids[chunk : chunk + 5000]
        for item_id, text in (
            ContentElement.objects.filter(item_id__in=part).order_by("position").values_list("item_id", "text")
        ):
            elements[item_id].append(text)
        for item_id, cid, name in (
            ItemChannel.objects.filter(item_id__in=part)
            .order_by("position")
            .values_list("item_id", "channel_id", "channel__name")
        ):
            channels[item_id].append((cid, name))
        for item_id, lid, title in (
            ItemLegalBasis.objects.filter(item_id__in=part)
            .order_by("position")
            .values_list("item_id", "legal_basis_id", "legal_basis__title")
        ):
            laws[item_id].append((lid, title))
    return [
        ItemFacts(
            id=row[0],
            domain_id=row[1],
            domain=row[2],
            number=row[3],
            level1=row[4],
            level2=row[5],
            level3=row[6],
            content=row[7],
            deadline_text=row[8],
            deadline_kind=row[9],
            deadline_days=row[10],
            audience_public=row[11],
            audience_specific=row[12],
            catalogue_id=row[13],
            elements=tuple(elements[row[0]]),
            channels=tuple(dict.fromkeys(channels[row[0]])),
            laws=tuple(laws[row[0]]),
        )
        for row in rows
    ]


def items_for(catalogue, domain=None):
    """The items a comparison reads: the catalogue's current items (drafts included, withdrawn
    not), in catalogue order, restricted to one domain when given."""
    from catalog.models import Item

    items = Item.objects.current().filter(catalogue=catalogue)
    if domain is not None:
        items = items.filter(domain=domain)
    return items.order_by("position")


def compare_catalogues(catalogue, reference_catalogue, domain=None) -> Comparison:
    """Compare `catalogue` (or its `domain` section) with `reference_catalogue` (same section)."""
    return compare(facts_of(items_for(reference_catalogue, domain)), facts_of(items_for(catalogue, domain)))
