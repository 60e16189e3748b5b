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
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from gongkai.documents.gbt9704 import Colophon, add_colophon
from gongkai.documents.ledger import Ledger, ledger_xlsx
from gongkai.media.bulletin import Bulletin, cn_date, paragraphs
from gongkai.report.render import to_docx as gbt9704
from gongkai.report.render.package import stable_package

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


def _flush(
    paragraph: Any, align: Any = None, right_chars: int = 0, right_exact: float = 0.0
) -> Any:
    """No first-line indent (主送机关, 署名); ``right_chars`` characters in from the right."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")
    chars = right_exact or right_chars
    if chars:
        ind.set(qn("w:rightChars"), str(round(chars * 100)))
        ind.set(qn("w:right"), str(round(chars * 320)))
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _chars(text: str) -> float:
    """Width in body characters: digits and Latin letters are half a 3号 character wide."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _right(paragraph: Any, chars: float) -> Any:
    return _flush(paragraph, WD_ALIGN_PARAGRAPH.RIGHT, right_chars=0, right_exact=chars)


def _signature(doc: Any, issuer: str, day: dt.date) -> None:
    """GB/T 9704 7.3.5.2 (no seal): one blank line below the body or the annex note, the 署名
    two characters in from the right, the date on the next line with its first character two
    characters right of the 署名's first; when the date is the longer, the date stays two
    characters in from the right and the 署名 moves right instead."""
    date = cn_date(day)
    name_w, date_w = _chars(issuer), _chars(date)
    name_right, date_right = 2.0, name_w - date_w
    if date_right < 2:
        date_right, name_right = 2.0, 4.0 + date_w - name_w
    doc.add_paragraph()
    keep = _right(doc.add_paragraph(issuer), name_right)
    keep.paragraph_format.keep_with_next = True
    _right(doc.add_paragraph(date), date_right)


def _red_head(doc: Any, bulletin: Bulletin) -> None:
    """GB/T 9704 7.2 版头: the 发文机关标志 (the issuer and 「文件」) centred in red 小标宋, its
    top edge 35 mm below the top of the text block (7.2.2); the 发文字号 centred two lines below
    it (7.2.4); a red rule across the text block 4 mm under the number (7.2.6)."""
    mark = doc.add_paragraph(style="Title")
    run = mark.add_run(f"{bulletin.issuer}文件")
    run.font.color.rgb = RGBColor(0xE6, 0x00, 0x12)
    run.font.size = Pt(36)
    mark.paragraph_format.space_before = Mm(35)
    mark.paragraph_format.line_spacing = Pt(44)  # exact, taller than the 36 pt glyphs
    doc.add_paragraph()
    doc.add_paragraph()
    number = _flush(doc.add_paragraph(bulletin.number), WD_ALIGN_PARAGRAPH.CENTER)
    rule = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="8" w:space="11" '
        'w:color="E60012"/></w:pBdr>'
    )  # w:space is in points: 11 pt is 4 mm
    number._p.get_or_add_pPr().insert_element_before(
        rule, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )
    doc.add_paragraph()  # the title comes two lines below the rule (7.3.1)
    doc.add_paragraph()


def _save(doc: Any, day: dt.date | None) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return stable_package(out.getvalue(), day)


def bulletin_docx(bulletin: Bulletin) -> bytes:
    doc = _document(bulletin.title, bulletin.issuer)
    if bulletin.number:
        _red_head(doc, bulletin)
    title = doc.add_paragraph(style="Title")
    for i, line in enumerate(bulletin.title_lines):
        if i:
            title.add_run().add_break()
        title.add_run(line)
    _flush(doc.add_paragraph(f"{bulletin.recipients}："))
    for kind, text in paragraphs(bulletin):
        doc.add_paragraph(text, style=HEADINGS.get(kind))
    if bulletin.annex:
        # GB/T 9704 7.3.4: one blank line below the body, two characters in, 「附件：」 and the
        # annex's name without a full stop.
        doc.add_paragraph()
        doc.add_paragraph(f"附件：{annex_title(bulletin)}")
    _signature(doc, bulletin.issuer, bulletin.issued_on)
    # 版记 (7.4): 抄送, then the issuer's 办公室 as 印发机关 with the 印发日期, between its rules.
    copy_to = (bulletin.copy_to,) if bulletin.copy_to else ()
    colophon = Colophon(copy_to, f"{bulletin.issuer}办公室", bulletin.issued_on)
    add_colophon(doc, colophon, letter_format=False)
    return _save(doc, bulletin.issued_on)


ANNEX_HEADERS = ("序号", "主办单位", "平台", "账号名称", "问题类别", "问题描述", "整改期限")


def annex_rows(bulletin: Bulletin) -> list[tuple[Any, ...]]:
    return [
        (n, p.unit, p.platform, p.account, p.category.label, p.detail, cn_date(bulletin.deadline))
        for n, p in enumerate(bulletin.problems, start=1)
    ]


def annex_title(bulletin: Bulletin) -> str:
    return f"{bulletin.title.removeprefix('关于').removesuffix('的通报')}问题账号清单"


def bulletin_annex_xlsx(bulletin: Bulletin) -> bytes:
    return ledger_xlsx(
        [
            Ledger(
                "问题账号清单",
                f"附件：{annex_title(bulletin)}",
                ANNEX_HEADERS,
                annex_rows(bulletin),
                centred=frozenset({0, 2, 6}),
            )
        ],
        creator=bulletin.issuer,
        day=bulletin.issued_on,
    )
