"""The only write path for annual reports: each function is one transaction.

The audit row that issue 3 asks of every write is added here once the audit app lands.
"""

from __future__ import annotations

from django.db import transaction

from gongkai.report import canonical
from gongkai.report.model import Report
from gongkai_web.annual_reports.models import TRANSITIONS, AnnualReport, ReportStatus


class StatusChangeRefused(ValueError):
    pass


@transaction.atomic
def save_report(report: Report, *, status: ReportStatus | None = None) -> AnnualReport:
    """Store ``report`` as its agency's report for its year, replacing the content if one is
    already stored; a new report starts as a draft unless ``status`` says otherwise."""
    data = canonical.to_dict(report)
    stored, created = AnnualReport.objects.select_for_update().get_or_create(
        agency_name=report.agency,
        year=report.year,
        defaults={"canonical": data, "status": status or ReportStatus.DRAFT},
    )
    if not created:
        stored.canonical = data
        if status is not None:
            stored.status = status
        stored.save(update_fields=["canonical", "status", "updated_at"])
    return stored


@transaction.atomic
def change_status(stored: AnnualReport, new: ReportStatus) -> AnnualReport:
    locked = AnnualReport.objects.select_for_update().get(pk=stored.pk)
    current = ReportStatus(locked.status)
    if new not in TRANSITIONS[current]:
        raise StatusChangeRefused(f"年度报告不能从“{current.label}”改为“{new.label}”。")
    locked.status = new
    locked.save(update_fields=["status", "updated_at"])
    return locked
