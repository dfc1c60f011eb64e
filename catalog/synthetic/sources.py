"""Source catalogues for the synthetic generator, as plain data.

The generator clones whatever catalogues are loaded. On an empty database it falls back
to a crude reading of the verbatim sources in fixtures/sources/ (tab-separated rows that
start with a 序号): good enough to give synthetic data realistic text, not an importer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Template:
    """One item of a source catalogue, with everything needed to write a copy of it."""

    domain_id: int
    level1: str = ""
    level2: str = ""
    level3: str = ""
    content: str = ""
    elements: list[str] = field(default_factory=list)
    legal_basis_text: str = ""
    laws: list[tuple[int, str, str]] = field(default_factory=list)  # (id, title, printed)
    deadline_text: str = ""
    deadline_kind: str = "unknown"
    deadline_days: int | None = None
    deadline_trigger: str = ""
    publicity_days: int | None = None
    publisher_text: str = ""
    publishers: list[str] = field(default_factory=list)
    channel_text: str = ""
    channels: list[tuple[int, str, str]] = field(default_factory=list)  # (id, name, detail)
    audience_public: bool = False
    audience_specific: bool = False
    audience_group: str = ""
    mode_proactive: bool = False
    mode_on_request: bool = False
    level_ids: list[int] = field(default_factory=list)
    level_label: str = ""
    responsible_office: str = ""


@dataclass
class SourceCatalogue:
    title: str
    region_names: list[str]  # names to localise, longest first
    items: list[Template]


def load_sources() -> list[SourceCatalogue]:
    """Every loaded catalogue with items, or the bootstrap reading of fixtures/sources/."""
    sources = sources_from_database()
    return sources or sources_from_files()


def sources_from_database() -> list[SourceCatalogue]:
    from catalog.models import Catalogue, Item

    sources = []
    for catalogue in Catalogue.objects.select_related("region").exclude(source_file="synthetic"):
        items = list(Item.objects.filter(catalogue=catalogue).order_by("position").for_listing())
        if not items:
            continue
        names = [catalogue.region.name] + [region.name for region in catalogue.region.ancestors()]
        templates = [
            Template(
                domain_id=item.domain_id,
                level1=item.level1,
                level2=item.level2,
                level3=item.level3,
                content=item.content,
                elements=[element.text for element in item.elements.all()],
                legal_basis_text=item.legal_basis_text,
                laws=[
                    (link.legal_basis_id, link.legal_basis.title, link.printed) for link in item.legal_basis_links.all()
                ],
                deadline_text=item.deadline_text,
                deadline_kind=item.deadline_kind,
                deadline_days=item.deadline_days,
                deadline_trigger=item.deadline_trigger,
                publicity_days=item.publicity_days,
                publisher_text=item.publisher_text,
                publishers=[link.organisation.name for link in item.publisher_links.all()],
                channel_text=item.channel_text,
                channels=[(link.channel_id, link.channel.name, link.detail) for link in item.channel_links.all()],
                audience_public=item.audience_public,
                audience_specific=item.audience_specific,
                audience_group=item.audience_group,
                mode_proactive=item.mode_proactive,
                mode_on_request=item.mode_on_request,
                level_ids=[level.pk for level in item.levels.all()],
                level_label=item.level_label,
                responsible_office=item.responsible_office,
            )
            for item in items
        ]
        sources.append(SourceCatalogue(catalogue.title, sorted(set(names), key=len, reverse=True), templates))
    return sources


SOURCE_DIR = Path(__file__).resolve().parent.parent.parent / "fixtures" / "sources"
REGION_IN_HEADER = re.compile(r"([\u4e00-\u9fff]{2,3}?(?:市|县|旗|社区))")
MARKS = re.compile(r"<[^>]+>|[■□•√✓]")


def sources_from_files(directory: Path = SOURCE_DIR) -> list[SourceCatalogue]:
    from catalog.models import Channel, Domain

    domains = list(Domain.objects.order_by("position"))
    if not domains:
        return []
    channels = list(Channel.objects.order_by("position"))
    sources = []
    for path in sorted(directory.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = [line.replace(" ", "").strip("# \t") for line in lines[:12] if line.strip("# \t")]
        title = next((line for line in header if "目录" in line), path.stem)
        if not REGION_IN_HEADER.search(title) and header and header[0] != title:
            title = header[0] + title
        region_names = set(REGION_IN_HEADER.findall(" ".join(header[:3])))
        if not region_names:  # a section without its cover page: the most cited region
            counts = Counter(REGION_IN_HEADER.findall("".join(lines)))
            region_names = {name for name, _ in counts.most_common(1)}
        region_names = sorted(region_names, key=len, reverse=True)
        domain = domains[0]
        templates = []
        for line in lines:
            heading = line.strip()
            if "领域" in heading and "\t" not in heading:
                domain = next((d for d in domains if d.name in heading or any(a in heading for a in d.aliases)), domain)
                continue
            cells = [MARKS.sub(" ", cell).strip() for cell in line.split("\t")]
            if len(cells) < 8 or not cells[0].isdigit():
                continue
            content = cells[3]
            channel_text = cells[7]
            templates.append(
                Template(
                    domain_id=domain.pk,
                    level1=cells[1],
                    level2=cells[2],
                    content=content,
                    elements=[part.strip() for part in re.split(r"[、；;]", content) if part.strip()][:12],
                    legal_basis_text=cells[4],
                    deadline_text=cells[5],
                    deadline_kind="working_days"
                    if "工作日" in cells[5]
                    else "prompt"
                    if "及时" in cells[5]
                    else "unknown",
                    publisher_text=cells[6],
                    publishers=[cells[6]] if 1 < len(cells[6]) <= 60 else [],
                    channel_text=channel_text,
                    channels=[(c.pk, c.name, c.name) for c in channels if c.name in channel_text][:4],
                    audience_public=True,
                    mode_proactive=True,
                )
            )
        if templates:
            sources.append(SourceCatalogue(title, region_names, templates))
    return sources
