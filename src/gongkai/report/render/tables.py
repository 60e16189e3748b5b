"""The three tables as grids of merged cells, in the official layout (regulation.md §1.3–1.5).

HTML, DOCX and XLSX all draw from these grids, so a rowspan in one is a vertical merge in the
other and the cell texts are the same everywhere: labels from format2021, numbers through
format_cell.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from gongkai.report import format2021 as f
from gongkai.report.model import Cell, Report
from gongkai.report.render import format_cell


class Kind(enum.Enum):
    HEADER = "header"  # column headings and the block headings of table 二
    LABEL = "label"  # row labels
    NUMBER = "number"  # a reported figure


@dataclass(frozen=True, slots=True)
class GridCell:
    row: int
    col: int
    text: str
    kind: Kind
    rowspan: int = 1
    colspan: int = 1
    value: Cell = None  # the figure itself, for NUMBER cells (XLSX writes numbers, not text)


@dataclass(frozen=True, slots=True)
class Grid:
    key: str  # "table2", "table3", "table4"
    sheet: str  # 表二 …
    heading: str  # the section heading the table sits under
    n_rows: int
    n_cols: int
    header_rows: int  # leading rows that repeat on every page
    cells: tuple[GridCell, ...]  # anchors only, in reading order
    col_weights: tuple[float, ...]  # relative column widths

    def rows(self) -> list[list[GridCell]]:
        """Anchor cells grouped by the row they start in."""
        grouped: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            grouped[cell.row].append(cell)
        return grouped

    def owner_map(self) -> list[list[GridCell]]:
        """For every grid position, the anchor cell that covers it."""
        owners: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if owners[r][c] is not None:
                        raise ValueError(f"{self.key}: cells overlap at row {r}, column {c}")
                    owners[r][c] = cell
        complete: list[list[GridCell]] = []
        for r, row in enumerate(owners):
            if any(owner is None for owner in row):
                raise ValueError(f"{self.key}: row {r} has a hole")
            complete.append([owner for owner in row if owner is not None])
        return complete


class _Builder:
    def __init__(self) -> None:
        self.cells: list[GridCell] = []
        self.row = 0

    def add(
        self,
        col: int,
        text: str,
        kind: Kind,
        rowspan: int = 1,
        colspan: int = 1,
        value: Cell = None,
    ) -> None:
        self.cells.append(GridCell(self.row, col, text, kind, rowspan, colspan, value))

    def number(self, col: int, value: Cell, colspan: int = 1) -> None:
        self.add(col, format_cell(value), Kind.NUMBER, colspan=colspan, value=value)

    def numbers(self, first_col: int, values: tuple[Cell, ...]) -> None:
        for i, value in enumerate(values):
            self.number(first_col + i, value)

    def next_row(self) -> None:
        self.row += 1


def table2_grid(report: Report) -> Grid:
    t2 = report.table2
    b = _Builder()

    def block(article: str) -> None:
        b.add(0, article, Kind.HEADER, colspan=4)
        b.next_row()

    block(f.T2_ARTICLE_1)
    b.add(0, f.T2_CONTENT, Kind.HEADER)
    for i, column in enumerate(f.T2_DOC_COLUMNS):
        b.add(1 + i, column, Kind.HEADER)
    b.next_row()
    for key, label in f.T2_DOC_ROWS:
        counts = getattr(t2, key)
        b.add(0, label, Kind.LABEL)
        b.numbers(1, tuple(getattr(counts, k) for k in f.T2_DOC_KEYS))
        b.next_row()
    for article, column, rows in (
        (f.T2_ARTICLE_5, f.T2_DECISIONS, ((f.T2_LICENSING, t2.licensing),)),
        (
            f.T2_ARTICLE_6,
            f.T2_DECISIONS,
            ((f.T2_PENALTY, t2.penalty), (f.T2_COERCION, t2.coercion)),
        ),
        (f.T2_ARTICLE_8, f.T2_FEE_COLUMN, ((f.T2_FEES, t2.fees),)),
    ):
        block(article)
        b.add(0, f.T2_CONTENT, Kind.HEADER)
        b.add(1, column, Kind.HEADER, colspan=3)
        b.next_row()
        for label, value in rows:
            b.add(0, label, Kind.LABEL)
            b.number(1, value, colspan=3)
            b.next_row()
    return Grid(
        key="table2",
        sheet="表二",
        heading=f.SECTION_HEADINGS[1],
        n_rows=b.row,
        n_cols=4,
        header_rows=0,  # the table is four blocks, each with its own heading rows
        cells=tuple(b.cells),
        col_weights=(1.3, 1.0, 1.0, 1.0),
    )


def table3_grid(report: Report) -> Grid:
    t3 = report.table3
    b = _Builder()
    b.add(0, f.T3_NOTE, Kind.HEADER, rowspan=3, colspan=3)
    b.add(3, f.T3_APPLICANTS, Kind.HEADER, colspan=7)
    b.next_row()
    b.add(3, f.T3_NATURAL, Kind.HEADER, rowspan=2)
    b.add(4, f.T3_LEGAL, Kind.HEADER, colspan=5)
    b.add(9, f.T3_TOTAL_COLUMN, Kind.HEADER, rowspan=2)
    b.next_row()
    for i, column in enumerate(f.T3_COLUMNS[1:6]):
        b.add(4 + i, column, Kind.HEADER)
    b.next_row()

    def full_row(key: str) -> None:
        b.add(0, f.T3_ROW_LABELS[key], Kind.LABEL, colspan=3)
        b.numbers(3, t3[key])
        b.next_row()

    full_row("new")
    full_row("carried")
    outcome_rows = sum(len(rows) for _, rows in f.T3_OUTCOME_GROUPS) + 1  # + （七）总计
    b.add(0, f.T3_OUTCOMES_HEADING, Kind.LABEL, rowspan=outcome_rows)
    for group, rows in f.T3_OUTCOME_GROUPS:
        if len(rows) == 1:
            key, label = rows[0]
            b.add(1, label, Kind.LABEL, colspan=2)
            b.numbers(3, t3[key])
            b.next_row()
            continue
        b.add(1, group, Kind.LABEL, rowspan=len(rows))
        for key, label in rows:
            b.add(2, label, Kind.LABEL)
            b.numbers(3, t3[key])
            b.next_row()
    b.add(1, f.T3_TOTAL_LABEL, Kind.LABEL, colspan=2)
    b.numbers(3, t3["total"])
    b.next_row()
    full_row("carry_next")
    return Grid(
        key="table3",
        sheet="表三",
        heading=f.SECTION_HEADINGS[2],
        n_rows=b.row,
        n_cols=3 + f.T3_WIDTH,
        header_rows=3,
        cells=tuple(b.cells),
        col_weights=(0.7, 1.9, 4.6, *(0.85,) * f.T3_WIDTH),
    )


def table4_grid(report: Report) -> Grid:
    b = _Builder()
    g = f.T4_GROUP_WIDTH
    b.add(0, f.T4_RECONSIDERATION, Kind.HEADER, colspan=g)
    b.add(g, f.T4_LITIGATION, Kind.HEADER, colspan=2 * g)
    b.next_row()
    for i, result in enumerate(f.T4_RESULTS):
        b.add(i, result, Kind.HEADER, rowspan=2)
    b.add(g, f.T4_GROUPS[1], Kind.HEADER, colspan=g)
    b.add(2 * g, f.T4_GROUPS[2], Kind.HEADER, colspan=g)
    b.next_row()
    for group in (1, 2):
        for i, result in enumerate(f.T4_RESULTS):
            b.add(group * g + i, result, Kind.HEADER)
    b.next_row()
    b.numbers(0, report.table4)
    b.next_row()
    return Grid(
        key="table4",
        sheet="表四",
        heading=f.SECTION_HEADINGS[3],
        n_rows=b.row,
        n_cols=f.T4_WIDTH,
        header_rows=3,
        cells=tuple(b.cells),
        col_weights=(1.0,) * f.T4_WIDTH,
    )


def grids(report: Report) -> tuple[Grid, Grid, Grid]:
    return table2_grid(report), table3_grid(report), table4_grid(report)
