"""Reports published elsewhere, stored whole: last year's report imported from its file, or a
file of a supervisor's batch check adopted as an agency's report.

This is the one way a report arrives already published: through the table's import move
(导入（系统外已公开）, workflow.services.enter), which signs no step; a report written here is
published only through its review (services.workflow)."""

from __future__ import annotations

import json
from dataclasses import replace

from django.db import transaction

from gongkai.parse import parse_bytes
from gongkai.report import canonical
from gongkai.report.model import Report
from gongkai.workflow.tables.annual_report import ReportAction
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
from gongkai_web.annual_reports.workflow import REPORT
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs

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
    parts = narrative.parts_of(report.sections)
    if existing is not None:
        # A newer file of the same imported report: its figures replace the old, the state
        # (published, by the import move) stays.
        existing.agency, existing.canonical, existing.narrative = agency, data, parts
        existing.save(update_fields=["agency", "canonical", "narrative"])
        audit.record(
            actor=actor,
            action="annual_report.reimport",
            obj=existing,
            agency=agency,
            changes={"file": name, "year": year},
        )
        return existing
    new = AnnualReport(
        agency=agency,
        agency_name=agency.name,
        year=year,
        canonical=data,
        status=ReportStatus.DRAFT,
        source=Source.IMPORTED,
        narrative=parts,
    )
    # The table's import move: 导入（系统外已公开）, with its event and audit row.
    [stored] = workflow.enter(
        REPORT,
        [new],
        ReportAction.IMPORT,
        actor=actor,
        inputs=[Inputs(data={"file": name, "year": year})],
    )
    imported: AnnualReport = stored
    return imported
