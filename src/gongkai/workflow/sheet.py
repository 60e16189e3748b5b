"""The printed 审核表 of a reviewed record: one builder for the catalogue's 信息发布审核表 and the
new-media 审核表, filled from the record's event rows (regulation.md §7: "a per-item approval
form signed at each level … kept with the published item").

Each step is a row with its opinion, signer and time in Beijing time and Chinese date format;
acknowledged 错敏词 and personal data are listed with the reviewer's reason. The page, styles and
font table are the annual report's (GB/T 9704-2012), so every document gongkai prints looks alike.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from docx import Document
from docx.oxml import parse_xml

from gongkai.report.render import to_docx
from gongkai.report.render.package import stable_package
from gongkai.report.render.tables import Grid, GridCell, Kind

BEIJING = ZoneInfo("Asia/Shanghai")


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_moment(moment: dt.datetime) -> str:
    """2024年3月5日 14:30 in Beijing time (an aware moment is converted; a naive one is taken
    as Beijing time already)."""
    local = moment.astimezone(BEIJING) if moment.tzinfo else moment
    return f"{cn_date(local.date())} {local:%H:%M}"


@dataclass(frozen=True, slots=True)
class Step:
    label: str  # 保密审查, 初审 …
    opinion: str = ""  # 通过。同意 / 退回。…; empty while not signed
    signer: str = ""
    at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Acknowledged:
    words: str  # “截止目前”（正文）
    reason: str
    by: str
    at: dt.datetime


@dataclass(frozen=True)
class Sheet:
    title: str  # 信息发布审核表
    agency: str
    fields: Sequence[tuple[str, str]]  # (label, value) above the steps
    steps: Sequence[Step]
    acknowledged: Sequence[Acknowledged] = ()
    footer: Sequence[tuple[str, str]] = field(default_factory=tuple)  # below the steps
    made_on: dt.date | None = None  # the package's date (stable bytes for the same record)


def grid(sheet: Sheet) -> Grid:
    rows: list[list[tuple[str, Kind, int]]] = []
    for label, value in sheet.fields:
        rows.append([(label, Kind.LABEL, 1), (value, Kind.NUMBER, 3)])
    rows.append([("审核环节", Kind.HEADER, 1), ("审核意见", Kind.HEADER, 1),
                 ("审核人", Kind.HEADER, 1), ("时间", Kind.HEADER, 1)])  # fmt: skip
    for step in sheet.steps:
        when = cn_moment(step.at) if step.at else ""
        rows.append([(step.label, Kind.LABEL, 1), (step.opinion or "（未签署）", Kind.NUMBER, 1),
                     (step.signer, Kind.NUMBER, 1), (when, Kind.NUMBER, 1)])  # fmt: skip
    if sheet.acknowledged:
        rows.append([("错敏词、个人信息确认", Kind.HEADER, 1), ("确认理由", Kind.HEADER, 1),
                     ("确认人", Kind.HEADER, 1), ("时间", Kind.HEADER, 1)])  # fmt: skip
        for item in sheet.acknowledged:
            when = cn_moment(item.at)
            rows.append([(item.words, Kind.LABEL, 1), (item.reason, Kind.NUMBER, 1),
                         (item.by, Kind.NUMBER, 1), (when, Kind.NUMBER, 1)])  # fmt: skip
    for label, value in sheet.footer:
        rows.append([(label, Kind.LABEL, 1), (value, Kind.NUMBER, 3)])
    cells: list[GridCell] = []
    for r, row in enumerate(rows):
        c = 0
        for text, kind, span in row:
            cells.append(GridCell(row=r, col=c, text=text, kind=kind, colspan=span))
            c += span
    return Grid(
        key="approval", sheet=sheet.title, heading=sheet.title, n_rows=len(rows), n_cols=4,
        header_rows=0, cells=tuple(cells), col_weights=(1.2, 2.6, 1.2, 1.6),
    )  # fmt: skip


def sheet_docx(sheet: Sheet) -> bytes:
    style = to_docx.DocxStyle()
    doc = Document()
    to_docx._page_setup(doc, style)
    to_docx._styles(doc, style)
    to_docx._font_table(doc, style)
    to_docx._drop_template_leftovers(doc)
    doc.core_properties.title = sheet.title
    doc.core_properties.author = sheet.agency
    doc.core_properties.last_modified_by = sheet.agency
    doc.core_properties.language = "zh-CN"
    doc.core_properties.comments = ""
    doc.add_paragraph(sheet.title, style="Title")
    doc.element.body.insert_element_before(parse_xml(to_docx.table_xml(grid(sheet))), "w:sectPr")
    out = io.BytesIO()
    doc.save(out)
    return stable_package(out.getvalue(), sheet.made_on)
