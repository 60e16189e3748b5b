"""The annual report of the national format of 2021 (国办公开办函〔2021〕30号) as data."""

from gongkai.report.canonical import ReportShapeError, dump, dumps, load, loads
from gongkai.report.model import DocCounts, Overview, Report, Sections, Table2
from gongkai.report.rules import Finding, Severity, check

__all__ = [
    "DocCounts",
    "Finding",
    "Overview",
    "Report",
    "ReportShapeError",
    "Sections",
    "Severity",
    "Table2",
    "check",
    "dump",
    "dumps",
    "load",
    "loads",
]
