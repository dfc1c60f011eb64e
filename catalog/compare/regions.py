"""对标核查 for a whole region: every catalogue under it × domain, from the stored coverage
(catalog.models.Coverage, computed ahead by catalog/services/coverage.py), worst first."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.models import Catalogue, Coverage, Domain, Reference, RegionReference, Section
from catalog.models.item import region_with_descendants


@dataclass
class Column:
    domain: Domain
    reference: Reference


@dataclass
class CatalogueRow:
    catalogue: Catalogue
    cells: list[Coverage | None] = field(default_factory=list)  # one per column, None: not computed

    @property
    def worst(self) -> float:
        known = [cell.percent for cell in self.cells if cell is not None and cell.percent is not None]
        return min(known) if known else 101.0

    @property
    def missing(self) -> int:
        return sum(cell.missing for cell in self.cells if cell is not None)

    @property
    def weaker(self) -> int:
        return sum(cell.weaker for cell in self.cells if cell is not None)


def default_columns(region) -> list[Column]:
    """The region's default reference per domain; a domain the region names nothing for takes
    the nearest ancestor's."""
    chain = [*region.ancestors(), region]  # top first: later (nearer) regions override
    chosen: dict[int, RegionReference] = {}
    defaults = RegionReference.objects.filter(region__in=chain).select_related(
        "domain", "reference__catalogue", "reference__domain"
    )
    depth = {r.pk: n for n, r in enumerate(chain)}
    for default in sorted(defaults, key=lambda d: depth[d.region_id]):
        chosen[default.domain_id] = default
    return [Column(d.domain, d.reference) for d in sorted(chosen.values(), key=lambda d: d.domain.position)]


def reference_columns(catalogue: Catalogue) -> list[Column]:
    """The columns for one reference catalogue: every domain its Reference rows speak for."""
    columns: dict[int, Column] = {}
    for reference in Reference.objects.filter(catalogue=catalogue).select_related("catalogue", "domain"):
        if reference.domain_id:
            columns[reference.domain_id] = Column(reference.domain, reference)
    whole = Reference.objects.filter(catalogue=catalogue, domain__isnull=True).select_related("catalogue").first()
    if whole is not None:
        domain_ids = Section.objects.filter(catalogue=catalogue).values_list("domain_id", flat=True)
        for domain in Domain.objects.filter(pk__in=domain_ids):
            columns.setdefault(domain.pk, Column(domain, whole))
    return sorted(columns.values(), key=lambda column: (column.domain.position, column.domain.name))


def region_rows(region, columns: list[Column]) -> list[CatalogueRow]:
    """Every catalogue under `region` (reference catalogues themselves left out) with its
    stored coverage per column, worst first: lowest coverage, then most missing and weaker."""
    if not columns:
        return []
    own = {column.reference.catalogue_id for column in columns}
    catalogues = list(
        Catalogue.objects.filter(region_id__in=region_with_descendants(region))
        .exclude(pk__in=own)
        .select_related("region")
        .order_by("pk")
    )
    index = {(column.reference.pk, column.domain.pk): n for n, column in enumerate(columns)}
    rows = {catalogue.pk: CatalogueRow(catalogue, [None] * len(columns)) for catalogue in catalogues}
    stored = Coverage.objects.filter(
        catalogue_id__in=list(rows),
        reference_id__in={column.reference.pk for column in columns},
        domain_id__in={column.domain.pk for column in columns},
    )
    for coverage in stored:
        n = index.get((coverage.reference_id, coverage.domain_id))
        if n is not None:
            coverage.reference, coverage.domain = columns[n].reference, columns[n].domain  # loaded: no query per cell
            rows[coverage.catalogue_id].cells[n] = coverage
    return sorted(rows.values(), key=lambda row: (row.worst, -row.missing, -row.weaker, row.catalogue.pk))
