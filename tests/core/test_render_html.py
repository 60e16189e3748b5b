"""The HTML page: standalone, printable on A4, tables laid out as published reports show them."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup, Tag

from gongkai.report import format2021 as f
from gongkai.report.model import Report
from gongkai.report.render import paragraphs
from gongkai.report.render.to_html import render_html
from tests.core.report_samples import busy_report, expected_tables, reports, seed_report

SAMPLES = reports()


def soup_of(report: Report) -> BeautifulSoup:
    return BeautifulSoup(render_html(report).decode("utf-8"), "lxml")


def expand(table: Tag) -> list[list[str]]:
    """The table as a matrix, each merged cell's text in every slot it covers."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.find_all("tr")):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            rowspan, colspan = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = cell.get_text()
            c += colspan
    n_rows = 1 + max(r for r, _ in grid)
    n_cols = 1 + max(c for _, c in grid)
    return [[grid.get((r, c), "<hole>") for c in range(n_cols)] for r in range(n_rows)]


def cell_by_text(soup: BeautifulSoup, table_id: str, text: str) -> Tag:
    table = soup.find("table", id=table_id)
    assert isinstance(table, Tag)
    found = [cell for cell in table.find_all(["th", "td"]) if cell.get_text() == text]
    assert len(found) == 1, f"{text!r} appears {len(found)} times in {table_id}"
    return found[0]


def spans(cell: Tag) -> tuple[int, int]:
    return int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))


@pytest.mark.parametrize(("name", "report"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_it_puts_every_cell_where_the_official_format_puts_it(name: str, report: Report) -> None:
    soup = soup_of(report)
    for key, expected in expected_tables(report).items():
        table = soup.find("table", id=key)
        assert isinstance(table, Tag), key
        assert expand(table) == expected, key


def test_it_merges_the_header_cells_of_table_3_as_published() -> None:
    soup = soup_of(seed_report())
    assert spans(cell_by_text(soup, "table3", f.T3_NOTE)) == (3, 3)
    assert spans(cell_by_text(soup, "table3", f.T3_APPLICANTS)) == (1, 7)
    assert spans(cell_by_text(soup, "table3", f.T3_NATURAL)) == (2, 1)
    assert spans(cell_by_text(soup, "table3", f.T3_LEGAL)) == (1, 5)
    assert spans(cell_by_text(soup, "table3", f.T3_TOTAL_COLUMN)) == (2, 1)
    assert spans(cell_by_text(soup, "table3", f.T3_OUTCOMES_HEADING)) == (22, 1)
    assert spans(cell_by_text(soup, "table3", "（三）不予公开")) == (8, 1)
    assert spans(cell_by_text(soup, "table3", "（四）无法提供")) == (3, 1)
    assert spans(cell_by_text(soup, "table3", "（五）不予处理")) == (5, 1)
    assert spans(cell_by_text(soup, "table3", "（六）其他处理")) == (3, 1)
    assert spans(cell_by_text(soup, "table3", f.T3_TOTAL_LABEL)) == (1, 2)
    assert spans(cell_by_text(soup, "table3", f.T3_ROW_LABELS["new"])) == (1, 3)
    assert spans(cell_by_text(soup, "table3", f.T3_ROW_LABELS["carry_next"])) == (1, 3)


def test_it_merges_the_header_cells_of_tables_2_and_4() -> None:
    soup = soup_of(seed_report())
    assert spans(cell_by_text(soup, "table2", f.T2_ARTICLE_1)) == (1, 4)
    assert spans(cell_by_text(soup, "table2", f.T2_FEE_COLUMN)) == (1, 3)
    assert spans(cell_by_text(soup, "table4", f.T4_RECONSIDERATION)) == (1, 5)
    assert spans(cell_by_text(soup, "table4", f.T4_LITIGATION)) == (1, 10)
    assert spans(cell_by_text(soup, "table4", f.T4_GROUPS[1])) == (1, 5)
    assert spans(cell_by_text(soup, "table4", f.T4_GROUPS[2])) == (1, 5)
    header = soup.find("table", id="table4").find_all("tr")[1]  # type: ignore[union-attr]
    assert [spans(c) for c in header.find_all("th")][:5] == [(2, 1)] * 5


def test_it_repeats_the_header_rows_of_long_tables_in_print() -> None:
    soup = soup_of(seed_report())
    thead = soup.find("table", id="table3").find("thead")  # type: ignore[union-attr]
    assert isinstance(thead, Tag)
    assert len(thead.find_all("tr")) == 3


@pytest.mark.parametrize(("name", "report"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_it_shows_the_title_six_sections_and_the_narrative(name: str, report: Report) -> None:
    soup = soup_of(report)
    assert soup.title is not None and soup.title.get_text() == report.display_title
    assert soup.find("h1").get_text() == report.display_title  # type: ignore[union-attr]
    assert [h.get_text() for h in soup.find_all("h2")] == list(f.SECTION_HEADINGS)
    text = soup.get_text()
    assert report.sections is not None
    s = report.sections
    narrative = [
        s.preamble,
        s.problems,
        s.other,
        *(getattr(s.overview, k) for k in f.OVERVIEW_KEYS),
    ]
    for paragraph in (p for part in narrative for p in paragraphs(part)):
        assert paragraph in text


def test_it_styles_a_numbered_line_of_its_own_as_a_sub_heading() -> None:
    soup = soup_of(seed_report())
    level2 = [h.get_text() for h in soup.find_all("h3")]
    assert "（一）存在的问题" in level2
    assert "（二）改进措施" in level2
    assert [h.get_text() for h in soup_of(busy_report()).find_all("h4")] == ["1.目录更新"]


def test_it_is_a_standalone_page_with_nothing_fetched_from_outside() -> None:
    html = render_html(seed_report()).decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<link|<script|<img|src=|url\(|@import|https?://", html)


def test_it_prints_on_a4_with_the_official_margins_and_page_numbers() -> None:
    html = render_html(seed_report()).decode("utf-8")
    assert "size: A4" in html
    assert "margin: 37mm 26mm 35mm 28mm" in html
    assert 'content: "— " counter(page) " —"' in html


def test_it_escapes_what_the_agency_typed() -> None:
    report = replace(seed_report(), agency="A&B<局>")
    soup = soup_of(report)
    assert soup.find("h1").get_text() == "A&B<局>2024年政府信息公开工作年度报告"  # type: ignore[union-attr]


def test_it_leaves_an_unknown_figure_blank() -> None:
    report = seed_report().with_cell("table3.new[2]", None)
    table = soup_of(report).find("table", id="table3")
    assert isinstance(table, Tag)
    assert expand(table)[3][3 + 2] == ""


def test_it_breaks_a_long_title_after_the_agency_and_leaves_a_short_one_whole() -> None:
    h1 = soup_of(busy_report()).find("h1")
    assert isinstance(h1, Tag)
    assert [str(x) for x in h1.contents] == [
        "绿水市自然资源和规划局",
        "<br/>",
        "2025年政府信息公开工作年度报告",
    ]
    short = replace(seed_report(), title="年度报告")
    assert soup_of(short).find("h1").contents == ["年度报告"]  # type: ignore[union-attr]
