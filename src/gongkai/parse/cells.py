"""Cells as the reader sees them, and how a row's cells become the official cells.

A cell is a label (text), a value (a number), a mark standing for "no number" ("/", "-",
"——", "无"), or empty (a delimited cell with nothing in it). ``pick`` turns the value-like
cells that follow a row label into exactly ``n`` slots, each a number or a reason for null.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from typing import Final

from gongkai.parse.normalize import clean, key


class Kind(Enum):
    LABEL = "label"
    NUMBER = "number"
    MARK = "mark"
    EMPTY = "empty"


class Reason(Enum):
    """Why a cell is null; the value is the clause that ends the clerk's message."""

    BLANK = "该格为空白，没有数字"
    SLASH = "该格填写为“/”"
    DASH = "该格填写为“-”或“—”"
    NONE_WORD = "该格填写为“无”"
    MISSING = "该行的数字少于应有的格数，此格没有数字"
    CUT = "文本在此之前已结束（原文被截断），此格没有出现"
    NOT_FOUND = "没有找到这一行的标签"
    AMBIGUOUS = "一串连写的数字无法唯一地拆分成各格"
    NO_TABLE = "没有找到这张表"


_MARKS: Final = {
    "/": Reason.SLASH,
    "\\": Reason.SLASH,
    "-": Reason.DASH,
    "--": Reason.DASH,
    "—": Reason.DASH,
    "——": Reason.DASH,
    "―": Reason.DASH,
    "无": Reason.NONE_WORD,
}
_NUMBER: Final = re.compile(r"[+-]?\d+(?:\.\d+)?(?:件|个|条|项|次|起|份|篇|万元)?")
_DIGITS: Final = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # clean text
    kind: Kind
    row: int  # index of the source row (a line, a table row)
    value: int | Decimal | None = None
    mark: Reason | None = None
    key: str = ""  # the text in key form (see normalize.key)


def read_number(text: str) -> int | Decimal | None:
    compact = text.replace(",", "").replace(" ", "")
    if not _NUMBER.fullmatch(compact):
        return None
    digits = compact.rstrip("件个条项次起份篇万元")
    if "." not in digits:
        return int(digits)
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None


def make_cell(raw: str, row: int) -> Cell:
    text, kind, value, mark, k = _classify(raw)
    return Cell(text, kind, row, value, mark, k)


# Reports repeat the same cells ("0", the labels) thousands of times in a batch.
@lru_cache(maxsize=1 << 16)
def _classify(raw: str) -> tuple[str, Kind, int | Decimal | None, Reason | None, str]:
    text = clean(raw)
    if not text:
        return text, Kind.EMPTY, None, None, ""
    mark = _MARKS.get(text.replace(" ", ""))
    if mark is not None:
        return text, Kind.MARK, None, mark, key(text)
    number = read_number(text)
    if number is not None:
        return text, Kind.NUMBER, number, None, key(text)
    return text, Kind.LABEL, None, None, key(text)


def is_value_token(token: str) -> bool:
    kind = _classify(token)[1]
    return kind is Kind.NUMBER or kind is Kind.MARK


# --- from value cells to slots -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slot:
    value: int | Decimal | None
    reason: Reason | None = None


@dataclass(frozen=True, slots=True)
class Picked:
    slots: tuple[Slot, ...]
    note: str | None = None  # a warning about how the cells were read, for the findings


Constraint = Callable[[Sequence[int]], bool]


def row_total(parts: Sequence[int]) -> bool:
    """Table 三: 总计 (the last cell) is the sum of the six applicant columns."""
    return sum(parts[:-1]) == parts[-1]


def group_totals(parts: Sequence[int]) -> bool:
    """Table 四: in each group of five, 总计 is the sum of the four results."""
    return all(sum(parts[g : g + 4]) == parts[g + 4] for g in range(0, len(parts), 5))


def _slot(cell: Cell) -> Slot:
    if cell.kind is Kind.NUMBER:
        return Slot(cell.value)
    if cell.kind is Kind.MARK:
        return Slot(None, cell.mark)
    return Slot(None, cell.mark or Reason.BLANK)  # an empty cell may stand for a cut one


