"""The three tables as a workbook: one sheet each (表二, 表三, 表四), merged headers as in the
official layout, figures as numbers a spreadsheet can add up (the fee as a decimal)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from gongkai.documents import ledger
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
    widths = _widths(grid)
    title = sheet.cell(
        row=_TITLE_ROW,
        column=1,
        value=neutralise(f"{clean(report.display_title)}：{grid.heading}"),
    )
    title.font = Font(name=ledger.HEAD_FONT, size=12)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=_TITLE_ROW, start_column=1, end_row=1, end_column=grid.n_cols)
    sheet.row_dimensions[_TITLE_ROW].height = ledger.title_height(str(title.value), sum(widths), 12)

    plain = Font(name=_FONT, size=ledger.BODY_SIZE)
    header = Font(name=ledger.HEAD_FONT, size=ledger.BODY_SIZE)
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
    for r, height in enumerate(_heights(grid, widths)):
        sheet.row_dimensions[_FIRST_TABLE_ROW + r].height = height
    last_header = _TITLE_ROW + grid.header_rows
    ledger.set_up_page(sheet, widths, repeat_rows=last_header, frozen_rows=last_header)


def _widths(grid: Grid) -> list[float]:
    """The official layout's proportions, widened where a figure or a one-column heading would
    not fit (a figure never wraps)."""
    widths = [max(_MIN_WIDTH, weight * _WIDTH_PER_WEIGHT) for weight in grid.col_weights]
    for cell in grid.cells:
        if cell.colspan == 1 and (cell.kind is Kind.NUMBER or cell.kind is Kind.HEADER):
            need = ledger.display_width(cell.text) + 2.0
            if cell.kind is Kind.HEADER:
                need = min(need, 2 * widths[cell.col])  # a heading may take two lines
            widths[cell.col] = max(widths[cell.col], need)
    return widths


def _heights(grid: Grid, widths: list[float]) -> list[float]:
    """Each row as tall as its cells' wrapped text; a cell spanning rows shares its height
    among them, so a long vertical label grows its rows instead of spilling over the next."""
    heights = [ledger.row_height([""], [1.0])] * grid.n_rows
    spanning = []
    for cell in grid.cells:
        width = sum(widths[cell.col : cell.col + cell.colspan])
        height = ledger.row_height([cell.text], [width])
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], height)
        else:
            spanning.append((cell, height))
    for cell, height in spanning:
        rows = range(cell.row, cell.row + cell.rowspan)
        short = height - sum(heights[r] for r in rows)
        if short > 0:
            for r in rows:
                heights[r] += short / cell.rowspan
    return [round(h, 1) for h in heights]


def _value(value: object, text: str, kind: Kind) -> object:
    # An unknown figure (None) stays blank, never 0; the fee stays a Decimal, even when whole.
    return value if kind is Kind.NUMBER else neutralise(text)
