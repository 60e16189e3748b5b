"""Printable ledgers (台账, 清单, 得分表) as XLSX: one layout for every workbook gongkai writes.

A ledger is printed as often as it is opened, so each sheet carries what a clerk otherwise sets
by hand before printing: A4, landscape when the columns are wider than a portrait page, scaled
to one page wide (never to one page tall: a long ledger runs on), the title row merged over the
table, the header rows repeated on every printed page (顶端标题行) and frozen on screen, thin
borders on every table cell, column widths from the content, and every row as tall as its
wrapped text, so no row is drawn over the next one. Page numbers 「第1页 共3页」 in the footer.

Widths are in Excel's unit, the width of "0" in the default font (about 1.85 mm); a CJK
character at 10.5 pt takes two. Row heights are set explicitly rather than left to the
spreadsheet: Excel never grows a row for wrapped text in a merged cell, and LibreOffice grows
it on screen but prints what the file says.

Sheets are written in openpyxl's write-only mode, so an audit log of a hundred thousand rows
is streamed rather than held in memory; widths are measured on the first rows.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from gongkai.report.render.package import stable_package
from gongkai.sheets import neutralise

BODY_FONT = "宋体"
HEAD_FONT = "黑体"
BODY_SIZE = 10.5  # 五号, the size of tables in official documents
TITLE_SIZE = 16.0  # 三号
LINE_HEIGHT = 14.0  # points per wrapped line at 10.5 pt, with the spreadsheet's leading
PADDING = 4.0  # points above and below the text of a row
MIN_WIDTH = 4.0
MAX_WIDTH = 40.0  # wider text wraps
UNIT_MM = 1.85  # one width unit on paper at 100 %
SAMPLE_ROWS = 500  # rows measured for the column widths

# A4 less the margins below: what a row of columns may take before the page turns landscape.
MARGIN_MM = {"left": 20.0, "right": 15.0, "top": 20.0, "bottom": 20.0}
PORTRAIT_MM = 210.0 - MARGIN_MM["left"] - MARGIN_MM["right"]
LANDSCAPE_MM = 297.0 - MARGIN_MM["left"] - MARGIN_MM["right"]

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_WRAP_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def display_width(text: str) -> int:
    """Columns the text takes: two for a CJK (wide or full-width) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def lines_needed(text: str, width: float) -> int:
    """Printed lines of ``text`` in a column ``width`` units wide (one unit of padding)."""
    usable = max(1.0, width - 1.0)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def row_height(texts: Sequence[str], widths: Sequence[float], size: float = BODY_SIZE) -> float:
    lines = max((lines_needed(t, w) for t, w in zip(texts, widths, strict=False)), default=1)
    return round(lines * LINE_HEIGHT * size / BODY_SIZE + PADDING, 1)


def title_height(text: str, width: float, size: float = TITLE_SIZE) -> float:
    """A title row at ``size`` points over columns ``width`` units wide in all."""
    scale = size / BODY_SIZE
    return round(lines_needed(text, width / scale) * LINE_HEIGHT * scale + 2 * PADDING, 1)


def fit_widths(
    rows: Iterable[Sequence[object]],
    n_cols: int,
    *,
    minimum: float = MIN_WIDTH,
    maximum: float = MAX_WIDTH,
) -> list[float]:
    """The widest text of each column plus padding, between ``minimum`` and ``maximum``."""
    widest = [0] * n_cols
    for row in rows:
        for i, value in enumerate(row[:n_cols]):
            longest = max((display_width(p) for p in as_text(value).split("\n")), default=0)
            widest[i] = max(widest[i], longest)
    return [min(maximum, max(minimum, w + 2.0)) for w in widest]


def set_up_page(sheet: Any, widths: Sequence[float], *, repeat_rows: int, frozen_rows: int) -> None:
    """A4, fit to one page wide, the first ``repeat_rows`` rows on every printed page."""
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    wide = sum(widths) * UNIT_MM > PORTRAIT_MM
    sheet.page_setup.paperSize = "9"  # A4 in the OOXML paper codes
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = sheet.page_margins
    margins.left, margins.right = MARGIN_MM["left"] / 25.4, MARGIN_MM["right"] / 25.4
    margins.top, margins.bottom = MARGIN_MM["top"] / 25.4, MARGIN_MM["bottom"] / 25.4
    margins.header = margins.footer = 8 / 25.4
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第&P页 共&N页"
    sheet.oddFooter.center.size = 9
    if repeat_rows:
        sheet.print_title_rows = f"1:{repeat_rows}"
    if frozen_rows:
        sheet.freeze_panes = f"A{frozen_rows + 1}"