def pick(values: Sequence[Cell], n: int, constraint: Constraint | None, *, at_end: bool) -> Picked:
    """Exactly ``n`` slots from the value-like cells after a label (see docs/parser.md)."""
    filled = [c for c in values if c.kind is not Kind.EMPTY]
    if len(filled) == 1 and n > 1 and _DIGITS.fullmatch(filled[0].text):
        run = filled[0].text
        if len(run) >= n:
            split = _split_run(run, n, constraint)
            if split is not None:
                return split
            if len(values) < n and _cuttable(run, n):
                # One run where n cells belong and no empty cell beside it: it may be the n
                # numbers written together (a crawled page's line ending after them) as much
                # as one number. Null, and the stream reading may settle it; never a guess.
                doubt = f"“{run}”可能是 {n} 格数字连写，拆法不唯一，各格记为 null，请对照原文核对"
                return Picked(tuple(Slot(None, Reason.AMBIGUOUS) for _ in range(n)), doubt)
    if len(filled) == n:
        return Picked(tuple(_slot(c) for c in filled))
    if len(filled) > n:
        extra = f"标签后有 {len(filled)} 个数字，多于应有的 {n} 格，只取前 {n} 个"
        return Picked(tuple(_slot(c) for c in filled[:n]), extra)
    cells = list(values)
    while len(cells) > n and cells[0].kind is Kind.EMPTY:
        cells.pop(0)
    while len(cells) > n and cells[-1].kind is Kind.EMPTY:
        cells.pop()
    if len(cells) == n:
        return Picked(tuple(_slot(c) for c in cells))
    short = Reason.CUT if at_end else (Reason.BLANK if not filled else Reason.MISSING)
    slots = [_slot(c) for c in filled] + [Slot(None, short)] * (n - len(filled))
    note: str | None = None
    if filled:
        note = (
            f"该行只有 {len(filled)} 个数字，应有 {n} 格；按从左到右的顺序读取，"
            "其余各格记为 null，请核对数字所在的列"
        )
    return Picked(tuple(slots), note)


def _cuttable(run: str, n: int) -> bool:
    """Whether ``run`` can be cut into ``n`` numbers, none written with a leading zero."""
    if n == 1:
        return run == "0" or run[0] != "0"
    return any(
        (run[:i] == "0" or run[0] != "0") and _cuttable(run[i:], n - 1)
        for i in range(1, len(run) - n + 2)
    )


def _split_run(run: str, n: int, constraint: Constraint | None) -> Picked | None:
    """The one way to cut a glued run of digits into ``n`` cells, or None if it is a number.

    With a sum to satisfy (a table 三 row, table 四), the run is cut when exactly one cut
    satisfies it. Without one (table 二), only a run that starts with 0 is surely glued (no
    number is written with a leading zero), and it is cut only into single digits.
    """
    if constraint is None:
        if run[0] == "0" and len(run) == n:
            note = f"“{run}”是 {n} 个一位数连写，已拆成 {n} 格"
            return Picked(tuple(Slot(int(ch)) for ch in run), note)
        return None
    found: list[list[int]] = []
    if len(run) <= 3 * n:
        for parts in _compositions(run, n):
            if constraint(parts):
                found.append(parts)
                if len(found) > 1:
                    break
    if len(found) == 1:
        if len(run) == n:
            note = f"“{run}”是 {n} 个一位数连写，已拆成 {n} 格"
        else:
            note = f"“{run}”是连写的数字，只有一种拆法能满足表内合计，已拆成 {n} 格"
        return Picked(tuple(Slot(p) for p in found[0]), note)
    return Picked(tuple(Slot(None, Reason.AMBIGUOUS) for _ in range(n)))


def _compositions(run: str, n: int) -> Iterator[list[int]]:
    """Every way to cut ``run`` into ``n`` numbers written without leading zeros."""
    if n == 1:
        if run and (run == "0" or run[0] != "0"):
            yield [int(run)]
        return
    longest = 1 if run[0] == "0" else len(run) - n + 1
    for size in range(1, longest + 1):
        for rest in _compositions(run[size:], n - 1):
            yield [int(run[:size]), *rest]
