"""The Word document: GB/T 9704-2012 page and fonts, tables merged as the official format."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from gongkai.report import format2021 as f
from gongkai.report.model import Report
from gongkai.report.render.to_docx import DocxStyle, render_docx
from tests.core.report_samples import busy_report, expected_tables, reports, seed_report

SAMPLES = reports()


def open_docx(report: Report, style: DocxStyle | None = None) -> Any:
    return Document(io.BytesIO(render_docx(report, style)))


def table_with(doc: Any, text: str) -> Any:
    for table in doc.tables:
        if text in table._tbl.xml:
            return table
    raise AssertionError(f"no table holds {text!r}")


def matrix(table: Any) -> list[list[str]]:
    # Table.cell rebuilds the whole cell list per call; read the list once. It gives a merged
    # cell once per grid slot it covers, the way Word shows it.
    cols = len(table.columns)
    cells = [cell.text for cell in table._cells]
    return [cells[i : i + cols] for i in range(0, len(cells), cols)]


def tcs_of_row(table: Any, r: int) -> list[Any]:
    return table._tbl.tr_lst[r].tc_lst


def span_and_merge(tc: Any) -> tuple[int, str | None]:
    tc_pr = tc.tcPr
    span = tc_pr.find(qn("w:gridSpan"))
    merge = tc_pr.find(qn("w:vMerge"))
    merge_value = None if merge is None else merge.get(qn("w:val"), "continue")
    return (1 if span is None else int(span.get(qn("w:val")))), merge_value


def east_asia(r_pr: Any) -> str | None:
    fonts = r_pr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_it_sets_a4_and_the_gb_t_9704_margins() -> None:
    section = open_docx(seed_report()).sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def test_it_names_the_body_font_for_chinese_text_in_the_normal_style() -> None:
    doc = open_docx(seed_report())
    normal = doc.styles["Normal"]
    assert east_asia(normal.element.rPr) == "仿宋_GB2312"
    assert normal.font.size.pt == 16
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert east_asia(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))) == "仿宋_GB2312"
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"  # two characters


def test_it_sets_the_title_in_22_pt_xiaobiaosong() -> None:
    doc = open_docx(seed_report())
    title = doc.paragraphs[0]
    assert title.style.name == "Title"
    assert title.style.font.size.pt == 22
    assert east_asia(title.style.element.rPr) == "方正小标宋简体"
    assert title.text.replace("\n", "") == "新华区教育局2024年政府信息公开工作年度报告"
    assert title.text.split("\n")[0] == "新华区教育局"  # a trapezoid, not a wrap mid-word


def test_it_sets_heading_levels_in_hei_kai_and_fangsong() -> None:
    doc = open_docx(seed_report())
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text["一、总体情况"].style.name == "Heading 1"
    assert by_text["（一）主动公开"].style.name == "Heading 2"
    fonts = [east_asia(doc.styles[f"Heading {n}"].element.rPr) for n in (1, 2, 3, 4)]
    assert fonts == ["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"]
    assert all(doc.styles[f"Heading {n}"].font.size.pt == 16 for n in (1, 2, 3, 4))
    assert not any(doc.styles[f"Heading {n}"].font.bold for n in (1, 2, 3, 4))


def test_it_makes_levels_2_and_3_bold_when_the_template_asks() -> None:
    doc = open_docx(seed_report(), DocxStyle(bold_levels=frozenset({2, 3})))
    assert [bool(doc.styles[f"Heading {n}"].font.bold) for n in (1, 2, 3, 4)] == [
        False,
        True,
        True,
        False,
    ]


def test_it_styles_a_numbered_narrative_line_as_a_sub_heading() -> None:
    doc = open_docx(seed_report())
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text["（一）存在的问题"].style.name == "Heading 2"
    assert by_text["（二）改进措施"].style.name == "Heading 2"
    busy = {p.text: p for p in open_docx(busy_report()).paragraphs}
    assert busy["1.目录更新"].style.name == "Heading 3"
    assert busy["（1）考核"].style.name == "Heading 4"
    assert busy["修订公开指南。"].style.name == "Normal"


@pytest.mark.parametrize(("name", "report"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_it_puts_every_cell_where_the_official_format_puts_it(name: str, report: Report) -> None:
    doc = open_docx(report)
    assert len(doc.tables) == 3
    for table, (key, expected) in zip(doc.tables, expected_tables(report).items(), strict=True):
        assert matrix(table) == expected, key


def test_it_merges_the_header_cells_of_table_3() -> None:
    table = table_with(open_docx(seed_report()), f.T3_NOTE)
    row0, row1, row2 = (tcs_of_row(table, r) for r in range(3))
    assert span_and_merge(row0[0]) == (3, "restart")  # the 3×3 corner note
    assert span_and_merge(row1[0]) == (3, "continue")
    assert span_and_merge(row2[0]) == (3, "continue")
    assert span_and_merge(row0[1]) == (7, None)  # 申请人情况
    assert [span_and_merge(tc) for tc in row1[1:]] == [(1, "restart"), (5, None), (1, "restart")]
    assert span_and_merge(row2[1]) == (1, "continue")  # 自然人 over two header rows
    assert span_and_merge(row2[-1]) == (1, "continue")  # 总计 over two header rows
    assert len(row2) == 1 + 1 + 5 + 1


def test_it_merges_the_outcome_label_over_its_22_rows_and_groups_over_their_sub_rows() -> None:
    table = table_with(open_docx(seed_report()), f.T3_NOTE)
    first_outcome = 3 + 2
    merges = [
        span_and_merge(tcs_of_row(table, r)[0]) for r in range(first_outcome, first_outcome + 22)
    ]
    assert merges == [(1, "restart")] + [(1, "continue")] * 21
    deny_rows = range(first_outcome + 2, first_outcome + 10)
    assert [span_and_merge(tcs_of_row(table, r)[1]) for r in deny_rows] == [(1, "restart")] + [
        (1, "continue")
    ] * 7
    assert span_and_merge(tcs_of_row(table, first_outcome)[1]) == (2, None)  # （一）予以公开
    assert span_and_merge(tcs_of_row(table, 3)[0]) == (3, None)  # 一、本年新收…


def test_it_lists_all_25_row_labels_of_table_3_in_order() -> None:
    table = table_with(open_docx(busy_report()), f.T3_NOTE)
    labels = [row[2] for row in matrix(table)[3:]]
    assert labels == [f.T3_ROW_LABELS[key] for key in f.T3_ROW_KEYS]


def test_it_gives_table_4_three_header_rows() -> None:
    table = table_with(open_docx(seed_report()), f.T4_LITIGATION)
    header_rows = [tr for tr in table._tbl.tr_lst if tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(header_rows) == 3


def test_it_numbers_pages_with_a_page_field_between_dashes() -> None:
    doc = open_docx(seed_report())
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer._element.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph._p.pPr.find(qn("w:jc")).get(qn("w:val")) == side
        run = paragraph.runs[0]
        assert run.font.size.pt == 14  # 4号
        assert east_asia(run._r.rPr) == "宋体"


def test_it_declares_its_fonts_with_the_names_a_pc_usually_has_instead() -> None:
    doc = open_docx(seed_report())
    font_table = next(
        r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")
    )
    xml = font_table.blob.decode("utf-8")
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in xml
    assert 'w:name="黑体"' in xml


def test_it_leaves_out_the_template_s_old_style_copy_and_thumbnail() -> None:
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(render_docx(seed_report()))).namelist()
    assert "word/stylesWithEffects.xml" not in names
    assert not [n for n in names if "thumbnail" in n]
