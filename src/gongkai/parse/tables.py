"""Reading the three tables out of a stream of cells.

The stream is every cell of the document in reading order, each knowing its source row.
Consecutive label cells form a *run*: a row label, a label wrapped over two lines, or a whole
header. A run ends at the first value-like cell. Inside a table's region each run is searched
for the row keywords (``labels``), in the official order; the last row found in the run takes
the values that follow it, rows found earlier in the run had none (their cells were left blank
and dropped by the copy).

The values of a row are the cells after its label on the same source row when there are any
(tabs, pipe rows, HTML and Word tables), else the value-like cells on the following rows up
to the next label (one cell per line, numbers on the line after the label).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from gongkai.parse import labels as L
from gongkai.parse.cells import (
    Cell,
    Constraint,
    Kind,
    Picked,
    Reason,
    Slot,
    group_totals,
    pick,
    row_total,
)
from gongkai.report import format2021 as f


@dataclass(slots=True)
class Reading:
    """Slots by row path, plus notes (path → warning) about how rows were read."""

    slots: dict[str, tuple[Slot, ...]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    found_tables: set[str] = field(default_factory=set)
    glued: list[str] = field(default_factory=list)  # rows read by cutting glued digits


def _find(cells: Sequence[Cell], start: int, stop: int, needles: Sequence[str]) -> int:
    for i in range(start, stop):
        k = cells[i].key
        if cells[i].kind is Kind.LABEL and any(n in k for n in needles):
            return i
    return -1


@dataclass(frozen=True, slots=True)
class Regions:
    t2: tuple[int, int] | None
    t3: tuple[int, int] | None
    t4: tuple[int, int] | None
    end: int
    t3_reached_end: bool
    t4_reached_end: bool


def locate(cells: Sequence[Cell]) -> Regions:
    end = len(cells)
    five = _find(cells, 0, end, L.SECTION_FIVE)
    t2_start = _find(cells, 0, end, L.T2_START)
    t3_from = max(t2_start, 0)
    t3_start = _find(cells, t3_from, end, L.T3_START)
    if t3_start < 0:
        t3_start = _find_short(cells, t3_from, end, (L.T3_START_ROW,), 40)
    after_t3 = t3_start if t3_start >= 0 else t3_from
    t4_start = _find_short(cells, after_t3 + 1, end, (L.T4_START,), 30)
    five = _find(cells, max(after_t3, t4_start, 0), end, L.SECTION_FIVE)
    t5 = five if five >= 0 else end
    t2 = None
    if t2_start >= 0:
        t2_end = t3_start if t3_start > t2_start else (t4_start if t4_start > 0 else t5)
        t2 = (t2_start, t2_end)
    t3 = None
    if t3_start >= 0:
        t3 = (t3_start, t4_start if t4_start > t3_start else t5)
    t4 = (t4_start, t5) if t4_start >= 0 else None
    return Regions(
        t2,
        t3,
        t4,
        end,
        t3_reached_end=t3 is not None and t3[1] == end,
        t4_reached_end=t4 is not None and t4[1] == end,
    )


def _find_short(
    cells: Sequence[Cell], start: int, stop: int, needles: Sequence[str], longest: int
) -> int:
    for i in range(start, stop):
        k = cells[i].key
        if cells[i].kind is Kind.LABEL and len(k) <= longest and any(n in k for n in needles):
            return i
    return -1


def read_tables(cells: Sequence[Cell]) -> Reading:
    reading = Reading()
    regions = locate(cells)
    eof_t2 = regions.t3 is None and regions.t4 is None
    _read_rows(cells, regions.t2, L.T2_ROWS, reading, at_eof=eof_t2, table="table2")
    at_eof_t3 = regions.t3_reached_end or (regions.t3 is None and regions.t4 is None)
    _read_rows(cells, regions.t3, L.T3_ROWS, reading, at_eof=at_eof_t3, table="table3")
    _read_t4(cells, regions, reading)
    return reading


def _complete(values: Sequence[Cell]) -> list[Cell]:
    """The values of the row the text ends in, without a number it ends on: the text may have
    been cut inside it (1796 cut to 17). A lone 0 is complete, no number begins with 0.
    Empty cells before the first number are taken for the label's span: how many cells
    the row had is unknown once it is cut, so its numbers are read from the left."""
    out = list(values)
    while out and out[0].kind is Kind.EMPTY:
        out.pop(0)
    last = len(out) - 1
    while last >= 0 and out[last].kind is Kind.EMPTY:
        last -= 1
    if last >= 0 and out[last].kind is Kind.NUMBER and out[last].text != "0":
        # An empty cell in its place keeps the positions of the others.
        out[last] = Cell("", Kind.EMPTY, out[last].row, mark=Reason.CUT)
    return out


def _read_rows(
    cells: Sequence[Cell],
    region: tuple[int, int] | None,
    specs: Sequence[L.RowSpec],
    reading: Reading,
    *,
    at_eof: bool,
    table: str,
) -> None:
    if region is None:
        reason = Reason.CUT if at_eof else Reason.NO_TABLE
        for spec in specs:
            reading.slots[spec.path] = (Slot(None, reason),) * spec.width
        return
    reading.found_tables.add(table)
    start, stop = region
    pointer = 0
    last_matched = -1
    i = start
    while i < stop:
        if cells[i].kind is not Kind.LABEL:
            i += 1
            continue
        run_start = i
        while i < stop and cells[i].kind is Kind.LABEL:
            i += 1
        run = cells[run_start:i]
        matches = _match_run(run, specs, pointer)
        if not matches:
            continue
        values, i = _values_after(cells, i - 1, stop, specs[matches[-1][0]].width)
        reaches_end = at_eof and i >= stop
        for index, _ in matches[:-1]:
            reading.slots[specs[index].path] = (Slot(None, Reason.BLANK),) * specs[index].width
        index, fits = matches[-1]
        spec = specs[index]
        if fits:
            kept = _complete(values) if reaches_end else values
            picked = pick(kept, spec.width, _constraint(spec), at_end=reaches_end)
        else:
            picked = Picked((Slot(None, Reason.BLANK),) * spec.width)
        reading.slots[spec.path] = picked.slots
        if picked.note:
            reading.notes[spec.path] = picked.note
        pointer = index + 1
        last_matched = index
    for index, spec in enumerate(specs):
        if spec.path not in reading.slots:
            reason = Reason.CUT if at_eof and index > last_matched else Reason.NOT_FOUND
            reading.slots[spec.path] = (Slot(None, reason),) * spec.width


def _constraint(spec: L.RowSpec) -> Constraint | None:
    return row_total if spec.width == f.T3_WIDTH else None


def _match_run(
    run: Sequence[Cell], specs: Sequence[L.RowSpec], pointer: int
) -> list[tuple[int, bool]]:
    """Rows named in a run, in order; each with whether it may take the run's values."""
    joined = "".join(c.key for c in run)
    hits: list[tuple[int, int, int, str]] = []  # (position, spec index, end, keyword)
    for index in range(pointer, len(specs)):
        for word in specs[index].keywords:
            at = joined.find(word)
            if at >= 0:
                hits.append((at, index, at + len(word), word))
                break
    if not hits:
        bare = _bare_label(run[-1].key, specs, pointer)
        return [] if bare is None else [(bare, True)]
    hits.sort()
    chosen: list[tuple[int, int, str]] = []
    for _, index, end, word in hits:
        if not chosen or index > chosen[-1][0]:
            chosen.append((index, end, word))
    if not chosen:
        return []
    out = [(index, False) for index, _, _ in chosen[:-1]]
    index, end, word = chosen[-1]
    out.append((index, L.tail_fits(specs[index], word, joined[end:])))
    return out


