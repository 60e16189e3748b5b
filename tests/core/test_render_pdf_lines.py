"""The seed report's PDF, line by line: every character of the DOCX's text is printed (none
lost at a line end), no line runs past the right margin, and each official face is drawn in
its own free substitute (docs/rendering.md, "Fonts")."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document

from gongkai.report.render.to_docx import render_docx
from gongkai.report.render.to_pdf import docx_to_pdf, find_soffice, for_libreoffice
from tests.core.report_samples import seed_report

needs_soffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="the PDF's lines need LibreOffice and poppler-utils "
    "(apt-get install --no-install-recommends libreoffice-writer-nogui poppler-utils)",
)
A4_WIDTH_PT = 595.3
RIGHT_MARGIN_PT = 26 / 25.4 * 72  # GB/T 9704: 26 mm on the right of an odd page
PAGE_NUMBER = re.compile(r"—\d+—")


@pytest.fixture(scope="module")
def seed() -> tuple[bytes, Path]:
    docx = render_docx(seed_report())
    work = Path(tempfile.mkdtemp(prefix="gongkai-lines-"))
    pdf = work / "seed.pdf"
    pdf.write_bytes(docx_to_pdf(docx))
    return docx, pdf


def squeeze(text: str) -> str:
    return "".join(text.split())


def poppler(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@needs_soffice
def test_it_prints_every_character_of_every_paragraph_across_its_line_ends(seed) -> None:
    docx, pdf = seed
    printed = PAGE_NUMBER.sub("", squeeze(poppler("pdftotext", str(pdf), "-")))
    paragraphs = [squeeze(p.text) for p in Document(io.BytesIO(docx)).paragraphs]
    lost = [p for p in paragraphs if p and p not in printed]
    assert lost == []
    assert "审核流程，引入" in printed  # p. 5: the 「，」 LibreOffice dropped when it hung


@needs_soffice
def test_it_keeps_line_end_punctuation_inside_the_right_margin(seed) -> None:
    _, pdf = seed
    boxes = poppler("pdftotext", "-bbox", str(pdf), "-")
    right = [
        float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', boxes)
    ]
    edge = A4_WIDTH_PT - RIGHT_MARGIN_PT
    assert max(right) <= edge + 0.5, f"a line ends {max(right) - edge:.1f} pt into the margin"


def test_it_tells_libreoffice_not_to_hang_punctuation_and_word_the_same() -> None:
    docx = render_docx(seed_report())
    import zipfile

    def styles(data: bytes) -> str:
        return zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()

    assert '<w:overflowPunct w:val="0"/>' in styles(docx)  # ECMA-376: no hanging, for Word
    assert '<w:overflowPunct w:val="1"/>' in styles(for_libreoffice(docx))  # LibreOffice's reading
    assert '<w:overflowPunct w:val="0"/>' not in styles(for_libreoffice(docx))


@needs_soffice
def test_it_draws_each_official_face_in_its_own_free_face(seed) -> None:
    _, pdf = seed
    fonts = poppler("pdffonts", str(pdf))
    assert "NotoSerifCJK" in fonts and "Bold" in fonts  # 小标宋 title: the heavy Song
    assert "NotoSansCJK" in fonts  # 黑体 headings
    if "AR PL UKai CN" not in poppler("fc-list", ":lang=zh", "family"):
        pytest.skip("fonts-arphic-ukai is not installed: 楷体 falls back to Noto Serif")
    assert "UKai" in fonts  # 楷体 headings
