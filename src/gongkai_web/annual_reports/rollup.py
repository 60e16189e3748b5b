"""The supervisor's view of a government's report: the roll-up of the agencies below it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.report import rollup as core
from gongkai.report.model import Report
from gongkai.report.rules import Finding, check, describe_cell
from gongkai_web.annual_reports import aggregate, selectors
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.organizations.models import Agency

# Figures the chart can show: key → (label, cell path).
FIGURES: dict[str, tuple[str, str]] = {
    "new": ("本年新收政府信息公开申请（件）", "table3.new[6]"),
    "total": ("办结政府信息公开申请（件）", "table3.total[6]"),
    "licensing": ("行政许可处理决定（件）", "table2.licensing"),
    "fees": ("行政事业性收费（万元）", "table2.fees"),
    "reconsideration": ("行政复议（件）", "table4[4]"),
}


@dataclass(frozen=True)
class Mismatch:
    agency: str
    report_id: int
    cell: str
    name: str
    in_report: Any
    in_records: Any


@dataclass(frozen=True)
class Rollup:
    government: Agency
    year: int
    own: AnnualReport | None
    parts: list[AnnualReport]
    missing: list[Agency]
    total: Report  # the sum of the parts' tables
    findings: list[Finding]  # the rules applied to the roll-up itself
    mismatches: list[Mismatch]  # where a part's snapshot differs from its records (table 三)

    @property
    def balanced(self) -> bool:
        return not self.mismatches and not any(f.severity == "error" for f in self.findings)


def value_of(report: Report, cell: str) -> Any:
    from gongkai_web.annual_reports.snapshot import cell_value

    return cell_value(report, cell)


def build(government: Agency, year: int) -> Rollup:
    below = list(
        Agency.objects.filter(path__startswith=government.path)
        .exclude(pk=government.pk)
        .exclude(kind="unit")
        .order_by("path")
    )
    stored = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(year=year, agency__in=below).select_related("agency")
    }
    parts = [stored[a.pk] for a in below if a.pk in stored]
    reports = {r.pk: selectors.as_report(r) for r in parts}
    total = core.total(f"{government.name}所属机关汇总", year, reports.values())
    records = aggregate.table3_by_agency(year, under_path=government.path)
    mismatches: list[Mismatch] = []
    for part in parts:
        counted = records.get(part.agency_id) if part.agency_id is not None else None
        if counted is None or part.source != "generated":
            continue
        for key, row in counted.items():
            for col, value in enumerate(row):
                mine = reports[part.pk].table3[key][col]
                if mine != value:
                    cell = f"table3.{key}[{col}]"
                    mismatches.append(
                        Mismatch(part.agency_name, part.pk, cell, describe_cell(cell), mine, value)
                    )
    return Rollup(
        government=government,
        year=year,
        own=AnnualReport.objects.filter(agency=government, year=year).first(),
        parts=parts,
        missing=[a for a in below if a.pk not in stored],
        total=total,
        findings=check(total),
        mismatches=mismatches,
    )


def by_agency(parts: list[AnnualReport], figure: str) -> list[tuple[str, Any]]:
    cell = FIGURES[figure][1]
    return [
        (
            p.agency.display_name if p.agency else p.agency_name,
            value_of(selectors.as_report(p), cell),
        )
        for p in parts
    ]


def by_year(government: Agency, figure: str) -> list[tuple[str, Any]]:
    cell = FIGURES[figure][1]
    sums: dict[int, Any] = {}
    found = (
        AnnualReport.objects.filter(agency__path__startswith=government.path)
        .exclude(agency=government)
        .order_by("year")
    )
    for stored in found:
        value = value_of(selectors.as_report(stored), cell) or 0
        sums[stored.year] = (
            sums.get(stored.year, Decimal(0) if cell == "table2.fees" else 0) + value
        )
    return [(f"{year} 年", value) for year, value in sorted(sums.items())]
