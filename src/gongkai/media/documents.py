"""The bulletin as DOCX (GB/T 9704-2012), its annex as XLSX. (The 三审三校 审核表 is printed by
gongkai.workflow.sheet, the builder the catalogue's 信息发布审核表 uses too.)

The page, styles and font table are the annual report's (gongkai.report.render.to_docx): A4
with the standard's margins, 仿宋_GB2312 16 pt on exact 28.95 pt lines, 方正小标宋简体 title,
黑体/楷体 headings, every font named for East Asian text too, page numbers "— 1 —". This
module only adds the paragraphs, so both documents look like the report beside them.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.media.bulletin import Bulletin, cn_date, paragraphs
from gongkai.report.render import to_docx as gbt9704
from gongkai.report.render.package import stable_package
from gongkai.sheets import sheet_append

HEADINGS = {"h1": "Heading 1", "h2": "Heading 2"}


def _document(title: str, author: str) -> Any:
    doc = Document()
    style = gbt9704.DocxStyle()
    gbt9704._page_setup(doc, style)
    gbt9704._styles(doc, style)
    gbt9704._font_table(doc, style)
    gbt9704._drop_template_leftovers(doc)
    doc.core_properties.title = title
    doc.core_properties.author = author
    doc.core_properties.last_modified_by = author
    doc.core_properties.language = "zh-CN"
    doc.core_properties.comments = ""
    return doc


def _flush(paragraph: Any, align: Any = None, right_chars: int = 0) -> Any:
    """No first-line indent (主送机关, 署名); ``right_chars`` characters in from the right."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars * 100))
        ind.set(qn("w:right"), str(right_chars * 320))
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _signature(doc: Any, issuer: str, day: dt.date) -> None:
    # GB/T 9704 7.3.5.2 without a seal: one blank line below the body, 署名 two characters in
    # from the right, the date on the next line.
    doc.add_paragraph()
    _flush(doc.add_paragraph(issuer), WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2)
    _flush(doc.add_paragraph(cn_date(day)), WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2)


def _save(doc: Any, day: dt.date | None) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return stable_package(out.getvalue(), day)


def bulletin_docx(bulletin: Bulletin) -> bytes:
    doc = _document(bulletin.title, bulletin.issuer)
    doc.add_paragraph(bulletin.title, style="Title")
    _flush(doc.add_paragraph(f"{bulletin.recipients}："))
    for kind, text in paragraphs(bulletin):
        doc.add_paragraph(text, style=HEADINGS.get(kind))
    doc.add_paragraph()
    doc.add_paragraph(
        f"附件：{bulletin.title.removeprefix('关于').removesuffix('的通报')}问题账号清单"
    )
    _signature(doc, bulletin.issuer, bulletin.issued_on)
    return _save(doc, bulletin.issued_on)


ANNEX_HEADERS = ("序号", "主办单位", "平台", "账号名称", "问题类别", "问题描述", "整改期限")


def annex_rows(bulletin: Bulletin) -> list[tuple[Any, ...]]:
    return [
        (n, p.unit, p.platform, p.account, p.category.label, p.detail, cn_date(bulletin.deadline))
        for n, p in enumerate(bulletin.problems, start=1)
    ]


def bulletin_annex_xlsx(bulletin: Bulletin) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "问题账号清单"
    sheet_append(sheet, [f"附件：{bulletin.title}问题账号清单"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet_append(sheet, ANNEX_HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in annex_rows(bulletin):
        sheet_append(sheet, row)
    for column, width in zip("ABCDEFG", (6, 24, 12, 24, 26, 60, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
