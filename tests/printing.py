"""Printing XLSX files as LibreOffice Calc prints them, for the tests of every XLSX export.

All the files of a test module go through one ``soffice`` run (LibreOffice takes seconds to
start on a loaded machine); each printed page comes back as its size and its text
(``pdftotext -layout``), so a test can count pages and see what every page repeats.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_calc = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="printing XLSX needs LibreOffice Calc and poppler-utils "
    "(apt-get install --no-install-recommends libreoffice-calc-nogui poppler-utils)",
)

A4_SHORT, A4_LONG = 595.3, 841.9  # points
# One column-width unit on paper as LibreOffice 7.4 lays it out with Carlito (Calibri's
# metrics), measured from printed pages: Excel's own figure is 5.25 pt plus a few pixels of
# padding per column.
UNIT_PT = 5.72


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    text: str

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def print_xlsx(files: dict[str, bytes]) -> dict[str, list[Page]]:
    """Each file's printed pages, in order (every sheet of a workbook, one after another)."""
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory(prefix="gongkai-print-") as tmp:
        work = Path(tmp)
        for name, data in files.items():
            (work / f"{name}.xlsx").write_bytes(data)
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                *(str(work / f"{name}.xlsx") for name in files),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return {name: _pages(work / f"{name}.pdf") for name in files}


def _pages(pdf: Path) -> list[Page]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and " size:" in line:
            dims = line.split("size:")[1].split("pts")[0].split("x")
            sizes.append((float(dims[0]), float(dims[1])))
    pages = []
    for number, (width, height) in enumerate(sizes, start=1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages.append(Page(width, height, text))
    return pages


def squeeze(text: str) -> str:
    """Text without the spaces and line breaks that pdftotext puts between columns and lines."""
    return "".join(text.split())


def assert_page_setup(data: bytes, *, header_rows: int | dict[str, int] = 2) -> None:
    """Every sheet: A4, one page wide and as many down as needed, the title merged over the
    table, the title and header rows printed on every page and frozen on screen, the table
    bordered, every row given a height."""
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        repeated = header_rows if isinstance(header_rows, int) else header_rows[sheet.title]
        setup = sheet.page_setup
        assert setup.paperSize == 9, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == f"$1:${repeated}", sheet.title
        assert sheet.freeze_panes == f"A{repeated + 1}", sheet.title
        last = sheet.max_column
        title = [str(r) for r in sheet.merged_cells.ranges if r.min_row == r.max_row == 1]
        assert title == [f"A1:{get_column_letter(last)}1"], sheet.title
        for row in sheet.iter_rows(min_row=2, max_row=repeated + 1, max_col=last):
            for cell in row:
                if any(cell.coordinate in r for r in sheet.merged_cells.ranges):
                    continue  # openpyxl redraws a merged range's borders on its edges only
                edges = (cell.border.top, cell.border.bottom, cell.border.left, cell.border.right)
                assert all(e.style == "thin" for e in edges), (sheet.title, cell.coordinate)
        for number in range(1, sheet.max_row + 1):
            assert sheet.row_dimensions[number].height, (sheet.title, number)


def pages_needed(data: bytes) -> int:
    """Pages the workbook's rows take at its fit-to-width scale: the rows below the repeated
    ones (the sheet's print titles) fill each page's printable height, less the repeated rows."""
    book = load_workbook(io.BytesIO(data))
    total = 0
    for sheet in book.worksheets:
        header_rows = int(sheet.print_title_rows.rsplit("$", 1)[1])
        landscape = sheet.page_setup.orientation == "landscape"
        paper_w, paper_h = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
        m = sheet.page_margins
        printable_w = paper_w - (m.left + m.right) * 72
        printable_h = paper_h - (m.top + m.bottom) * 72
        width_pt = sum(
            (sheet.column_dimensions[get_column_letter(c)].width or 8.43) * UNIT_PT
            for c in range(1, sheet.max_column + 1)
        )
        scale = min(1.0, printable_w / width_pt)
        heights = [sheet.row_dimensions[r].height or 15 for r in range(1, sheet.max_row + 1)]
        repeated = sum(heights[:header_rows]) * scale
        body = sum(heights[header_rows:]) * scale
        total += max(1, math.ceil(body / (printable_h - repeated)))
    return total
