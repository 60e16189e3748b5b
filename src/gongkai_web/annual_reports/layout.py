"""The three tables of a report as grids of cells, for the report page's templates.

The grid follows the official layout (regulation.md §1.3–1.5): merged header cells as
rowspan/colspan, every data cell named by its canonical path (``table3.new[2]``) so that a
finding can mark the cells it compared.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from gongkai.report import format2021 as f
from gongkai.report.model import Cell, Report, Row
from gongkai.report.render import format_cell


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    where: str = ""  # canonical path of a data cell, empty for labels
    flagged: bool = False  # a finding names this cell


@dataclass(frozen=True, slots=True)
class Grid:
    title: str
    head: tuple[tuple[GridCell, ...], ...]
    body: tuple[tuple[GridCell, ...], ...]


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> GridCell:
    return GridCell(text, header=True, rowspan=rowspan, colspan=colspan)


class _Cells:
    def __init__(self, flagged: Collection[str]) -> None:
        self.flagged = flagged

    def one(self, cell: Cell, where: str, colspan: int = 1) -> GridCell:
        return GridCell(
            format_cell(cell), colspan=colspan, where=where, flagged=where in self.flagged
        )

    def row(self, cells: Row, prefix: str) -> tuple[GridCell, ...]:
        return tuple(self.one(c, f"{prefix}[{i}]") for i, c in enumerate(cells))


def table2(report: Report, flagged: Collection[str] = ()) -> Grid:
    t2 = report.table2
    c = _Cells(flagged)
    body: list[tuple[GridCell, ...]] = [
        (_h(f.T2_ARTICLE_1, colspan=4),),
        (_h(f.T2_CONTENT), *(_h(col) for col in f.T2_DOC_COLUMNS)),
    ]
    for key, label in f.T2_DOC_ROWS:
        counts = getattr(t2, key)
        body.append(
            (
                _h(label),
                *(c.one(getattr(counts, k), f"table2.{key}.{k}") for k in f.T2_DOC_KEYS),
            )
        )
    blocks = (
        (f.T2_ARTICLE_5, f.T2_DECISIONS, ((f.T2_LICENSING, "licensing"),)),
        (f.T2_ARTICLE_6, f.T2_DECISIONS, ((f.T2_PENALTY, "penalty"), (f.T2_COERCION, "coercion"))),
        (f.T2_ARTICLE_8, f.T2_FEE_COLUMN, ((f.T2_FEES, "fees"),)),
    )
    for article, column, rows in blocks:
        body.append((_h(article, colspan=4),))
        body.append((_h(f.T2_CONTENT), _h(column, colspan=3)))
        for label, key in rows:
            body.append((_h(label), c.one(getattr(t2, key), f"table2.{key}", colspan=3)))
    return Grid(f.SECTION_HEADINGS[1], (), tuple(body))


def table3(report: Report, flagged: Collection[str] = ()) -> Grid:
    t3 = report.table3
    c = _Cells(flagged)
    head = (
        (_h(f.T3_NOTE, rowspan=3, colspan=3), _h(f.T3_APPLICANTS, colspan=7)),
        (_h(f.T3_NATURAL, rowspan=2), _h(f.T3_LEGAL, colspan=5), _h(f.T3_TOTAL_COLUMN, rowspan=2)),
        tuple(_h(col) for col in f.T3_COLUMNS[1:6]),
    )
    body: list[tuple[GridCell, ...]] = [
        (_h(f.T3_ROW_LABELS[key], colspan=3), *c.row(t3[key], f"table3.{key}"))
        for key in ("new", "carried")
    ]
    outcome_rows = sum(len(rows) for _, rows in f.T3_OUTCOME_GROUPS) + 1  # + （七）总计
    lead: tuple[GridCell, ...] = (_h(f.T3_OUTCOMES_HEADING, rowspan=outcome_rows),)
    for group, rows in f.T3_OUTCOME_GROUPS:
        for i, (key, label) in enumerate(rows):
            if len(rows) == 1:
                labels = (_h(label, colspan=2),)
            elif i == 0:
                labels = (_h(group, rowspan=len(rows)), _h(label))
            else:
                labels = (_h(label),)
            body.append((*lead, *labels, *c.row(t3[key], f"table3.{key}")))
            lead = ()
    body.append((_h(f.T3_TOTAL_LABEL, colspan=2), *c.row(t3["total"], "table3.total")))
    body.append(
        (
            _h(f.T3_ROW_LABELS["carry_next"], colspan=3),
            *c.row(t3["carry_next"], "table3.carry_next"),
        )
    )
    return Grid(f.SECTION_HEADINGS[2], head, tuple(body))


def table4(report: Report, flagged: Collection[str] = ()) -> Grid:
    c = _Cells(flagged)
    head = (
        (_h(f.T4_RECONSIDERATION, colspan=5), _h(f.T4_LITIGATION, colspan=10)),
        (
            *(_h(r, rowspan=2) for r in f.T4_RESULTS),
            _h(f.T4_GROUPS[1], colspan=5),
            _h(f.T4_GROUPS[2], colspan=5),
        ),
        tuple(_h(r) for r in f.T4_RESULTS * 2),
    )
    return Grid(f.SECTION_HEADINGS[3], head, (c.row(report.table4, "table4"),))


def grids(report: Report, flagged: Collection[str] = ()) -> tuple[Grid, Grid, Grid]:
    return table2(report, flagged), table3(report, flagged), table4(report, flagged)
