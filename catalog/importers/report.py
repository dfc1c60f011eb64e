"""The summary of an import: per-section counts, review reasons and unplaced lines (pure)."""
from __future__ import annotations

import re
from collections import Counter

from .records import CatalogueRecord


def build_report(record: CatalogueRecord) -> dict:
    """Per-section counts, the commonest review reasons and every unplaced line."""
    sections = []
    for section in record.sections:
        reasons = Counter(_reason_kind(reason) for item in section.items for reason in item.review_reasons)
        sections.append(
            {
                "heading": section.heading,
                "domain": section.domain_name or (record.meta.domain or ("", ""))[0],
                "items": len(section.items),
                "flagged": len(section.flagged),
                "reasons": reasons.most_common(),
                "problems": [{"line": p.line, "message": p.message} for p in section.problems],
            }
        )
    return {
        "catalogue": record.meta.slug,
        "source_file": record.source_file,
        "source_sha256": record.source_sha256,
        "reader": record.reader,
        "items": sum(s["items"] for s in sections),
        "flagged": sum(s["flagged"] for s in sections),
        "sections": sections,
        "problems": [{"line": p.line, "message": p.message} for p in record.problems],
    }


def _reason_kind(reason: str) -> str:
    """A reason without its quoted specifics, for counting ("第169行…" -> "第N行…")."""
    if reason.startswith("本行单元格错位"):
        reason = reason.split("：")[0]
    reason = re.sub(r"“[^”]*”", "“…”", reason)
    return re.sub(r"\d+", "N", reason)
