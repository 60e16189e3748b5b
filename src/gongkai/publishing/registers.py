"""Rows of the decision registers (Art. 20 (5)(6)) and of the fee register (Art. 20 (8)) read
from a spreadsheet, checked one by one.

A file is taken whole or not at all: ``read_decisions`` and ``read_fees`` return either the
records or the list of every row's problems, each naming the row as the spreadsheet shows it
and the column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

COLUMNS = ("决定书文号", "当事人", "当事人类型", "决定日期", "事项", "决定内容")
REQUIRED = ("决定书文号", "当事人", "当事人类型", "决定日期", "决定内容")
PARTY_KINDS = {
    "自然人": "person",
    "个人": "person",
    "法人或其他组织": "organisation",
    "法人": "organisation",
    "其他组织": "organisation",
}
# How a spreadsheet or the form names each party kind (the inverse of PARTY_KINDS' main names).
PARTY_LABELS = {"person": "自然人", "organisation": "法人或其他组织"}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass(frozen=True, slots=True)
class DecisionRow:
    number: str
    party: str
    party_kind: str  # "person" or "organisation"
    decided_on: dt.date
    matter: str
    decision: str


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # as numbered in the spreadsheet: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message}"


def mask_person(name: str) -> str:
    """A natural person's name as published: the surname kept, the rest starred (张**)."""
    name = name.strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value).strip())
    if not match:
        raise ValueError(f"“{value}”不是日期，请写成 2024-03-15 的形式")
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"“{value}”不是有效的日期") from None


def check_header(
    header: Iterable[object],
    required: tuple[str, ...] = REQUIRED,
    columns: tuple[str, ...] = COLUMNS,
) -> list[RowError]:
    names = [str(cell).strip() if cell is not None else "" for cell in header]
    missing = [name for name in required if name not in names]
    if missing:
        return [
            RowError(1, "", f"表头缺少“{'”“'.join(missing)}”列；表头应为：{'、'.join(columns)}")
        ]
    return []


def check_fee_header(header: Iterable[object]) -> list[RowError]:
    return check_header(header, FEE_COLUMNS, FEE_COLUMNS)


def read_decisions(
    rows: Iterable[Mapping[str, object]],
    *,
    year_range: tuple[int, int] = (1990, 2100),
    known_numbers: frozenset[str] = frozenset(),
) -> tuple[list[DecisionRow], list[RowError]]:
    """``rows`` are the data rows (from spreadsheet row 2), keyed by header name."""
    records: list[DecisionRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for offset, raw in enumerate(rows):
        line = offset + 2
        cells = {name: _text(raw.get(name)) for name in COLUMNS}
        if not any(cells.values()):
            continue  # blank rows at the end of a sheet
        row_errors = [RowError(line, name, "不能为空") for name in REQUIRED if not cells[name]]
        kind = PARTY_KINDS.get(cells["当事人类型"])
        if cells["当事人类型"] and kind is None:
            row_errors.append(
                RowError(
                    line, "当事人类型", f"“{cells['当事人类型']}”应为“自然人”或“法人或其他组织”"
                )
            )
        decided_on: dt.date | None = None
        if cells["决定日期"]:
            try:
                decided_on = parse_date(raw.get("决定日期"))
            except ValueError as exc:
                row_errors.append(RowError(line, "决定日期", str(exc)))
            else:
                if not year_range[0] <= decided_on.year <= year_range[1]:
                    row_errors.append(RowError(line, "决定日期", f"年份 {decided_on.year} 不合理"))
        number = cells["决定书文号"]
        if number in seen:
            row_errors.append(RowError(line, "决定书文号", f"与第 {seen[number]} 行重复"))
        elif number in known_numbers:
            row_errors.append(RowError(line, "决定书文号", f"“{number}”已登记过"))
        if number:
            seen.setdefault(number, line)
        if row_errors or decided_on is None or kind is None:
            errors += row_errors
            continue
        records.append(
            DecisionRow(number, cells["当事人"], kind, decided_on, cells["事项"], cells["决定内容"])
        )
    return records, errors


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


# --- the fee register (第二十条第（八）项) ----------------------------------------------------

FEE_COLUMNS = ("收费项目", "收费依据", "金额（元）", "收费日期")
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class FeeRow:
    item: str
    basis: str
    amount: Decimal  # yuan
    collected_on: dt.date


def parse_amount(value: object) -> Decimal:
    """An amount collected, in yuan: positive, at most two decimals (thousands commas allowed)."""
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"金额“{value}”不是数字") from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(_CENT):
        raise ValueError("金额须为正数，单位元，最多两位小数")
    return amount


def read_fees(
    rows: Iterable[Mapping[str, object]], *, year_range: tuple[int, int] = (1990, 2100)
) -> tuple[list[FeeRow], list[RowError]]:
    """``rows`` are the data rows (from spreadsheet row 2), keyed by header name."""
    records: list[FeeRow] = []
    errors: list[RowError] = []
    for offset, raw in enumerate(rows):
        line = offset + 2
        cells = {name: _text(raw.get(name)) for name in FEE_COLUMNS}
        if not any(cells.values()):
            continue
        row_errors = [RowError(line, name, "不能为空") for name in FEE_COLUMNS if not cells[name]]
        amount: Decimal | None = None
        if cells["金额（元）"]:
            try:
                amount = parse_amount(raw.get("金额（元）"))
            except ValueError as exc:
                row_errors.append(RowError(line, "金额（元）", str(exc)))
        collected_on: dt.date | None = None
        if cells["收费日期"]:
            try:
                collected_on = parse_date(raw.get("收费日期"))
            except ValueError as exc:
                row_errors.append(RowError(line, "收费日期", str(exc)))
            else:
                if not year_range[0] <= collected_on.year <= year_range[1]:
                    row_errors.append(
                        RowError(line, "收费日期", f"年份 {collected_on.year} 不合理")
                    )
        if row_errors or amount is None or collected_on is None:
            errors += row_errors
            continue
        records.append(FeeRow(cells["收费项目"], cells["收费依据"], amount, collected_on))
    return records, errors
