"""Every report the foundation's renderers produce parses back to the same tables: HTML,
Word, and a PDF made from the Word file by LibreOffice (random consistent reports)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.parse import parse_bytes
from gongkai.report.model import Report
from gongkai.report.render import renderers
from gongkai.report.render.to_pdf import find_soffice

from .test_roundtrip import reports_with_narrative, tables

RENDER = renderers()


def _read_back(report: Report, kind: str) -> None:
    result = parse_bytes(RENDER[kind](report), f"rendered.{kind}")
    assert result.format == "2021", result.findings
    assert result.report is not None
    assert tables(result.report) == tables(report)
    assert [f.rule for f in result.findings] == []


@settings(max_examples=25, deadline=None)
@given(reports_with_narrative())
def test_it_reads_back_every_rendered_html_report(report: Report) -> None:
    _read_back(report, "html")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports_with_narrative())
def test_it_reads_back_every_rendered_word_report(report: Report) -> None:
    _read_back(report, "docx")


@pytest.mark.slow
@pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice（soffice）未安装：PDF 往返测试没有运行！请安装 libreoffice-writer-nogui",
)
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports_with_narrative())
def test_it_reads_back_a_rendered_pdf_report(report: Report) -> None:
    _read_back(report, "pdf")
