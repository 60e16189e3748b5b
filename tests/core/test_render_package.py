"""Same report, same bytes: no time of rendering inside the DOCX or XLSX."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.report.render.to_docx import render_docx
from gongkai.report.render.to_xlsx import render_xlsx
from tests.core.report_samples import seed_report

RENDERERS = {"docx": render_docx, "xlsx": render_xlsx}


@pytest.mark.parametrize("fmt", RENDERERS)
def test_it_renders_the_same_report_to_the_same_bytes(fmt: str) -> None:
    first = RENDERERS[fmt](seed_report())
    # Zip entry times have a two-second resolution: wait past it so a stamped time would differ.
    time.sleep(2.1)
    assert RENDERERS[fmt](seed_report()) == first


@pytest.mark.parametrize("fmt", RENDERERS)
def test_it_dates_the_document_by_its_publication_date_or_not_at_all(fmt: str) -> None:
    undated = zipfile.ZipFile(io.BytesIO(RENDERERS[fmt](seed_report())))
    core = undated.read("docProps/core.xml").decode("utf-8")
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    assert {info.date_time for info in undated.infolist()} == {(1980, 1, 1, 0, 0, 0)}

    dated = RENDERERS[fmt](replace(seed_report(), published_on=date(2025, 1, 20)))
    core = zipfile.ZipFile(io.BytesIO(dated)).read("docProps/core.xml").decode("utf-8")
    assert core.count("2025-01-20T00:00:00Z") == 2


def test_word_and_openpyxl_still_read_the_rewritten_packages() -> None:
    report = replace(seed_report(), published_on=date(2025, 1, 20))
    doc = Document(io.BytesIO(render_docx(report)))
    assert doc.core_properties.created.date() == date(2025, 1, 20)
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.properties.modified.date() == date(2025, 1, 20)