# Labels some reports print without their numbering: 总计 for （七）总计 once the outcome rows
# have begun, 其他 for （六）3.其他 right after （六）2.
_BARE: Final = {
    "总计": ("table3.total", "table3.granted"),
    "其他": ("table3.other_3", "table3.other_2"),
}


def _bare_label(key: str, specs: Sequence[L.RowSpec], pointer: int) -> int | None:
    if key not in _BARE:
        return None
    path, after = _BARE[key]
    paths = [s.path for s in specs]
    if path not in paths or pointer >= len(specs):
        return None
    index, earliest = paths.index(path), paths.index(after)
    if key == "其他" and specs[pointer].path != path:
        return None
    return index if earliest < pointer <= index else None


def _filled(cells: Sequence[Cell]) -> int:
    return sum(1 for c in cells if c.kind is not Kind.EMPTY)


def _values_after(
    cells: Sequence[Cell], label: int, stop: int, want: int
) -> tuple[list[Cell], int]:
    """The value-like cells belonging to the label at ``label``; and where reading resumes."""
    row = cells[label].row
    i = label + 1
    same_row: list[Cell] = []
    while i < stop and cells[i].row == row and cells[i].kind is not Kind.LABEL:
        same_row.append(cells[i])
        i += 1
    if same_row:
        # A row wrapped in PDF text continues on lines holding only numbers.
        while i < stop and cells[i].kind is not Kind.LABEL and _filled(same_row) < want:
            same_row.append(cells[i])
            i += 1
        return same_row, i
    following: list[Cell] = []
    while i < stop and cells[i].kind is not Kind.LABEL:
        following.append(cells[i])
        i += 1
    return following, i


def _read_t4(cells: Sequence[Cell], regions: Regions, reading: Reading) -> None:
    path = "table4"
    if regions.t4 is None:
        at_eof = regions.t3 is None or regions.t3_reached_end
        reason = Reason.CUT if at_eof else Reason.NO_TABLE
        reading.slots[path] = (Slot(None, reason),) * f.T4_WIDTH
        return
    reading.found_tables.add("table4")
    start, stop = regions.t4
    header = _find(cells, start, stop, L.T4_HEADER_END)
    first = -1
    if header >= 0:
        for i in range(header, stop):
            if cells[i].kind in (Kind.NUMBER, Kind.MARK):
                first = i
                break
    if first < 0:
        reason = Reason.CUT if regions.t4_reached_end else Reason.NOT_FOUND
        reading.slots[path] = (Slot(None, reason),) * f.T4_WIDTH
        return
    values: list[Cell] = []
    i = first
    while i < stop and cells[i].kind is not Kind.LABEL:
        values.append(cells[i])
        i += 1
    at_end = regions.t4_reached_end and i >= stop
    picked = pick(_complete(values) if at_end else values, f.T4_WIDTH, group_totals, at_end=at_end)
    reading.slots[path] = picked.slots
    if picked.note:
        reading.notes[path] = picked.note
