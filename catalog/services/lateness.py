import datetime as dt

from django.db import transaction

from catalog.deadlines.lateness import Report
from catalog.models import LatenessCheck


@transaction.atomic
def lateness_check_save(*, report: Report, title: str = "", by) -> LatenessCheck:
    """Keep a lateness check: the input file's name and hash, when it was checked, counts and rows."""
    return LatenessCheck.objects.create(
        title=title.strip()[:200],
        file_name=report.file_name[:255],
        file_sha256=report.file_sha256,
        checked_at=dt.datetime.fromisoformat(report.checked_at),
        saved_by=by if getattr(by, "is_authenticated", False) else None,
        counts=report.counts(),
        rows=[row.as_dict() for row in report.rows],
    )