@dataclass(frozen=True)
class Ledger:
    """One sheet: a merged title row, one header row, the rows, and a note under the table."""

    sheet: str
    title: str
    header: tuple[str, ...]
    rows: Iterable[Sequence[object]]
    note: str = ""
    number_formats: Mapping[int, str] = field(default_factory=dict)  # column index → format
    centred: frozenset[int] = frozenset()  # columns centred (序号, dates, figures)


def ledger_xlsx(
    ledgers: Sequence[Ledger],
    *,
    title: str = "",
    creator: str = "",
    day: dt.date | None = None,
) -> bytes:
    """The workbook, its zip entries dated ``day`` so that the same ledger gives the same bytes."""
    book = Workbook(write_only=True)
    for ledger in ledgers:
        _write(book, ledger)
    book.properties.title = title or (ledgers[0].title if ledgers else "")
    book.properties.creator = creator
    out = io.BytesIO()
    book.save(out)
    return stable_package(out.getvalue(), day)


def _write(book: Workbook, ledger: Ledger) -> None:
    sheet = book.create_sheet(ledger.sheet)
    n_cols = len(ledger.header)
    rows: Iterator[Sequence[object]] = iter(ledger.rows)
    sample = list(itertools.islice(rows, SAMPLE_ROWS))
    widths = fit_widths([ledger.header, *sample], n_cols)
    set_up_page(sheet, widths, repeat_rows=2, frozen_rows=2)

    total = sum(widths)
    title_lines = lines_needed(ledger.title, total / (TITLE_SIZE / BODY_SIZE))
    sheet.row_dimensions[1].height = round(
        title_lines * LINE_HEIGHT * TITLE_SIZE / BODY_SIZE + 8, 1
    )
    sheet.merged_cells.add(f"A1:{get_column_letter(n_cols)}1")
    title = WriteOnlyCell(sheet, value=ledger.title)
    title.font = Font(name=HEAD_FONT, size=TITLE_SIZE)
    title.alignment = _WRAP_CENTRE
    sheet.append([title])

    sheet.row_dimensions[2].height = row_height(ledger.header, widths)
    head = []
    for text in ledger.header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(name=HEAD_FONT, size=BODY_SIZE)
        cell.alignment = _WRAP_CENTRE
        cell.border = BORDER
        head.append(cell)
    sheet.append(head)

    body = Font(name=BODY_FONT, size=BODY_SIZE)
    number = 3
    for row in itertools.chain(sample, rows):
        values = list(row[:n_cols])
        values += [None] * (n_cols - len(values))
        sheet.row_dimensions[number].height = row_height([as_text(v) for v in values], widths)
        cells = []
        for i, value in enumerate(values):
            # The one neutraliser of every export (= + - @, tab, CR), and a text cell anyway.
            value = neutralise(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # what someone typed, never a formula
            cell.font = body
            cell.border = BORDER
            centred = i in ledger.centred or isinstance(value, int | float | Decimal)
            cell.alignment = _WRAP_CENTRE if centred else _WRAP_LEFT
            if i in ledger.number_formats:
                cell.number_format = ledger.number_formats[i]
            cells.append(cell)
        sheet.append(cells)
        number += 1
    if number == 3:
        # An empty ledger still prints as a table, saying so: a header over nothing reads as
        # a page lost.
        sheet.row_dimensions[number].height = row_height(["无"], widths)
        sheet.merged_cells.add(f"A3:{get_column_letter(n_cols)}3")
        cells = [WriteOnlyCell(sheet, value="无" if i == 0 else None) for i in range(n_cols)]
        for cell in cells:
            cell.font, cell.border, cell.alignment = body, BORDER, _WRAP_CENTRE
        sheet.append(cells)
        number += 1
    if ledger.note:
        sheet.row_dimensions[number].height = PADDING * 2  # a gap under the table
        sheet.append([])
        number += 1
        sheet.row_dimensions[number].height = row_height([ledger.note], [total])
        sheet.merged_cells.add(f"A{number}:{get_column_letter(n_cols)}{number}")
        note = WriteOnlyCell(sheet, value=ledger.note)
        note.font = body
        note.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        sheet.append([note])
