"""Formula injection: no cell gongkai writes starts a spreadsheet formula."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from gongkai.sheets import TRIGGERS, CsvWriter, neutralise, restore, sheet_append


def test_it_quotes_every_formula_start() -> None:
    for start in "=+-@\t\r":
        assert neutralise(f"{start}cmd") == f"'{start}cmd"


def test_it_leaves_numbers_dashes_and_ordinary_text() -> None:
    for value in ("-5", "+3.5%", "-", "张三", "", "a=b", 12, None, -3):
        assert neutralise(value) == value


@given(st.lists(st.text(max_size=12), min_size=1, max_size=6))
def test_it_writes_csv_whose_cells_never_start_a_formula(row: list[str]) -> None:
    out = io.StringIO()
    CsvWriter(out).writerow(row)
    (read,) = csv.reader(io.StringIO(out.getvalue()))
    for original, cell in zip(row, read, strict=True):
        if cell[:1] in TRIGGERS:  # only a plain number or a dash keeps its sign
            assert cell == original and neutralise(cell) == cell
        assert cell in (original, "'" + original)


def test_it_writes_xlsx_without_formulas() -> None:
    book = Workbook()
    sheet_append(book.active, ["=1+1", "@A1", "+2+A1", "\r=x", "正常"])
    out = io.BytesIO()
    book.save(out)
    (row,) = load_workbook(io.BytesIO(out.getvalue())).active.iter_rows()
    assert [c.data_type for c in row] == ["s"] * 5
    assert [c.value for c in row] == ["'=1+1", "'@A1", "'+2+A1", "'\r=x", "正常"]


@given(st.text(max_size=12))
def test_reading_back_gives_the_value_written(value: str) -> None:
    assert restore(neutralise(value)) == value or value.startswith("'")


def test_every_writer_in_the_source_goes_through_the_neutraliser() -> None:
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src"
    raw = ("csv.writer(", "csv.DictWriter(", "sheet.append(", ".cell(", "xlsxwriter")
    offenders = []
    for path in src.rglob("*.py"):
        if path.name == "sheets.py" or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(src)}: {what}" for what in raw if what in text]
    # to_xlsx writes cells one by one, each through neutralise (its _value); the ledger writer
    # appends rows of cells it made, each value through neutralise.
    assert sorted(offenders) == [
        "gongkai/documents/ledger.py: sheet.append(",
        "gongkai/report/render/to_xlsx.py: .cell(",
    ]
