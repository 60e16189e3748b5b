"""The demos' 台账 files: the spreadsheet a clerk would upload, built in memory, in the layout
the registers' import reads (``gongkai.publishing.registers``)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from gongkai.publishing.registers import COLUMNS, FEE_COLUMNS, PARTY_LABELS, DecisionRow
from gongkai.sheets import sheet_append
from gongkai.workdays import Calendar


def workbook(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet_append(sheet, header)
    for row in rows:
        sheet_append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def decisions_file(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows of (决定书文号, 当事人, 当事人类型, 决定日期, 事项, 决定内容)."""
    return workbook(COLUMNS, rows)


def decision_cells(row: DecisionRow) -> tuple[str, str, str, dt.date, str, str]:
    """A register row as a clerk's sheet writes it."""
    label = PARTY_LABELS[row.party_kind]
    return (row.number, row.party, label, row.decided_on, row.matter, row.decision)


def fees_file(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows of (收费项目, 收费依据, 金额（元）, 收费日期)."""
    return workbook(FEE_COLUMNS, rows)


def working_days(calendar: Calendar, year: int) -> list[dt.date]:
    day, out = dt.date(year, 1, 1), []
    while day.year == year:
        if calendar.is_workday(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def spread(days: Sequence[dt.date], count: int) -> list[dt.date]:
    """``count`` dates spread evenly over ``days`` (several on one day when count is larger)."""
    return [days[i * len(days) // count] for i in range(count)]
