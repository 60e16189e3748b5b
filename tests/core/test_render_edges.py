"""Every renderer takes any complete report: no narrative, unknown cells, odd characters."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from docx import Document
from openpyxl import load_workbook

from gongkai.report import format2021 as f
from gongkai.report.model import Report, Sections
from gongkai.report.render import renderers
from gongkai.report.render.outline import Heading, Paragraph, heading_level, outline
from tests.core.report_samples import busy_report, seed_report

FORMATS = ("txt", "html", "docx", "xlsx")


def text_of(fmt: str, data: bytes) -> str:
    if fmt == "html":
        return BeautifulSoup(data.decode("utf-8"), "lxml").get_text()
    if fmt == "docx":
        doc = Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for s in book for row in s.iter_rows() for c in row)
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_renders_a_report_without_narrative(fmt: str) -> None:
    data = renderers()[fmt](Report(agency="某县档案馆", year=2023))
    text = text_of(fmt, data)
    assert f.T3_ROW_LABELS["carry_next"] in text
    if fmt in ("html", "docx"):
        assert all(heading in text for heading in f.SECTION_HEADINGS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_drops_control_characters_xml_cannot_hold(fmt: str) -> None:
    report = replace(
        busy_report(),
        agency="某县\x0b档案馆",
        sections=Sections(preamble="本年度\x01报告。", problems="无\x1f。"),
    )
    text = text_of(fmt, renderers()[fmt](report))
    if fmt != "txt":
        assert "\x0b" not in text and "\x01" not in text
    if fmt in ("html", "docx"):
        assert "本年度报告。" in text


def test_it_leaves_unknown_figures_blank_in_the_word_document() -> None:
    report = seed_report().with_cell("table3.total[6]", None).with_cell("table2.fees", None)
    doc = Document(io.BytesIO(renderers()["docx"](report)))
    table3 = doc.tables[1]
    assert table3.rows[-2].cells[-1].text == ""
    assert doc.tables[0].rows[-1].cells[1].text == ""


def test_it_does_not_break_a_title_when_there_is_no_agency_to_break_after() -> None:
    report = replace(
        seed_report(), agency="", title="关于二〇二四年度政府信息公开工作情况的报告（全文）"
    )
    title = outline(report)[0]
    assert title.lines == (report.title,)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("（一）存在的问题", 2),
        ("(二) 改进措施", 2),
        ("1.目录更新", 3),
        ("2、加强培训", 3),
        ("（3）考核", 4),
        ("（一）存在的问题。一是信息不准确。", None),
        ("1.5万条信息", None),
        ("一是强化领导机制", None),
        ("（一）", None),
    ],
)
def test_it_tells_a_numbered_sub_heading_from_a_numbered_sentence(
    line: str, level: int | None
) -> None:
    assert heading_level(line) == level


def test_it_keeps_the_overview_parts_as_level_2_headings_with_their_paragraphs() -> None:
    blocks = outline(seed_report())
    headings = [b.text for b in blocks if isinstance(b, Heading) and b.level == 2]
    assert headings[:5] == [f"{n}{h}" for _, n, h in f.OVERVIEW_PARTS]
    assert sum(isinstance(b, Paragraph) for b in blocks) == 12  # 7 + 4 under 五 + 1 under 六
