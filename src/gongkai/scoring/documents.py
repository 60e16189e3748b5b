"""Score tables and the commendation list as DOCX (GB/T 9704 page) and XLSX.

The DOCX uses the annual report renderer's page, styles and table writer, so a score table
looks like the report's tables: same fonts, borders, header rows repeated on every page.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from docx.oxml import parse_xml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.report.render.package import stable_package
from gongkai.report.render.tables import Grid, GridCell, Kind
from gongkai.report.render.to_docx import gbt9704_document, table_xml
from gongkai.scoring.score import Row
from gongkai.sheets import sheet_append


def points(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value else "0"
    return text


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    title: str  # e.g. 新华区教育局2024年年终政务公开量化考核得分表
    standard: str
    window: str  # e.g. 2024年1月1日至2024年12月31日
    units: Sequence[Row]
    people: Sequence[Row]
    made_on: dt.date
    confirmed_by: str = ""  # the 审定人; empty while the run awaits its 审定
    confirmed_on: dt.date | None = None

    @property
    def approval(self) -> str:
        """The sheet's 审定 line: by whom and when, or that it is not the result yet."""
        if self.confirmed_by and self.confirmed_on is not None:
            day = self.confirmed_on
            on = f"{day.year}年{day.month}月{day.day}日"
            return f"已审定。审定人：{self.confirmed_by}；审定日期：{on}。"
        return "待审定：本表为计分结果，经分管领导或政务公开办审定后方为考核结果。"


@dataclass(frozen=True, slots=True)
class Commendation:
    title: str  # 荣誉称号
    name: str  # the person or unit commended
    unit: str
    reason: str


@dataclass(frozen=True, slots=True)
class CommendationList:
    title: str
    occasion: str  # e.g. 全区教育工作大会
    entries: Sequence[Commendation]
    issuer: str
    made_on: dt.date


UNIT_HEAD = ("名次", "单位", "加分", "扣分", "得分", "记分条目")
PERSON_HEAD = ("名次", "姓名", "所在单位", "加分", "扣分", "得分", "记分条目")
COMMENDATION_HEAD = ("序号", "荣誉称号", "受表彰个人或集体", "所在单位", "事由")


def unit_cells(row: Row) -> tuple[str, ...]:
    return (
        str(row.rank),
        row.name,
        points(row.added),
        points(row.deducted),
        points(row.total),
        str(row.lines),
    )


def person_cells(row: Row) -> tuple[str, ...]:
    return (
        str(row.rank),
        row.name,
        row.unit,
        points(row.added),
        points(row.deducted),
        points(row.total),
        str(row.lines),
    )


def _grid(
    key: str,
    head: tuple[str, ...],
    body: Sequence[tuple[str, ...]],
    weights: tuple[float, ...],
    labels: frozenset[int],
) -> Grid:
    """A one-header-row grid; ``labels`` are the columns of names (left-aligned)."""
    cells = [GridCell(0, c, text, Kind.HEADER) for c, text in enumerate(head)]
    for r, row in enumerate(body, start=1):
        for c, text in enumerate(row):
            cells.append(GridCell(r, c, text, Kind.LABEL if c in labels else Kind.NUMBER))
    return Grid(
        key=key,
        sheet=key,
        heading="",
        n_rows=len(body) + 1,
        n_cols=len(head),
        header_rows=1,
        cells=tuple(cells),
        col_weights=weights,
    )


def _docx(title: str, blocks: Sequence[tuple[str, Grid | None]], made_on: dt.date) -> bytes:
    doc = gbt9704_document()
    doc.core_properties.title = title
    doc.add_paragraph(title, style="Title")
    body = doc.element.body
    for text, grid in blocks:
        if text:
            doc.add_paragraph(text, style="Heading 1" if grid is not None else None)
        if grid is not None:
            body.insert_element_before(parse_xml(table_xml(grid)), "w:sectPr")
            doc.add_paragraph()
    out = io.BytesIO()
    doc.save(out)
    return stable_package(out.getvalue(), made_on)


def score_sheet_docx(sheet: ScoreSheet) -> bytes:
    units = _grid(
        "单位得分",
        UNIT_HEAD,
        [unit_cells(r) for r in sheet.units],
        (0.7, 3, 1, 1, 1, 1.1),
        frozenset({1}),
    )
    people = _grid(
        "个人得分",
        PERSON_HEAD,
        [person_cells(r) for r in sheet.people],
        (0.7, 1.3, 2.4, 1, 1, 1, 1.1),
        frozenset({1, 2}),
    )
    return _docx(
        sheet.title,
        (
            (f"考核期间：{sheet.window}。记分标准：{sheet.standard}。", None),
            (sheet.approval, None),
            ("一、单位得分", units),
            ("二、个人得分", people),
        ),
        sheet.made_on,
    )


def commendation_docx(listing: CommendationList) -> bytes:
    grid = _grid(
        "表彰名单",
        COMMENDATION_HEAD,
        [
            (str(i), c.title, c.name, c.unit, c.reason)
            for i, c in enumerate(listing.entries, start=1)
        ],
        (0.6, 2, 1.6, 2, 3),
        frozenset({1, 2, 3, 4}),
    )
    intro = f"以下个人和集体在政务公开工作中表现突出，在{listing.occasion}上予以通报表彰。"
    return _docx(
        listing.title, ((intro, None), ("", grid), (listing.issuer, None)), listing.made_on
    )


def _sheet(
    book: Workbook,
    name: str,
    title: str,
    head: tuple[str, ...],
    rows: Sequence[tuple[object, ...]],
    footer: str = "",
) -> None:
    sheet = book.create_sheet(name)
    sheet_append(sheet, [title])
    sheet["A1"].font = Font(name="黑体", size=14)
    sheet_append(sheet, head)
    for cell in sheet[2]:
        cell.font = Font(name="黑体", bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet_append(sheet, row)
    if footer:
        sheet_append(sheet, [])
        sheet_append(sheet, [footer])
    for column, width in zip("ABCDEFG", (8, 28, 22, 10, 10, 10, 10), strict=False):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"


def _number(value: Decimal) -> float | int:
    # Spreadsheet cells hold numbers; every figure here has at most two decimals.
    return int(value) if value == value.to_integral_value() else float(value)


def score_sheet_xlsx(sheet: ScoreSheet) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "单位得分",
        sheet.title,
        UNIT_HEAD,
        [
            (r.rank, r.name, _number(r.added), _number(r.deducted), _number(r.total), r.lines)
            for r in sheet.units
        ],
        sheet.approval,
    )
    _sheet(
        book,
        "个人得分",
        sheet.title,
        PERSON_HEAD,
        [
            (
                r.rank,
                r.name,
                r.unit,
                _number(r.added),
                _number(r.deducted),
                _number(r.total),
                r.lines,
            )
            for r in sheet.people
        ],
        sheet.approval,
    )
    out = io.BytesIO()
    book.save(out)
    return stable_package(out.getvalue(), sheet.made_on)


def commendation_xlsx(listing: CommendationList) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "表彰名单",
        listing.title,
        COMMENDATION_HEAD,
        [(i, c.title, c.name, c.unit, c.reason) for i, c in enumerate(listing.entries, start=1)],
    )
    out = io.BytesIO()
    book.save(out)
    return stable_package(out.getvalue(), listing.made_on)
