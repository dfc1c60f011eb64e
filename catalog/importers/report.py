"""The summary of an import: per-section counts, review reasons and unplaced lines (pure)."""

from __future__ import annotations

import re
from collections import Counter

from .headers import CERTAINTY_LABELS, FIELDS, level_names
from .layouts import LAYOUTS
from .records import CatalogueRecord, Severity


def build_report(record: CatalogueRecord) -> dict:
    """Per-section counts, the commonest review reasons and every unplaced line."""
    sections = []
    for section in record.sections:
        reasons, flagged = Counter(), 0
        for item in section.items:  # one pass over the spool
            reasons.update(_reason_kind(reason) for reason in item.review_reasons)
            flagged += item.needs_review
        sections.append(
            {
                "heading": section.heading,
                "domain": section.domain_name or (record.meta.domain or ("", ""))[0],
                "items": len(section.items),
                "flagged": flagged,
                "reasons": reasons.most_common(),
                "problems": [_problem(p) for p in section.problems],
                "layout": LAYOUTS.get(section.layout, section.layout),
                "columns": [_column(column) for column in section.columns],
            }
        )
    return {
        "catalogue": record.meta.slug,
        "source_file": record.source_file,
        "source_sha256": record.source_sha256,
        "reader": record.reader,
        "layout": "、".join(LAYOUTS.get(key, key) for key in record.layout.split("+") if key),
        "metadata": [list(pair) for pair in record.metadata],
        "profiles": list(record.profiles),
        "items": sum(s["items"] for s in sections),
        "flagged": sum(s["flagged"] for s in sections),
        "sections": sections,
        "problems": [_problem(p) for p in record.problems],
    }


def _problem(problem) -> dict:
    return {
        "line": problem.line,
        "message": problem.message,
        "severity": problem.severity,
        "severity_name": Severity.LABELS[problem.severity],
    }


def _column(column) -> dict:
    field = FIELDS.get(column.key, column.key)
    if column.levels:
        field += f"（{level_names(column.levels)}）"
    return {
        "printed": column.printed,
        "field": column.key,
        "field_name": field,
        "certainty": column.certainty,
        "certainty_name": CERTAINTY_LABELS.get(column.certainty, column.certainty),
    }


def _reason_kind(reason: str) -> str:
    """A reason without its quoted specifics, for counting ("第169行…" -> "第N行…")."""
    if reason.startswith("本行单元格错位"):
        reason = reason.split("：")[0]
    reason = re.sub(r"“[^”]*”", "“…”", reason)
    return re.sub(r"\d+", "N", reason)
