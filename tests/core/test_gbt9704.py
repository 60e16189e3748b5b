"""Letters come out as A4 DOCX in the GB/T 9704 layout, with Chinese fonts set for Chinese."""

import datetime as dt
import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai.documents.gbt9704 import Letter, chinese_date, render


def open_letter(**fields: object) -> object:
    letter = Letter(
        title="政府信息公开申请答复书",
        paragraphs=("第一段。", "第二段。"),
        addressee="张三",
        number="新教公复〔2024〕3号",
        signer="新华区教育局",
        date=dt.date(2025, 1, 5),
        **fields,  # type: ignore[arg-type]
    )
    return Document(io.BytesIO(render(letter)))


def test_it_writes_a4_with_the_standard_margins() -> None:
    section = open_letter().sections[0]  # type: ignore[attr-defined]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28
    assert abs(section.right_margin - Mm(26)) < Mm(0.1)


def test_it_lays_out_title_number_addressee_body_signature_and_date() -> None:
    texts = [p.text for p in open_letter().paragraphs if p.text]  # type: ignore[attr-defined]
    assert texts == [
        "政府信息公开申请答复书",
        "新教公复〔2024〕3号",
        "张三：",
        "第一段。",
        "第二段。",
        "新华区教育局",
        "2025年1月5日",
    ]


def test_it_sets_the_east_asian_font_on_every_run() -> None:
    for paragraph in open_letter().paragraphs:  # type: ignore[attr-defined]
        for run in paragraph.runs:
            assert run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_it_writes_dates_without_leading_zeros() -> None:
    assert chinese_date(dt.date(2025, 1, 5)) == "2025年1月5日"


def test_it_numbers_the_pages_in_the_footer_like_the_annual_report() -> None:
    section = open_letter().sections[0]  # type: ignore[attr-defined]
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml
    assert "—" in section.footer.paragraphs[0].text


def test_it_sets_the_addressee_flush_left() -> None:
    doc = open_letter()
    addressee = next(p for p in doc.paragraphs if p.text == "张三：")  # type: ignore[attr-defined]
    assert addressee.paragraph_format.first_line_indent == 0
