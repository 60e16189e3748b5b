"""Sums of reports: a government's roll-up of the agencies below it, and where two differ."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal

from gongkai.report.format2021 import T2_DOC_KEYS, T3_ROW_KEYS, T3_WIDTH, T4_WIDTH
from gongkai.report.model import Cell, DocCounts, Report, Row, Table2

T2_PLAIN = ("licensing", "penalty", "coercion", "fees")
DOC_ROWS = ("regulations", "normative_documents")


def _add(a: Cell, b: Cell) -> Cell:
    if a is None or b is None:
        return None  # an unread cell makes the sum unknown, not smaller
    return a + b


def _rows(a: Row, b: Row) -> Row:
    return tuple(_add(x, y) for x, y in zip(a, b, strict=True))


def _docs(a: DocCounts, b: DocCounts) -> DocCounts:
    return DocCounts(*(_add(getattr(a, k), getattr(b, k)) for k in T2_DOC_KEYS))


def add(a: Report, b: Report) -> Report:
    t2 = Table2(
        regulations=_docs(a.table2.regulations, b.table2.regulations),
        normative_documents=_docs(a.table2.normative_documents, b.table2.normative_documents),
        licensing=_add(a.table2.licensing, b.table2.licensing),
        penalty=_add(a.table2.penalty, b.table2.penalty),
        coercion=_add(a.table2.coercion, b.table2.coercion),
        fees=_add(a.table2.fees, b.table2.fees),
    )
    t3 = {key: _rows(a.table3[key], b.table3[key]) for key in T3_ROW_KEYS}
    return replace(a, table2=t2, table3=t3, table4=_rows(a.table4, b.table4), sections=None)


def total(agency: str, year: int, reports: Iterable[Report]) -> Report:
    """The cell-by-cell sum of ``reports`` (tables only), titled for ``agency``."""
    result = Report(
        agency=agency,
        year=year,
        table2=Table2(fees=Decimal(0)),
        table3={key: (0,) * T3_WIDTH for key in T3_ROW_KEYS},
        table4=(0,) * T4_WIDTH,
    )
    for report in reports:
        result = add(result, report)
    return replace(result, agency=agency, year=year)


def cells(report: Report) -> Iterator[tuple[str, Cell]]:
    t2 = report.table2
    for row in DOC_ROWS:
        for leaf in T2_DOC_KEYS:
            yield f"table2.{row}.{leaf}", getattr(getattr(t2, row), leaf)
    for key in T2_PLAIN:
        yield f"table2.{key}", getattr(t2, key)
    for key in T3_ROW_KEYS:
        for col, cell in enumerate(report.table3[key]):
            yield f"table3.{key}[{col}]", cell
    for i, cell in enumerate(report.table4):
        yield f"table4[{i}]", cell


def differences(a: Report, b: Report) -> list[tuple[str, Cell, Cell]]:
    """(cell, in a, in b) for every table cell where the two reports differ."""
    other = dict(cells(b))
    return [(where, x, other[where]) for where, x in cells(a) if x != other[where]]
