"""Reads of stored annual reports."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.report import canonical
from gongkai.report.model import Report
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus


def report_list() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.all()


def report_by_id(report_id: int) -> AnnualReport:
    return get_object_or_404(AnnualReport.objects.select_related("agency"), pk=report_id)


def published_reports() -> QuerySet[AnnualReport]:
    """Reports on the portal, newest year first: the publishing app's portal lists these."""
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).order_by(
        "-year", "agency_name"
    )


def as_report(stored: AnnualReport) -> Report:
    """The stored canonical JSON as the core's Report value, validated on every read.

    JSONField hands back Python floats (3.1 万元); the core reads decimals exactly from JSON
    text, so the value goes back through text (a float's repr is its shortest exact form).
    """
    return canonical.loads(json.dumps(stored.canonical, default=_number))


def _number(value: object) -> float:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def previous_year(stored: AnnualReport) -> AnnualReport | None:
    """The same agency's report for the year before, for the year-over-year rules."""
    return AnnualReport.objects.filter(agency_name=stored.agency_name, year=stored.year - 1).first()


def previous_report(stored: AnnualReport) -> Report | None:
    """Last year's report as published (or imported); a draft of last year does not count."""
    found = previous_year(stored)
    if found is None or found.status != ReportStatus.PUBLISHED:
        return None
    return as_report(found)
