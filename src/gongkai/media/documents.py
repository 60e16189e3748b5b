"""The bulletin and the 三审三校 approval form as DOCX (GB/T 9704-2012), the annex as XLSX.

python-docx starts from a US Letter template with Latin theme fonts (stack.md §3), so the page,
margins and fonts are set here, each font named for East Asian text too (w:eastAsia). When the
report renderer's GB/T 9704 helpers land on main, these few lines can share them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.media.bulletin import Bulletin, cn_date, paragraphs
from gongkai.media.review import ALL_STAGES, Signature

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
SIZE_2 = Pt(22)  # 2号 (regulation.md §8: common convention, UNCONFIRMED)
SIZE_3 = Pt(16)  # 3号
LINE = Pt(28.95)  # 22 lines in the 225 mm text block


def _font(run: Any, name: str, size: Any, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _document() -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.space_after = Pt(0)
    doc.core_properties.language = "zh-CN"
    return doc


def _para(doc: Any, text: str, font: str = BODY_FONT, indent: bool = True, **kw: Any) -> Any:
    paragraph = doc.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)  # 左空二字
    _font(paragraph.add_run(text), font, kw.get("size", SIZE_3), kw.get("bold", False))
    if "align" in kw:
        paragraph.alignment = kw["align"]
    return paragraph


def _title(doc: Any, text: str) -> None:
    _para(doc, text, TITLE_FONT, indent=False, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()


def _signature(doc: Any, issuer: str, day: dt.date) -> None:
    doc.add_paragraph()
    for text in (issuer, cn_date(day)):
        paragraph = _para(doc, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(32)  # 右空二字 (no seal)


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def bulletin_docx(bulletin: Bulletin) -> bytes:
    doc = _document()
    doc.core_properties.title = bulletin.title
    doc.core_properties.author = bulletin.issuer
    _title(doc, bulletin.title)
    _para(doc, f"{bulletin.recipients}：", indent=False)
    fonts = {"h1": H1_FONT, "h2": H2_FONT, "p": BODY_FONT}
    for kind, text in paragraphs(bulletin):
        _para(doc, text, fonts[kind])
    doc.add_paragraph()
    _para(doc, f"附件：{bulletin.title.removeprefix('关于').removesuffix('的通报')}问题账号清单")
    _signature(doc, bulletin.issuer, bulletin.issued_on)
    return _save(doc)


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
    sheet.append([f"附件：{bulletin.title}问题账号清单"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(ANNEX_HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in annex_rows(bulletin):
        sheet.append(list(row))
    for column, width in zip("ABCDEFG", (6, 24, 12, 24, 26, 60, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class ApprovalForm:
    """The per-post 信息发布审核表 kept with the published post (regulation.md §7)."""

    agency: str
    account: str
    platform: str
    title: str
    drafter: str
    drafted_at: dt.datetime
    signatures: Sequence[Signature]
    published_at: dt.datetime | None = None


def approval_form_docx(form: ApprovalForm) -> bytes:
    doc = _document()
    doc.core_properties.title = f"政务新媒体信息发布审核表：{form.title}"
    doc.core_properties.author = form.agency
    _title(doc, "政务新媒体信息发布审核表")
    signed = {s.stage: s for s in form.signatures}
    rows: list[tuple[str, str]] = [
        ("单位", form.agency),
        ("发布账号", f"{form.account}（{form.platform}）"),
        ("标题", form.title),
        ("拟稿人", f"{form.drafter}  {form.drafted_at:%Y-%m-%d %H:%M}"),
    ]
    for stage in ALL_STAGES:
        s = signed.get(stage)
        text = (
            f"{s.opinion or '同意'}    签署：{s.name}  {s.at:%Y-%m-%d %H:%M}" if s else "（未签署）"
        )
        rows.append((stage.label, text))
    published = f"{form.published_at:%Y-%m-%d %H:%M}" if form.published_at else "（尚未发布）"
    rows.append(("发布时间", published))
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for (label, value), row in zip(rows, table.rows, strict=True):
        for cell, text, width in ((row.cells[0], label, Mm(30)), (row.cells[1], value, Mm(126))):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            _font(paragraph.add_run(text), BODY_FONT, Pt(14))
    return _save(doc)
