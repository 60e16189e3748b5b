"""PDF text layers into rows, by position: the text lines pdfminer finds are grouped into
rows by their height on the page and ordered left to right, so a table row printed as
separate cells comes back as one row of cells. A PDF without text (a scan) gives no rows;
a PDF that needs a password is refused, never guessed at."""

from __future__ import annotations

import io
from typing import Final

from gongkai.parse.lines import Row, split_line

# Lines whose vertical centres are this close (in points) sit on one row.
_ROW_TOLERANCE: Final = 3.0
_MAX_PAGES: Final = 200


class PdfError(ValueError):
    pass


class PdfEncryptedError(PdfError):
    pass


def pdf_rows(data: bytes) -> list[Row]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    rows: list[Row] = []
    params = LAParams(char_margin=1.0, line_margin=0.3, boxes_flow=None)
    try:
        for page in extract_pages(io.BytesIO(data), laparams=params, maxpages=_MAX_PAGES):
            lines: list[tuple[float, float, str]] = []
            for box in page:
                if not isinstance(box, LTTextBox):
                    continue
                for line in box:
                    if isinstance(line, LTTextLine):
                        text = line.get_text().strip()
                        if text:
                            lines.append(((line.y0 + line.y1) / 2, line.x0, text))
            rows.extend(_rows_of_page(lines))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise PdfEncryptedError(type(exc).__name__) from None
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        raise PdfError(f"{type(exc).__name__}: {str(exc)[:80]}") from None
    return rows


def _rows_of_page(lines: list[tuple[float, float, str]]) -> list[Row]:
    lines.sort(key=lambda item: (-item[0], item[1]))
    rows: list[Row] = []
    current: list[tuple[float, float, str]] = []
    for item in lines:
        if current and abs(current[0][0] - item[0]) > _ROW_TOLERANCE:
            rows.append(_row(current))
            current = []
        current.append(item)
    if current:
        rows.append(_row(current))
    return rows


def _row(items: list[tuple[float, float, str]]) -> Row:
    items.sort(key=lambda item: item[1])
    cells: Row = []
    for _, _, text in items:
        cells.extend(split_line(text))
    return cells
