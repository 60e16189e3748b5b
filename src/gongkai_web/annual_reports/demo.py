"""Demo data of the annual-reports app: the seed report of 新华区教育局 2024."""

from __future__ import annotations

from importlib import resources

from gongkai.report import canonical
from gongkai_web.annual_reports import services
from gongkai_web.annual_reports.models import ReportStatus

SEED = ("gongkai.report.examples", "xinhua-education-2024.json")


def seed_report_bytes() -> bytes:
    return resources.files(SEED[0]).joinpath(SEED[1]).read_bytes()


def load() -> list[str]:
    report = canonical.loads(seed_report_bytes())
    stored = services.save_report(report, status=ReportStatus.PUBLISHED)
    return [f"年度报告：{stored}"]
