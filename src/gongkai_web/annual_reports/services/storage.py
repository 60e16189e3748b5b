"""Reports published elsewhere, stored whole: last year's report imported from its file, or a
file of a supervisor's batch check adopted as an agency's report.

This is the one way a report arrives already published; a report written here is published
only through the workflow (services.workflow)."""

from __future__ import annotations

import json
from dataclasses import replace

from django.db import transaction

from gongkai.parse import parse_bytes
from gongkai.report import canonical
from gongkai.report.model import Report
from gongkai_web.annual_reports import narrative
from gongkai_web.annual_reports.models import (
    AnnualReport,
    ReportStatus,
    Source,
)
from gongkai_web.annual_reports.services._common import (
    ReportRefused,
    _require,
)
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency, Role

# --- last year's report from a published file ------------------------------------------------


@transaction.atomic
def import_published(
    *, actor: audit.Actor, agency: Agency, year: int, data: bytes, name: str
) -> AnnualReport:
    """Last year's report read from its published file, for the year-over-year rules."""
    _require(actor, agency, Role.CLERK, Role.SUPERVISOR, what="导入已公开的年度报告")
    result = parse_bytes(data, name)
    if result.report is None:
        reason = result.findings[0].message if result.findings else "无法读取。"
        raise ReportRefused(f"文件“{name}”未能读出年度报告：{reason}")
    return store_imported(actor=actor, agency=agency, year=year, report=result.report, name=name)


@transaction.atomic
def store_imported(
    *, actor: audit.Actor, agency: Agency, year: int, report: Report, name: str
) -> AnnualReport:
    existing = AnnualReport.objects.filter(agency_name=agency.name, year=year).first()
    if existing is not None and existing.source != Source.IMPORTED:
        raise ReportRefused(f"{agency.name} {year} 年度报告已在本系统中，不能用导入的文件替换。")
    report = replace(report, agency=agency.name, year=year)
    data = json.loads(canonical.dumps(report))
    stored, _ = AnnualReport.objects.update_or_create(
        agency_name=agency.name,
        year=year,
        defaults={
            "agency": agency,
            "canonical": data,
            "status": ReportStatus.PUBLISHED,
            "source": Source.IMPORTED,
            "narrative": narrative.parts_of(report.sections),
        },
    )
    audit.record(
        actor=actor,
        action="annual_report.import",
        obj=stored,
        agency=agency,
        changes={"file": name, "year": year},
    )
    return stored
