"""The three tables as a workbook: one sheet each (表二, 表三, 表四), merged headers as in the
official layout, figures as numbers a spreadsheet can add up (the fee as a decimal)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.report.model import Report
from gongkai.report.render.outline import clean
from gongkai.report.render.package import stable_package
from gongkai.report.render.tables import Grid, Kind, grids
from gongkai.sheets import neutralise

_FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TITLE_ROW = 1
_FIRST_TABLE_ROW = 2
# Column widths in characters of the default font; a CJK character is about two.
_WIDTH_PER_WEIGHT = 11.0
_MIN_WIDTH = 7.0


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    default = book.active
    for grid in grids(report):
        _sheet(book, grid, report)
    if default is not None:
        book.remove(default)
    book.properties.title = clean(report.display_title)
    book.properties.creator = clean(report.agency)
    out = io.BytesIO()
    book.save(out)
    return stable_package(out.getvalue(), report.published_on)


def _sheet(book: Workbook, grid: Grid, report: Report) -> None:
    sheet = book.create_sheet(grid.sheet)
    title = sheet.cell(
        row=_TITLE_ROW,
        column=1,
        value=neutralise(f"{clean(report.display_title)}：{grid.heading}"),
    )
    title.font = Font(name=_FONT, size=12, bold=True)
    title.alignment = Alignment(horizontal="left", vertical="center")
    sheet.row_dimensions[_TITLE_ROW].height = 24

    plain = Font(name=_FONT, size=10.5)
    header = Font(name=_FONT, size=10.5, bold=True)
    for cell in grid.cells:
        row = _FIRST_TABLE_ROW + cell.row
        col = 1 + cell.col
        target = sheet.cell(row=row, column=col, value=_value(cell.value, cell.text, cell.kind))
        target.font = header if cell.kind is Kind.HEADER else plain
        left = cell.kind is Kind.LABEL and cell.rowspan == 1
        target.alignment = Alignment(
            horizontal="left" if left else "center", vertical="center", wrap_text=True
        )
        if cell.kind is Kind.NUMBER and isinstance(cell.value, Decimal):
            target.number_format = "0.00##"
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
    # Borders go on every covered cell, not just the anchor: Excel draws a merged range's
    # edges from the cells along them.
    for r in range(grid.n_rows):
        for c in range(grid.n_cols):
            sheet.cell(row=_FIRST_TABLE_ROW + r, column=1 + c).border = _BORDER
    for c, weight in enumerate(grid.col_weights):
        width = max(_MIN_WIDTH, weight * _WIDTH_PER_WEIGHT)
        sheet.column_dimensions[get_column_letter(1 + c)].width = width
    if grid.header_rows:
        sheet.freeze_panes = sheet.cell(row=_FIRST_TABLE_ROW + grid.header_rows, column=1)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if grid.n_cols > 4 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _value(value: object, text: str, kind: Kind) -> object:
    # An unknown figure (None) stays blank, never 0; the fee stays a Decimal, even when whole.
    return value if kind is Kind.NUMBER else neutralise(text)
