"""Reads of stored annual reports."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.report import canonical
from gongkai.report.model import Report
from gongkai_web.annual_reports.models import AnnualReport


def report_list() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.all()


def report_by_id(report_id: int) -> AnnualReport:
    return get_object_or_404(AnnualReport, pk=report_id)


def as_report(stored: AnnualReport) -> Report:
    """The stored canonical JSON as the core's Report value (validated on every read)."""
    return canonical.from_dict(stored.canonical)
