"""Cells that stay text in every CSV and XLSX gongkai writes (formula, or CSV, injection).

A spreadsheet reads a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula, and a
leading tab or carriage return hides such a start from a quick look; an applicant's name or
an audit entry's text must never run as one. ``neutralise`` prefixes an apostrophe, which
spreadsheets show as text; a plain number ("-5", "+3.5%") and a lone dash stay as they are,
since no spreadsheet evaluates them as anything but what they say.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

TRIGGERS = frozenset("=+-@\t\r")
_HARMLESS = re.compile(r"[+-]?(?:\d+(?:\.\d+)?%?)?")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in TRIGGERS and not _HARMLESS.fullmatch(value):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """The value ``neutralise`` was given, for a file gongkai exported and reads back."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in TRIGGERS:
        return value[1:]
    return value


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in row]


class CsvWriter:
    """``csv.writer`` whose every cell passes through ``neutralise``."""

    def __init__(self, stream: IO[str]) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(neutralise_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def sheet_append(sheet: Any, row: Iterable[Any]) -> None:
    """``Worksheet.append`` with every cell neutralised (openpyxl would also store a string
    starting with "=" as a formula)."""
    sheet.append(neutralise_row(row))
