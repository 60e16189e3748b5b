"""The scoring arithmetic: records in, one line per record out, tables summed from the lines.

Every point comes from exactly one record (a post, a catalogue entry, a carriage by a news
outlet, a patrol finding, a returned review, a late reply, an overdue publication, or a manual
adjustment), so a table's total is always the sum of lines a reader can open one by one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from gongkai.scoring.standard import (
    AwardKind,
    DeductionKind,
    OutletLevel,
    Standard,
    award_label,
)


class Period(StrEnum):
    MID_YEAR = "mid_year"
    YEAR_END = "year_end"

    @property
    def label(self) -> str:
        return "年中考核" if self is Period.MID_YEAR else "年终考核"


def window(year: int, period: Period) -> tuple[dt.date, dt.date]:
    """The days a period's scores count, both ends included."""
    end = dt.date(year, 6, 30) if period is Period.MID_YEAR else dt.date(year, 12, 31)
    return dt.date(year, 1, 1), end


@dataclass(frozen=True, slots=True)
class Source:
    """The record a line comes from: its model label and key, a label, and where to see it."""

    model: str
    pk: int
    label: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One record as the scoring sees it. ``kind`` is an AwardKind, a DeductionKind or
    ``"adjustment"``; an adjustment carries its own signed points."""

    source: Source
    kind: str
    on: dt.date
    unit_id: int
    unit: str
    person_id: int | None = None
    person: str = ""
    level: OutletLevel = OutletLevel.OWN
    points: Decimal | None = None  # adjustments only


ADJUSTMENT = "adjustment"
_AWARD_VALUES = frozenset(k.value for k in AwardKind)


@dataclass(frozen=True, slots=True)
class Line:
    item: Item
    rule: str  # the standard's item that gave the points, in Chinese
    points: Decimal  # signed: deductions are negative

    @property
    def source(self) -> Source:
        return self.item.source


def score_item(item: Item, standard: Standard) -> Line | None:
    """The line for one item, or None when the standard gives it no points."""
    if item.kind == ADJUSTMENT:
        if item.points is None or not item.points:
            return None
        return Line(item, "人工调整", item.points)
    if item.kind in _AWARD_VALUES:
        kind = AwardKind(item.kind)
        points = standard.award(kind, item.level)
        rule = award_label(kind, item.level)
        return Line(item, rule, points) if points else None
    deduction = DeductionKind(item.kind)
    points = standard.deduction(deduction)
    return Line(item, deduction.label, -points) if points else None


def score(items: Iterable[Item], standard: Standard, start: dt.date, end: dt.date) -> list[Line]:
    """The lines of the items dated within [start, end], in date order."""
    lines = []
    for item in sorted(items, key=lambda i: (i.on, i.source.model, i.source.pk)):
        if start <= item.on <= end:
            line = score_item(item, standard)
            if line is not None:
                lines.append(line)
    return lines


@dataclass(frozen=True, slots=True)
class Row:
    rank: int
    key: int | None  # the unit or person id
    name: str
    unit: str  # for a person: their unit; for a unit: itself
    added: Decimal
    deducted: Decimal  # as a negative number
    total: Decimal
    lines: int


def _rank(rows: list[tuple[int | None, str, str, list[Line]]]) -> list[Row]:
    summed = []
    for key, name, unit, lines in rows:
        added = sum((ln.points for ln in lines if ln.points > 0), Decimal(0))
        deducted = sum((ln.points for ln in lines if ln.points < 0), Decimal(0))
        summed.append((key, name, unit, added, deducted, added + deducted, len(lines)))
    summed.sort(key=lambda r: (-r[5], r[1]))
    out: list[Row] = []
    for index, (key, name, unit, added, deducted, total, count) in enumerate(summed):
        # Competition ranking: equal totals share a rank, the next rank skips (1, 2, 2, 4).
        rank = out[-1].rank if out and out[-1].total == total else index + 1
        out.append(Row(rank, key, name, unit, added, deducted, total, count))
    return out


def by_unit(lines: Sequence[Line]) -> list[Row]:
    groups: dict[int, list[Line]] = defaultdict(list)
    names: dict[int, str] = {}
    for line in lines:
        groups[line.item.unit_id].append(line)
        names[line.item.unit_id] = line.item.unit
    return _rank([(uid, names[uid], names[uid], group) for uid, group in groups.items()])


def by_person(lines: Sequence[Line]) -> list[Row]:
    """People with a line of their own; lines without a person count only for their unit."""
    groups: dict[int, list[Line]] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    for line in lines:
        if line.item.person_id is None:
            continue
        groups[line.item.person_id].append(line)
        names[line.item.person_id] = (line.item.person, line.item.unit)
    return _rank([(pid, *names[pid], group) for pid, group in groups.items()])


def total(lines: Iterable[Line]) -> Decimal:
    return sum((line.points for line in lines), Decimal(0))
