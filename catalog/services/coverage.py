"""对标核查's stored coverage: each catalogue against each reference, per domain, computed
ahead so the region page (/audit/coverage/) reads rows instead of matching per request.

When: after an import (services/editions.import_catalogue) and after a reference is marked
or changed (the admin), as a background task queued when the transaction commits (run by
`manage.py db_worker`, never in the request); and in bulk by ``manage.py refresh_coverage``
(see bench/coverage_bench.py for its cost over a national data set).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from catalog.compare.comparison import compare, facts_of
from catalog.models import Catalogue, Coverage, Item, Reference, Section


def reference_domains(reference: Reference) -> list[int]:
    """The domains a reference speaks for: its own, or every domain of its catalogue."""
    if reference.domain_id:
        return [reference.domain_id]
    return sorted(set(Section.objects.filter(catalogue_id=reference.catalogue_id).values_list("domain_id", flat=True)))


def _reference_facts(reference: Reference, domains: list[int]):
    items = Item.objects.current().filter(catalogue_id=reference.catalogue_id, domain_id__in=domains)
    by_domain = defaultdict(list)
    for facts in facts_of(items.order_by("position")):
        by_domain[facts.domain_id].append(facts)
    return by_domain


def _rows_for(catalogue_id: int, reference: Reference, ref_by_domain, cmp_by_domain, now) -> list[Coverage]:
    rows = []
    for domain_id, ref_items in ref_by_domain.items():
        result = compare(ref_items, cmp_by_domain.get(domain_id, []))
        total = result.total
        rows.append(
            Coverage(
                catalogue_id=catalogue_id,
                reference=reference,
                domain_id=domain_id,
                reference_count=total.reference_count,
                covered=total.covered,
                differs=total.differs,
                weaker=total.weaker,
                ambiguous=total.ambiguous,
                missing=total.missing,
                extra=total.extra,
                percent=total.percent,
                computed_at=now,
            )
        )
    return rows


def refresh_reference(
    reference: Reference,
    *,
    catalogue_ids: Iterable[int] | None = None,
    chunk: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Recompute `reference`'s coverage for the given catalogues (all but its own by default);
    returns the number of rows written. Catalogues are read `chunk` at a time, one query per
    table each."""
    domains = reference_domains(reference)
    ref_by_domain = _reference_facts(reference, domains)
    if catalogue_ids is None:
        catalogue_ids = Catalogue.objects.exclude(pk=reference.catalogue_id).order_by("pk").values_list("pk", flat=True)
    ids = [pk for pk in catalogue_ids if pk != reference.catalogue_id]
    written = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        items = (
            Item.objects.current()
            .filter(catalogue_id__in=part, domain_id__in=domains)
            .order_by("catalogue_id", "position")
        )
        grouped: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        for facts in facts_of(items):
            grouped[facts.catalogue_id][facts.domain_id].append(facts)
        now = timezone.now()
        rows = [row for pk in part for row in _rows_for(pk, reference, ref_by_domain, grouped.get(pk, {}), now)]
        with transaction.atomic():
            Coverage.objects.filter(reference=reference, catalogue_id__in=part).delete()
            Coverage.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))
    return written


def refresh_catalogue(catalogue: Catalogue) -> int:
    """Recompute `catalogue`'s coverage of every reference (after an import); and when the
    catalogue is itself a reference, every catalogue's coverage of it."""
    written = 0
    for reference in Reference.objects.exclude(catalogue=catalogue):
        written += refresh_reference(reference, catalogue_ids=[catalogue.pk])
    for reference in Reference.objects.filter(catalogue=catalogue):
        written += refresh_reference(reference)
    return written


@task()
def refresh_catalogue_task(catalogue_id: int) -> int:
    """refresh_catalogue as a background task (the catalogue may be gone by then: 0 rows)."""
    catalogue = Catalogue.objects.filter(pk=catalogue_id).first()
    return refresh_catalogue(catalogue) if catalogue is not None else 0


@task()
def refresh_reference_task(reference_id: int) -> int:
    reference = Reference.objects.filter(pk=reference_id).first()
    return refresh_reference(reference) if reference is not None else 0


def refresh_catalogue_on_commit(catalogue_id: int) -> None:
    """Queue the catalogue's coverage refresh once the import has committed."""
    transaction.on_commit(partial(refresh_catalogue_task.enqueue, catalogue_id))


def refresh_reference_on_commit(reference_id: int) -> None:
    """Queue the reference's coverage refresh once the change has committed."""
    transaction.on_commit(partial(refresh_reference_task.enqueue, reference_id))
