"""The snapshot: tables computed from the records, assembled with the narrative, and checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from gongkai.report import canonical
from gongkai.report.model import Report
from gongkai.report.rules import Severity
from gongkai_web import clock
from gongkai_web.annual_reports import checks, narrative, selectors, snapshot
from gongkai_web.annual_reports.models import (
    AnnualReport,
    ReportStatus,
)
from gongkai_web.annual_reports.providers import collect_facts, collect_tables
from gongkai_web.annual_reports.services._common import ReportRefused
from gongkai_web.organizations.models import Agency

# --- the snapshot ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Computed:
    tables: Report  # tables only, corrections applied
    drilldown: dict[str, list[dict[str, Any]]]
    facts: dict[str, dict[str, Any]]
    notes: list[str]


def compute(
    agency: Agency, year: int, as_of: dt.datetime, corrections: list[dict[str, Any]] | None = None
) -> Computed:
    provided = collect_tables(agency, year, as_of)
    tables = snapshot.tables_report(agency.name, year, provided.figures)
    return Computed(
        snapshot.with_corrections(tables, corrections or []),
        snapshot.drilldown(provided.figures),
        snapshot.facts_dict(collect_facts(agency, year, as_of)),
        list(provided.notes),
    )


def contact(agency: Agency) -> str | None:
    pairs = (
        ("政府信息公开工作机构", agency.office_name),
        ("办公地址", agency.office_address),
        ("办公时间", agency.office_hours),
        ("联系电话", agency.office_phone),
        ("传真", agency.office_fax),
        ("电子邮箱", agency.office_email),
    )
    text = "；".join(f"{label}：{value}" for label, value in pairs if value)
    return text or None


def assemble(
    tables: Report,
    parts: Mapping[str, str],
    facts: Mapping[str, Mapping[str, Any]],
    agency: Agency | None,
) -> Report:
    values = snapshot.token_values(tables, facts)
    return replace(
        tables,
        sections=narrative.sections(parts, lambda text: narrative.expand(text, values)),
        contact=contact(agency) if agency else tables.contact,
    )


def _store_content(stored: AnnualReport, report: Report) -> None:
    stored.canonical = canonical.to_dict(report)
    refresh_counts(stored, report)


def refresh_counts(
    stored: AnnualReport, report: Report | None = None, today: dt.date | None = None
) -> None:
    found = findings(stored, report, today)
    stored.errors_count = sum(1 for f in found if f.severity is Severity.ERROR)
    stored.warnings_count = len(found) - stored.errors_count


def findings(
    stored: AnnualReport, report: Report | None = None, today: dt.date | None = None
) -> list[Any]:
    report = report or selectors.as_report(stored)
    previous = selectors.previous_report(stored)
    return checks.run(
        report,
        previous,
        agency=stored.agency,
        as_of=stored.as_of,
        today=today or clock.today(),
        published=stored.status == ReportStatus.PUBLISHED,
    )


# --- the report as it stands -------------------------------------------------------------------


class NothingToReport(ReportRefused):
    """No such agency, or neither a published report nor any record for the year."""


def report_of(*, agency_name: str, year: int, as_of: dt.datetime) -> Report:
    """The agency's report for ``year``: the published one if there is one, else a draft
    generated from the records as they stand at ``as_of`` (nothing is saved), with the stored
    draft's narrative if one exists, otherwise the first draft's."""
    stored = AnnualReport.objects.filter(agency_name=agency_name, year=year).first()
    if stored is not None and stored.status == ReportStatus.PUBLISHED:
        return selectors.as_report(stored)
    agency = Agency.objects.filter(name=agency_name).first()
    if agency is None:
        raise NothingToReport(
            f"没有名为“{agency_name}”的机关，也没有以此名称公开的年度报告；请核对机关全称"
            "（与“机关管理”中的名称一致，例如“淮安市洪泽区人民政府”）"
        )
    computed = compute(agency, year, as_of, stored.corrections if stored else None)
    if not computed.drilldown and not any(fact["refs"] for fact in computed.facts.values()):
        raise NothingToReport(
            f"{agency_name} {year} 年度没有已公开的年度报告，也没有可生成报告的记录（依申请公开"
            "申请、复议诉讼、目录信息、决定和收费登记、政务新媒体）；请核对年度，或先录入该年度的记录"
        )
    parts = stored.narrative if stored else narrative.prefill(agency.name, year)
    return assemble(computed.tables, parts, computed.facts, agency)
