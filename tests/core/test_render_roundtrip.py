"""What the renderers write, the parser of published reports reads back: agency, year and
every table cell, from the HTML page, the Word document and (with LibreOffice) the PDF."""

from __future__ import annotations

import pytest

from gongkai.parse import parse_bytes
from gongkai.report.canonical import to_dict
from gongkai.report.model import Report
from gongkai.report.render import renderers
from gongkai.report.render.to_pdf import find_soffice
from tests.core.report_samples import reports

SAMPLES = reports()
KEYS = ("agency", "year", "table2", "table3", "table4")


def read_back(fmt: str, report: Report) -> dict[str, object]:
    result = parse_bytes(renderers()[fmt](report), f"report.{fmt}")
    assert result.report is not None, result.findings
    assert result.format == "2021"
    assert list(result.findings) == []
    data = to_dict(result.report)
    return {key: data[key] for key in KEYS}


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize(("name", "report"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_the_parser_reads_back_every_cell(fmt: str, name: str, report: Report) -> None:
    data = to_dict(report)
    assert read_back(fmt, report) == {key: data[key] for key in KEYS}


@pytest.mark.skipif(
    find_soffice() is None,
    reason="LIBREOFFICE IS NOT INSTALLED: the PDF round trip is NOT tested here",
)
def test_the_parser_reads_back_every_cell_of_the_pdf() -> None:
    report = SAMPLES[1][1]
    data = to_dict(report)
    assert read_back("pdf", report) == {key: data[key] for key in KEYS}
