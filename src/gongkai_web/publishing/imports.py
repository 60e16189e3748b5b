"""Reading an uploaded register (XLSX or CSV) into rows keyed by the header's names."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError

from gongkai import archives
from gongkai.publishing.registers import RowError, check_header


def read_table(
    name: str,
    data: bytes,
    check: Callable[[Iterable[object]], list[RowError]] = check_header,
) -> list[dict[str, Any]]:
    """The data rows keyed by the header's names; ``check`` refuses a header without the
    register's columns (the decisions' by default)."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif lowered.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise ValidationError(f"“{name}”不是 XLSX 或 CSV 文件；请用 Excel 另存为 .xlsx 或 .csv")
    if not rows:
        raise ValidationError(f"“{name}”是空表")
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    problems = check(header)
    if problems:
        raise ValidationError([str(p) for p in problems])
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    refused = archives.refusal(data, archives.TABLE)
    if refused:
        raise ValidationError(refused)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ValidationError("无法读取该 XLSX 文件，文件可能已损坏；请用 Excel 重新保存") from None
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv_rows(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("CSV 文件的编码无法识别，请保存为 UTF-8 或 GB18030 编码")
    return [row for row in csv.reader(io.StringIO(text))]


def describe(errors: list[RowError]) -> list[str]:
    return [str(error) for error in errors]
