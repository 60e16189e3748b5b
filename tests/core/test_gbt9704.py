"""Letters come out as A4 DOCX in the GB/T 9704 layout, with Chinese fonts set for Chinese."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor

from gongkai.documents.gbt9704 import (
    Letter,
    LetterFormat,
    chinese_date,
    render,
    signature_indents,
    title_lines,
    width,
)


def open_letter(**fields: object) -> object:
    values: dict[str, object] = {
        "title": "政府信息公开申请答复书",
        "paragraphs": ("第一段。", "第二段。"),
        "addressee": "张三",
        "number": "新教公复〔2024〕3号",
        "signer": "新华区教育局",
        "date": dt.date(2025, 1, 5),
    }
    letter = Letter(**(values | fields))  # type: ignore[arg-type]
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
        "新华区教育局政府信息公开申请答复书",
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


def right_indent_chars(paragraph) -> float:  # type: ignore[no-untyped-def]
    ind = paragraph._p.pPr.find(qn("w:ind"))
    return int(ind.get(qn("w:rightChars"), "0")) / 100


def test_it_measures_numerals_as_half_a_character_with_the_space_between_scripts() -> None:
    assert width("新华区教育局") == 6
    # LibreOffice prints "2025年12月25日" 8.3 characters wide (pdftotext -bbox).
    assert abs(width("2025年12月25日") - 8.3) < 0.2


def test_it_centres_the_signature_over_the_date_four_characters_in_with_a_seal() -> None:
    # 7.3.5.1: the date four characters in; 署名 centred over it.
    signer, date = signature_indents("新华区卫生健康委员会", "2025年1月5日", sealed=True)
    assert date == 4
    centre_of = lambda indent, text: indent + width(text) / 2  # noqa: E731
    assert centre_of(signer, "新华区卫生健康委员会") == pytest.approx(
        centre_of(date, "2025年1月5日")
    )
    doc = open_letter(signer="新华区卫生健康委员会")
    paragraphs = {p.text: p for p in doc.paragraphs}  # type: ignore[attr-defined]
    assert right_indent_chars(paragraphs["2025年1月5日"]) == 4
    assert right_indent_chars(paragraphs["新华区卫生健康委员会"]) == pytest.approx(signer, abs=0.01)


def test_it_sets_the_date_two_characters_right_of_the_signature_without_a_seal() -> None:
    # 7.3.5.2: 署名 two characters in, the date's first character two characters right of the
    # 署名's first; a date longer than that stays two in and pushes the 署名 left.
    long_name, day = "新华区卫生健康委员会", "2025年1月5日"
    signer, date = signature_indents(long_name, day, sealed=False)
    assert signer == 2
    assert (signer + width(long_name)) - (date + width(day)) == pytest.approx(2)
    signer, date = signature_indents("新华区教育局", "2025年12月25日", sealed=False)
    assert date == 2
    assert (signer + 6) - (date + width("2025年12月25日")) == pytest.approx(2)


def test_it_keeps_the_last_paragraph_and_the_signature_with_the_date() -> None:
    doc = open_letter()
    paragraphs = doc.paragraphs  # type: ignore[attr-defined]
    last = next(i for i, p in enumerate(paragraphs) if p.text == "第二段。")
    for paragraph in paragraphs[last:-1]:
        assert paragraph.paragraph_format.keep_with_next is True
    assert paragraphs[-1].text == "2025年1月5日"


def test_it_heads_a_letter_with_the_agency_mark_and_a_red_double_line() -> None:
    doc = open_letter(format=LetterFormat.HEADED)
    paragraphs = [p for p in doc.paragraphs if p.text]  # type: ignore[attr-defined]
    mark, number, title = paragraphs[:3]
    assert (mark.text, number.text, title.text) == (
        "新华区教育局",
        "新教公复〔2024〕3号",
        "政府信息公开申请答复书",
    )
    assert mark.runs[0].font.color.rgb == RGBColor(0xE6, 0x00, 0x12)
    border = mark._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:val")) == "thickThinSmallGap"
    assert number.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert doc.sections[0].different_first_page_header_footer  # type: ignore[attr-defined]


def test_it_puts_a_long_agency_name_on_its_own_title_line() -> None:
    letter = Letter("政府信息公开申请处理告知书", (), signer="新华区卫生健康委员会")
    assert title_lines(letter) == ["新华区卫生健康委员会", "政府信息公开申请处理告知书"]
    short = Letter("补正申请告知书", (), signer="新华区教育局")
    assert title_lines(short) == ["新华区教育局补正申请告知书"]
