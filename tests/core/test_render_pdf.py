"""PDF through LibreOffice: a clear error without it, a readable Chinese PDF with it."""

from __future__ import annotations

import io
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage

from gongkai.report.render import to_pdf
from gongkai.report.render.to_docx import render_docx
from gongkai.report.render.to_pdf import (
    FONTS_CONF,
    LibreOfficeMissing,
    PdfConversionFailed,
    docx_to_pdf,
    find_soffice,
)
from tests.core.report_samples import busy_report, seed_report

SOFFICE = find_soffice()
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LIBREOFFICE IS NOT INSTALLED: the PDF conversion is NOT tested here "
    "(apt-get install --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk)",
)


def page_count(pdf: bytes) -> int:
    return sum(1 for _ in PDFPage.get_pages(io.BytesIO(pdf)))


def font_names(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in PDFPage.get_pages(io.BytesIO(pdf)):
        fonts = page.resources.get("Font", {})
        fonts = fonts.resolve() if hasattr(fonts, "resolve") else fonts
        for ref in fonts.values():
            font = ref.resolve() if hasattr(ref, "resolve") else ref
            names.add(str(font.get("BaseFont")))
    return names


def test_it_says_in_chinese_that_libreoffice_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(to_pdf, "find_soffice", lambda: None)
    with pytest.raises(LibreOfficeMissing) as caught:
        docx_to_pdf(render_docx(seed_report()))
    assert caught.value.message.startswith(
        "未安装 LibreOffice，无法生成 PDF；请安装 libreoffice-writer-nogui"
    )


def test_it_finds_libreoffice_under_either_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        shutil, "which", lambda name: "/opt/lo/libreoffice" if name == "libreoffice" else None
    )
    assert find_soffice() == "/opt/lo/libreoffice"


def test_it_ships_a_fontconfig_file_that_maps_the_official_fonts_to_noto_cjk() -> None:
    conf = FONTS_CONF.read_text(encoding="utf-8")
    for family in ("仿宋_GB2312", "仿宋", "黑体", "楷体_GB2312", "宋体"):
        assert f"<family>{family}</family>" in conf
    assert "<string>方正小标宋简体</string>" in conf  # a match rule: the family and a weight
    assert "Noto Serif CJK SC" in conf and "Noto Sans CJK SC" in conf


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return docx_to_pdf(render_docx(seed_report()))


@needs_soffice
def test_it_converts_the_seed_docx_to_a_pdf_with_its_text(seed_pdf: bytes) -> None:
    pdf = seed_pdf
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) >= 4
    text = extract_text(io.BytesIO(pdf))
    assert "新华区教育局" in text
    assert "收到和处理政府信息公开申请情况" in text


@needs_soffice
def test_it_draws_fangsong_in_a_serif_and_heiti_in_a_sans_cjk_font(seed_pdf: bytes) -> None:
    names = font_names(seed_pdf)
    assert any("NotoSerifCJK" in n for n in names), names
    assert any("NotoSansCJK" in n for n in names), names


@needs_soffice
def test_it_converts_two_documents_at_once() -> None:
    documents = [render_docx(seed_report()), render_docx(busy_report())]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(docx_to_pdf, documents))
    assert all(page_count(pdf) >= 4 for pdf in pdfs)
    assert "绿水市自然资源和规划局" in extract_text(io.BytesIO(pdfs[1]))


@needs_soffice
def test_it_gives_up_after_the_timeout() -> None:
    with pytest.raises(PdfConversionFailed, match="秒内未完成"):
        docx_to_pdf(render_docx(seed_report()), timeout=0.05)


def test_it_reports_a_conversion_that_fails() -> None:
    with pytest.raises(PdfConversionFailed, match="未能把 DOCX 转换为 PDF（退出码 1）"):
        docx_to_pdf(b"PK", soffice=shutil.which("false"))


def test_it_uses_the_libreoffice_binary_it_is_given() -> None:
    with pytest.raises(PdfConversionFailed, match="退出码 1"):
        to_pdf.render_pdf(seed_report(), soffice=shutil.which("false"))
