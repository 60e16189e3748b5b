"""A letter (告知书, 答复书) as DOCX in the GB/T 9704-2012 layout (regulation.md §8).

A4; margins 37 mm top, 35 bottom, 28 left (订口), 26 right; 3号 (16 pt) 仿宋 body with a
two-character first-line indent on an exact 28.95 pt line (22 lines a page); 2号 (22 pt)
小标宋 title, centred; the number (文号) centred under the title; the addressee flush left
ending with "："; the signature and date right-indented, the date in Arabic numerals without
leading zeros; page numbers "— 1 —" in 4号 宋体 below the text block.

python-docx's default template is US Letter and sets only the Latin font; both are fixed here
(stack.md §3: the eastAsia attribute must be set for Chinese text to take the font).

The page, its footer with the page number, the styles and the font table are the annual
report's (``gbt9704_document``), so every document gongkai writes has one layout.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.report.render.to_docx import gbt9704_document

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
BODY_PT = 16  # 3号 (UNCONFIRMED mapping, regulation.md §10 item 10)
TITLE_PT = 22  # 2号


@dataclass(frozen=True)
class Letter:
    title: str
    paragraphs: Sequence[str]  # body paragraphs, each indented two characters
    addressee: str = ""  # e.g. "张三："; the colon is added when missing
    number: str = ""  # 文号, e.g. 新教公复〔2024〕3号
    signer: str = ""  # 发文机关署名
    date: dt.date | None = None  # 成文日期
    attachments: Sequence[str] = field(default_factory=tuple)  # 附件 names


def chinese_date(day: dt.date) -> str:
    """GB/T 9704 7.3.5.4: Arabic numerals, full year, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def render(letter: Letter) -> bytes:
    doc = gbt9704_document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, letter.title, TITLE_FONT, TITLE_PT)
    if letter.number:
        number = doc.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(number, letter.number, BODY_FONT, BODY_PT)
    doc.add_paragraph()
    if letter.addressee:
        addressee = letter.addressee.rstrip("：:") + "："
        flush_left = doc.add_paragraph()
        flush_left.paragraph_format.first_line_indent = Pt(0)  # 主送机关 顶格 (7.3.2)
        _run(flush_left, addressee, BODY_FONT, BODY_PT)
    for text in letter.paragraphs:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        _run(paragraph, text, BODY_FONT, BODY_PT)
    if letter.attachments:
        doc.add_paragraph()
        for index, name in enumerate(letter.attachments, start=1):
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
            prefix = "附件：" if index == 1 else "　　　"
            label = f"{index}.{name}" if len(letter.attachments) > 1 else name
            _run(paragraph, prefix + label, BODY_FONT, BODY_PT)
    if letter.signer or letter.date:
        doc.add_paragraph()
        for text, indent_chars in ((letter.signer, 2), (_date_text(letter.date), 4)):
            if not text:
                continue
            paragraph = doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(BODY_PT * indent_chars)
            paragraph.paragraph_format.first_line_indent = Pt(0)
            _run(paragraph, text, BODY_FONT, BODY_PT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _date_text(day: dt.date | None) -> str:
    return chinese_date(day) if day is not None else ""


def _run(paragraph: Any, text: str, font: str, size: float) -> Any:
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run
