"""PDF text layers into rows, by position.

pdfminer gives text lines with coordinates and the ruling lines of tables. A text line
enclosed by rules on four sides lies in a table cell; all lines in the same enclosure are one
cell (a label wrapped over several lines comes back whole), and cells sharing a top rule are
one table row (a label spanning rows sits in its first row, as in HTML). Text outside any
enclosure is grouped into rows by height and read left to right. A PDF without text (a scan)
gives no rows; a PDF that needs a password is refused, never guessed at.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any, Final

from gongkai.parse.lines import Row, split_line

_ROW_TOLERANCE: Final = 3.0  # points: lines whose centres are this close share a row
_RULE_THICKNESS: Final = 2.0
_SLACK: Final = 1.5
_MAX_PAGES: Final = 200


class PdfError(ValueError):
    pass


class PdfEncryptedError(PdfError):
    pass


@dataclass(frozen=True, slots=True)
class _Line:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str


@dataclass(slots=True)
class _Rules:
    horizontal: list[tuple[float, float, float]]  # (y, x0, x1)
    vertical: list[tuple[float, float, float]]  # (x, y0, y1)


def pdf_rows(data: bytes) -> list[Row]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfminer logs every repair it makes to a damaged file; the finding says it once.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    rows: list[Row] = []
    params = LAParams(char_margin=1.0, line_margin=0.3, boxes_flow=None)
    try:
        for page in extract_pages(io.BytesIO(data), laparams=params, maxpages=_MAX_PAGES):
            lines, rules = _collect(page)
            rows.extend(_rows_of_page(lines, rules))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise PdfEncryptedError(type(exc).__name__) from None
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        raise PdfError(f"{type(exc).__name__}: {str(exc)[:80]}") from None
    return rows


def _collect(page: Any) -> tuple[list[_Line], _Rules]:
    from pdfminer.layout import LTCurve, LTTextBox, LTTextLine

    lines: list[_Line] = []
    rules = _Rules([], [])
    for item in page:
        if isinstance(item, LTTextBox):
            for line in item:
                if isinstance(line, LTTextLine):
                    text = line.get_text().strip()
                    if text:
                        lines.append(_Line(line.x0, line.x1, line.y0, line.y1, text))
        elif isinstance(item, LTCurve):  # LTLine and LTRect are curves too
            x0, y0, x1, y1 = item.x0, item.y0, item.x1, item.y1
            if y1 - y0 <= _RULE_THICKNESS:
                rules.horizontal.append(((y0 + y1) / 2, x0, x1))
            elif x1 - x0 <= _RULE_THICKNESS:
                rules.vertical.append(((x0 + x1) / 2, y0, y1))
            else:  # a filled or stroked box: its four edges
                rules.horizontal += [(y0, x0, x1), (y1, x0, x1)]
                rules.vertical += [(x0, y0, y1), (x1, y0, y1)]
    return lines, rules


def _enclosure(line: _Line, rules: _Rules) -> tuple[float, float, float, float] | None:
    """The table cell around a line: (top, bottom, left, right) rules, or None."""
    mid_x = (line.x0 + line.x1) / 2
    mid_y = (line.y0 + line.y1) / 2
    top = bottom = left = right = None
    for y, x0, x1 in rules.horizontal:
        if x0 - _SLACK <= mid_x <= x1 + _SLACK:
            if y >= mid_y and (top is None or y < top):
                top = y
            elif y < mid_y and (bottom is None or y > bottom):
                bottom = y
    for x, y0, y1 in rules.vertical:
        if y0 - _SLACK <= mid_y <= y1 + _SLACK:
            if x <= mid_x and (left is None or x > left):
                left = x
            elif x > mid_x and (right is None or x < right):
                right = x
    if top is None or bottom is None or left is None or right is None:
        return None
    return (round(top, 1), round(bottom, 1), round(left, 1), round(right, 1))


def _rows_of_page(lines: list[_Line], rules: _Rules) -> list[Row]:
    cells: dict[tuple[float, float, float, float], list[_Line]] = {}
    loose: list[_Line] = []
    for line in lines:
        box = _enclosure(line, rules)
        if box is None:
            loose.append(line)
        else:
            cells.setdefault(box, []).append(line)
    # (height on the page, left edge, cells): table rows keyed by their top rule.
    keyed: list[tuple[float, float, Row]] = []
    table_rows: dict[float, list[tuple[float, str]]] = {}
    for (top, _, left, _), members in cells.items():
        members.sort(key=lambda m: (-m.y1, m.x0))
        table_rows.setdefault(top, []).append((left, "".join(m.text for m in members)))
    for top, row_cells in table_rows.items():
        row_cells.sort()
        keyed.append((top, 0.0, [text for _, text in row_cells]))
    loose.sort(key=lambda m: (-(m.y0 + m.y1) / 2, m.x0))
    current: list[_Line] = []
    for line in loose:
        if current and abs(_centre(current[0]) - _centre(line)) > _ROW_TOLERANCE:
            keyed.append((_centre(current[0]), current[0].x0, _loose_row(current)))
            current = []
        current.append(line)
    if current:
        keyed.append((_centre(current[0]), current[0].x0, _loose_row(current)))
    keyed.sort(key=lambda item: (-item[0], item[1]))
    return [row for _, _, row in keyed]


def _centre(line: _Line) -> float:
    return (line.y0 + line.y1) / 2


def _loose_row(items: list[_Line]) -> Row:
    items.sort(key=lambda item: item.x0)
    cells: Row = []
    for item in items:
        cells.extend(split_line(item.text))
    return cells
