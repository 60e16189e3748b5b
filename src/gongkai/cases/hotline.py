"""12345 工单 that are disclosure requests, read from the hotline platform's export.

The hotline takes a call on one day and hands the ticket to the agency on another; Art. 31
counts the application from the day the agency receives it, so each row needs both dates and
the application's clock starts on the second (转交日期), never on the call's.

A file is taken whole or not at all: ``read_tickets`` returns the rows or every row's
problems, each naming the spreadsheet row and the column. The applicant's identity is checked
by the caller with the same rules as any application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.publishing.registers import RowError, parse_date

COLUMNS = (
    "工单号",
    "来电日期",
    "转交日期",
    "诉求人",
    "证件类型",
    "证件号码",
    "联系电话",
    "诉求内容",
    "通信地址",
    "电子邮箱",
)
REQUIRED = ("工单号", "来电日期", "转交日期", "诉求人", "证件号码", "联系电话", "诉求内容")
ID_TYPES = {
    "": "resident_id",
    "居民身份证": "resident_id",
    "身份证": "resident_id",
    "护照": "passport",
    "其他身份证件": "other",
    "统一社会信用代码": "credit_code",
}


@dataclass(frozen=True, slots=True)
class Ticket:
    row: int
    number: str  # 工单号
    called_on: dt.date  # the hotline took the call
    handed_over_on: dt.date  # the agency received the ticket: the Art. 31 date
    name: str
    id_type: str
    id_number: str
    phone: str
    description: str
    address: str = ""
    email: str = ""


def check_header(header: Iterable[object]) -> list[RowError]:
    names = [str(cell).strip() if cell is not None else "" for cell in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        return [
            RowError(1, "", f"表头缺少“{'”“'.join(missing)}”列；表头应为：{'、'.join(COLUMNS)}")
        ]
    return []


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_tickets(
    rows: Iterable[Mapping[str, object]],
    *,
    today: dt.date,
    known_numbers: frozenset[str] = frozenset(),
) -> tuple[list[Ticket], list[RowError]]:
    """``rows`` are the data rows (from spreadsheet row 2), keyed by header name;
    ``known_numbers`` the 工单号 already on record for the agency."""
    tickets: list[Ticket] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for offset, raw in enumerate(rows):
        line = offset + 2
        cells = {name: _text(raw.get(name)) for name in COLUMNS}
        if not any(cells.values()):
            continue  # blank rows at the end of an export
        row_errors = [RowError(line, name, "不能为空") for name in REQUIRED if not cells[name]]
        dates: dict[str, dt.date] = {}
        for name in ("来电日期", "转交日期"):
            if cells[name]:
                try:
                    dates[name] = parse_date(raw.get(name))
                except ValueError as exc:
                    row_errors.append(RowError(line, name, str(exc)))
                    continue
                if dates[name] > today:
                    row_errors.append(RowError(line, name, "不能晚于今天"))
        called, handed = dates.get("来电日期"), dates.get("转交日期")
        if called and handed and handed < called:
            row_errors.append(
                RowError(line, "转交日期", "早于来电日期：转交日期是本机关收到工单的日期")
            )
        number = cells["工单号"]
        if number in seen:
            row_errors.append(RowError(line, "工单号", f"与第 {seen[number]} 行重复"))
        elif number in known_numbers:
            row_errors.append(RowError(line, "工单号", "该工单已登记为依申请公开，不能重复导入"))
        if number:
            seen.setdefault(number, line)
        id_type = ID_TYPES.get(cells["证件类型"])
        if id_type is None:
            allowed = "、".join(k for k in ID_TYPES if k)
            row_errors.append(
                RowError(line, "证件类型", f"“{cells['证件类型']}”不是可选值（{allowed}）")
            )
        if row_errors or called is None or handed is None or id_type is None:
            errors += row_errors
            continue
        tickets.append(
            Ticket(
                line,
                number,
                called,
                handed,
                cells["诉求人"],
                id_type,
                cells["证件号码"],
                cells["联系电话"],
                cells["诉求内容"],
                cells["通信地址"],
                cells["电子邮箱"],
            )
        )
    if not tickets and not errors:
        errors.append(RowError(2, "", "文件中没有工单"))
    return tickets, errors
