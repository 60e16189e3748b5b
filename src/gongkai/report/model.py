"""The annual report as immutable values.

A cell is an ``int`` when the report was generated or read cleanly, ``None`` where a parser
could not read it (the canonical JSON's ``null``), and may hold a ``Decimal`` or a negative
number only because a hand-written file said so: the T-INTEGER rule reports those.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from gongkai.report.format2021 import (
    FORMAT_ID,
    T3_ROW_KEYS,
    T3_WIDTH,
    T4_WIDTH,
    report_title,
)

Number = int | Decimal
Cell = Number | None
Row = tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class DocCounts:
    issued: Cell = 0
    repealed: Cell = 0
    in_force: Cell = 0


@dataclass(frozen=True, slots=True)
class Table2:
    regulations: DocCounts = field(default_factory=DocCounts)
    normative_documents: DocCounts = field(default_factory=DocCounts)
    licensing: Cell = 0
    penalty: Cell = 0
    coercion: Cell = 0
    fees: Cell = Decimal(0)  # 万元


def empty_table3() -> dict[str, Row]:
    return {key: (0,) * T3_WIDTH for key in T3_ROW_KEYS}


@dataclass(frozen=True, slots=True)
class Overview:
    proactive: str = ""
    on_request: str = ""
    management: str = ""
    platforms: str = ""
    oversight: str = ""


@dataclass(frozen=True, slots=True)
class Sections:
    preamble: str = ""
    overview: Overview = field(default_factory=Overview)
    problems: str = ""
    other: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    agency: str
    year: int
    table2: Table2 = field(default_factory=Table2)
    table3: Mapping[str, Row] = field(default_factory=empty_table3)
    table4: Row = (0,) * T4_WIDTH
    sections: Sections | None = None
    title: str | None = None
    published_on: date | None = None
    contact: str | None = None
    # Keys starting with "x-" that a reader must carry along untouched.
    extensions: Mapping[str, object] = field(default_factory=dict)
    format: str = FORMAT_ID

    @property
    def display_title(self) -> str:
        return self.title or report_title(self.agency, self.year)

    def with_cell(self, path: str, value: Cell) -> Report:
        """A copy with one table cell changed; ``path`` as in findings (``table3.new[2]``)."""
        table, _, rest = path.partition(".")
        if table == "table4" or path.startswith("table4["):
            index = int(path[path.index("[") + 1 : -1])
            cells = list(self.table4)
            cells[index] = value
            return replace(self, table4=tuple(cells))
        if table == "table3":
            key, _, tail = rest.partition("[")
            index = int(tail[:-1])
            row = list(self.table3[key])
            row[index] = value
            return replace(self, table3={**self.table3, key: tuple(row)})
        if table == "table2":
            head, _, leaf = rest.partition(".")
            if leaf:
                counts = getattr(self.table2, head)
                changed: dict[str, object] = {head: replace(counts, **{leaf: value})}
            else:
                changed = {head: value}
            return replace(self, table2=replace(self.table2, **changed))  # type: ignore[arg-type]
        raise KeyError(path)
