"""The workbook: one sheet per table, merged headers, figures as numbers."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from gongkai.report.model import Report
from gongkai.report.render import format_cell
from gongkai.report.render.to_xlsx import render_xlsx
from tests.core.report_samples import expected_tables, reports, seed_report

SAMPLES = reports()
FIRST_ROW = 2  # row 1 holds the sheet's title


def open_xlsx(report: Report) -> Any:
    return load_workbook(io.BytesIO(render_xlsx(report)))


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_cell(Decimal(str(value)))
    return str(value)


def matrix(sheet: Any, n_rows: int, n_cols: int) -> list[list[str]]:
    """The table as a matrix, a merged range's value in every slot it covers."""
    values = {
        (r, c): sheet.cell(row=FIRST_ROW + r, column=1 + c).value
        for r in range(n_rows)
        for c in range(n_cols)
    }
    for merged in sheet.merged_cells.ranges:
        anchor = sheet.cell(row=merged.min_row, column=merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                values[(row - FIRST_ROW, col - 1)] = anchor
    return [[as_text(values[(r, c)]) for c in range(n_cols)] for r in range(n_rows)]


def test_it_has_one_sheet_per_table_named_as_the_tables() -> None:
    assert open_xlsx(seed_report()).sheetnames == ["表二", "表三", "表四"]


@pytest.mark.parametrize(("name", "report"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_it_puts_every_cell_where_the_official_format_puts_it(name: str, report: Report) -> None:
    book = open_xlsx(report)
    for sheet_name, (key, expected) in zip(
        ("表二", "表三", "表四"), expected_tables(report).items(), strict=True
    ):
        sheet = book[sheet_name]
        assert matrix(sheet, len(expected), len(expected[0])) == expected, key


def test_it_merges_the_header_cells_of_table_3() -> None:
    merged = {str(r) for r in open_xlsx(seed_report())["表三"].merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A7:A28", "B9:B16", "B28:C28"} <= merged
    assert {"A5:C5", "A6:C6", "A29:C29"} <= merged


def test_it_writes_figures_as_numbers_and_the_fee_as_a_decimal() -> None:
    book = open_xlsx(SAMPLES[1][1])
    report = SAMPLES[1][1]
    fee = book["表二"]["B15"].value
    assert isinstance(fee, float) and Decimal(str(fee)) == report.table2.fees
    figures = [book["表三"].cell(row=5, column=4 + i).value for i in range(7)]
    assert figures == list(report.table3["new"])
    assert all(type(v) is int for v in figures)
    assert [c.value for c in book["表四"][5]] == list(report.table4)


def test_it_leaves_an_unknown_figure_empty_rather_than_zero() -> None:
    book = open_xlsx(seed_report().with_cell("table4[3]", None))
    assert book["表四"]["D5"].value is None
    assert book["表四"]["C5"].value == 0


def test_it_makes_columns_wide_enough_to_read() -> None:
    sheet = open_xlsx(seed_report())["表三"]
    assert sheet.column_dimensions["C"].width >= 40  # the sub-row labels
    assert all(sheet.column_dimensions[c].width >= 7 for c in "DEFGHIJ")
