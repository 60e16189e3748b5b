"""HTML (UTF-8, GBK, GB2312, UTF-16), Word and PDF versions of a report read back to its
tables; merged cells are expanded, not counted twice."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings

from gongkai.parse import parse_bytes
from gongkai.report import load
from gongkai.report.model import Report
from gongkai.report.render.text import render_text

from ..strategies import consistent_reports
from .documents import to_docx, to_html
from .test_roundtrip import tables

ROOT = Path(__file__).resolve().parents[3]
SEED = load(ROOT / "src/gongkai/report/examples/xinhua-education-2024.json")


@cache
def seed_docx() -> bytes:
    """The seed as a Word file whose tables merge cells as published ones do (built once)."""
    return to_docx(SEED)


def _read(data: bytes, kind: str) -> Report:
    result = parse_bytes(data, f"report.{kind}")
    assert result.kind == kind
    assert result.format == "2021", result.findings
    assert result.report is not None
    return result.report


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb2312"])
def test_it_reads_an_html_page_in_each_chinese_encoding(charset: str) -> None:
    page = to_html(SEED, charset).encode("gb18030" if charset != "utf-8" else "utf-8")
    assert tables(_read(page, "html")) == tables(SEED)


def test_it_reads_gbk_html_that_declares_no_charset() -> None:
    page = to_html(SEED).replace("charset=utf-8", "").encode("gbk")
    assert tables(_read(page, "html")) == tables(SEED)


def test_it_reads_utf16_with_a_bom() -> None:
    page = to_html(SEED).encode("utf-16")
    assert tables(_read(page, "html")) == tables(SEED)


def test_it_ignores_the_site_menu_and_scripts_around_the_report() -> None:
    result = parse_bytes(to_html(SEED).encode())
    assert result.report is not None
    assert result.report.agency == SEED.agency
    assert result.findings == ()


@settings(max_examples=25, deadline=None)
@given(consistent_reports())
def test_it_reads_back_random_reports_from_html(report: Report) -> None:
    assert tables(_read(to_html(report).encode(), "html")) == tables(report)


def test_it_reads_the_merged_cells_of_a_word_table() -> None:
    assert tables(_read(seed_docx(), "docx")) == tables(SEED)


SOFFICE = shutil.which("soffice")


def docx_to_pdf(data: bytes, suffix: str = "docx") -> bytes:
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"report.{suffix}"
        source.write_bytes(data)
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": tmp},
        )
        return (Path(tmp) / "report.pdf").read_bytes()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) 不在本机：PDF 往返测试被跳过")
def test_it_reads_back_a_pdf_made_from_the_word_file() -> None:
    pdf = docx_to_pdf(seed_docx())
    assert tables(_read(pdf, "pdf")) == tables(SEED)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) 不在本机：PDF 往返测试被跳过")
def test_it_reads_a_pdf_of_plain_text_without_table_rules() -> None:
    """Text printed to PDF: no ruling lines, labels glued to their first number, long rows
    wrapped onto the next line."""
    pdf = docx_to_pdf(render_text(SEED), "txt")
    result = parse_bytes(pdf)
    assert result.report is not None
    assert tables(result.report) == tables(SEED)
    assert result.findings == ()
