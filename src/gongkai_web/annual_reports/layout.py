"""The three tables for the report page: the core's grids (the same merged cells as the HTML,
DOCX and XLSX documents), with every figure named by its canonical path (``table3.new[2]``)
so that the page can mark the cells a finding compared.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from gongkai.report import format2021 as f
from gongkai.report.model import Report
from gongkai.report.render import tables
from gongkai.report.render.tables import Kind


@dataclass(frozen=True, slots=True)
class PageCell:
    text: str
    kind: str  # "header", "label" or "number"
    rowspan: int = 1
    colspan: int = 1
    where: str = ""  # canonical path of a figure; empty for headers and labels
    flagged: bool = False  # a finding compared this cell


@dataclass(frozen=True, slots=True)
class PageGrid:
    key: str
    title: str
    widths: tuple[float, ...]  # percent of the table width, per grid column
    head: tuple[tuple[PageCell, ...], ...]
    body: tuple[tuple[PageCell, ...], ...]


def figure_paths(key: str) -> Iterator[str]:
    """Every figure of a table, in reading order (row by row, left to right)."""
    if key == "table2":
        for name, _ in f.T2_DOC_ROWS:
            for leaf in f.T2_DOC_KEYS:
                yield f"table2.{name}.{leaf}"
        yield from ("table2.licensing", "table2.penalty", "table2.coercion", "table2.fees")
    elif key == "table3":
        for row in f.T3_ROW_KEYS:
            for i in range(f.T3_WIDTH):
                yield f"table3.{row}[{i}]"
    elif key == "table4":
        for i in range(f.T4_WIDTH):
            yield f"table4[{i}]"
    else:
        raise KeyError(key)


def _page_grid(grid: tables.Grid, flagged: Collection[str]) -> PageGrid:
    paths = iter(figure_paths(grid.key))
    rows: list[tuple[PageCell, ...]] = []
    for row in grid.rows():
        cells = []
        for cell in row:
            where = next(paths) if cell.kind is Kind.NUMBER else ""
            cells.append(
                PageCell(
                    cell.text,
                    cell.kind.value,
                    cell.rowspan,
                    cell.colspan,
                    where,
                    where in flagged,
                )
            )
        rows.append(tuple(cells))
    if next(paths, None) is not None:
        raise ValueError(f"{grid.key}: the grid has fewer figures than the report format")
    total = sum(grid.col_weights)
    return PageGrid(
        grid.key,
        grid.heading,
        tuple(round(w / total * 100, 2) for w in grid.col_weights),
        tuple(rows[: grid.header_rows]),
        tuple(rows[grid.header_rows :]),
    )


def grids(report: Report, flagged: Collection[str] = ()) -> tuple[PageGrid, ...]:
    return tuple(_page_grid(grid, flagged) for grid in tables.grids(report))
