"""A letter (告知书, 答复书, 通知书) as DOCX with the elements of GB/T 9704-2012 (regulation.md §8;
docs/decisions/letters.md). One builder for every letter gongkai sends.

The page, its footer with the page number, the styles and the font table are the annual
report's (``gbt9704_document``): A4, margins 37/35/28/26 mm, 3号 (16 pt) body on an exact
28.95 pt line (22 lines a page), page numbers "— 1 —".

Two formats, a setting of the agency (``LetterFormat``):

* 信函格式 (GB/T 9704 §10.1, ``HEADED``): the 发文机关标志 in red 小标宋 centred, a red double line
  (thick over thin) under it, the 发文字号 flush with the right edge of the text block under the
  line, the title two lines below; no page number on the first page. The standard places the
  标志 30 mm from the top edge; here it opens the text block (37 mm), which keeps one page
  setup for every document.
* without a 版头 (``TITLED``): the agency's name leads the title (on its own line when the
  title would not fit one), the 发文字号 centred under the title.

Then 主送 flush left ending in "：" (7.3.2), the body indented two characters, 附件说明 (7.3.4),
and 署名 with 成文日期 as §7.3.5 lays them out: with a seal, the date four characters in from the
right and the 署名 centred over it; without, the 署名 two characters in and the date's first
character two characters right of the 署名's (the date kept two characters in when it is the
longer). Widths count Arabic numerals as about half a character (``width``). The last
paragraph, the blank lines and the 署名 are kept with the next paragraph, so the date never
stands alone on a page.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

from gongkai.report.render.to_docx import gbt9704_document

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
BODY_PT = 16  # 3号 (UNCONFIRMED mapping, regulation.md §10 item 10)
TITLE_PT = 22  # 2号
MARK_PT = 22  # 信函格式's 标志: "推荐使用红色小标宋体字" (size not fixed by the standard)
RED = RGBColor(0xE6, 0x00, 0x12)
TITLE_CHARS = 20  # characters of a 2号 line in the 156 mm text block
_CHAR_TWIPS = BODY_PT * 20  # one character (一字) of the 3号 body, in twips


class LetterFormat(enum.Enum):
    HEADED = "headed"  # 信函格式 with 发文机关标志
    TITLED = "titled"  # the agency in the title, no 版头

    @property
    def label(self) -> str:
        if self is LetterFormat.HEADED:
            return "信函格式（发文机关标志、红色双线，GB/T 9704-2012 第10.1条）"
        return "无版头（标题冠以机关名称）"


@dataclass(frozen=True)
class Letter:
    title: str
    paragraphs: Sequence[str]  # body paragraphs, each indented two characters
    addressee: str = ""  # 主送, e.g. "张三"; the colon is added when missing
    number: str = ""  # 发文字号, e.g. 新教公复〔2024〕3号
    signer: str = ""  # 发文机关署名 (and the 发文机关标志 of a headed letter)
    date: dt.date | None = None  # 成文日期
    attachments: Sequence[str] = field(default_factory=tuple)  # 附件 names
    format: LetterFormat = LetterFormat.TITLED
    sealed: bool = True  # 加盖印章 (7.3.5.1) or not (7.3.5.2)


def chinese_date(day: dt.date) -> str:
    """GB/T 9704 7.3.5.4: Arabic numerals, full year, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


DIGIT_WIDTH = 0.55  # an Arabic numeral of the body font, in characters (measured in the PDF)
SCRIPT_GAP = 0.2  # the space Word and LibreOffice add where Chinese meets numerals (autospace)


def width(text: str) -> float:
    """The printed width of ``text`` in characters (一字): numerals and Latin letters about half
    a character, plus the automatic space at each change between them and Chinese. Measured in
    LibreOffice's PDF of "2025年12月25日": 8.3 characters; this gives 8.4."""
    narrow = [ord(ch) < 0x2E80 for ch in text]
    changes = sum(1 for a, b in itertools.pairwise(narrow) if a != b)
    return sum(DIGIT_WIDTH if n else 1.0 for n in narrow) + SCRIPT_GAP * changes


def title_lines(letter: Letter) -> list[str]:
    if letter.format is LetterFormat.HEADED or not letter.signer:
        return [letter.title]
    if letter.title.startswith(letter.signer):
        return [letter.title]
    whole = letter.signer + letter.title
    return [whole] if width(whole) <= TITLE_CHARS else [letter.signer, letter.title]


def signature_indents(signer: str, date: str, sealed: bool) -> tuple[float, float]:
    """(署名, 成文日期) right indents in characters, GB/T 9704 7.3.5.1 and 7.3.5.2."""
    if sealed:
        date_indent = 4.0
        return max(0.0, date_indent + (width(date) - width(signer)) / 2), date_indent
    date_indent = max(2.0, width(signer) - width(date))
    return date_indent + width(date) + 2 - width(signer), date_indent


def render(letter: Letter) -> bytes:
    doc = gbt9704_document()
    if letter.format is LetterFormat.HEADED:
        _letterhead(doc, letter)
    for line in title_lines(letter):
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _no_indent(title)
        _run(title, line, TITLE_FONT, TITLE_PT)
        title.paragraph_format.keep_with_next = True
    if letter.number and letter.format is LetterFormat.TITLED:
        number = doc.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _no_indent(number)
        _run(number, letter.number, BODY_FONT, BODY_PT)
    doc.add_paragraph()
    if letter.addressee:
        addressee = letter.addressee.rstrip("：:") + "："
        flush_left = doc.add_paragraph()
        _no_indent(flush_left)  # 主送机关 顶格 (7.3.2)
        _run(flush_left, addressee, BODY_FONT, BODY_PT)
    tail: list[Any] = []
    for text in letter.paragraphs:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        _run(paragraph, text, BODY_FONT, BODY_PT)
        tail = [paragraph]
    if letter.attachments:
        tail = [doc.add_paragraph()]
        for index, name in enumerate(letter.attachments, start=1):
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
            prefix = "附件：" if index == 1 else "　　　"
            label = f"{index}.{name}" if len(letter.attachments) > 1 else name
            _run(paragraph, prefix + label, BODY_FONT, BODY_PT)
            tail.append(paragraph)
    if letter.signer or letter.date:
        tail.extend(_signature(doc, letter))
    # The signature stays with the last lines of text (keep with next down to the date).
    for paragraph in tail[:-1]:
        paragraph.paragraph_format.keep_with_next = True
    for paragraph in tail:
        paragraph.paragraph_format.keep_together = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _letterhead(doc: Any, letter: Letter) -> None:
    mark = doc.add_paragraph()
    # The red double line under the 标志, thick over thin (上粗下细), across the text block;
    # added first, while the paragraph's properties are empty, so that python-docx inserts the
    # later ones (alignment, indent) after it, in the schema's order.
    mark._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="thickThinSmallGap" w:sz="24" '
            'w:space="4" w:color="E60012"/></w:pBdr>'
        )
    )
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _no_indent(mark)
    run = _run(mark, letter.signer, TITLE_FONT, MARK_PT)
    run.font.color.rgb = RED
    if letter.number:
        number = doc.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # 顶格居版心右边缘 (10.1)
        _no_indent(number)
        _run(number, letter.number, BODY_FONT, BODY_PT)
    doc.add_paragraph()
    # 首页不显示页码 (10.1): an empty footer on the first page.
    doc.sections[0].different_first_page_header_footer = True


def _signature(doc: Any, letter: Letter) -> list[Any]:
    """The blank lines, 署名 and 成文日期. With a seal, two blank lines leave the seal's top
    within a line of the text and the 署名 and date in its lower half (7.3.5.1)."""
    made = [doc.add_paragraph() for _ in range(2 if letter.sealed else 1)]
    date = chinese_date(letter.date) if letter.date is not None else ""
    signer_indent, date_indent = signature_indents(letter.signer, date, letter.sealed)
    for text, indent in ((letter.signer, signer_indent), (date, date_indent)):
        if not text:
            continue
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _no_indent(paragraph, right_chars=indent)
        _run(paragraph, text, BODY_FONT, BODY_PT)
        made.append(paragraph)
    return made


def _no_indent(paragraph: Any, right_chars: float = 0.0) -> None:
    """No first-line indent; ``right_chars`` characters (一字) in from the right edge."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")
    if right_chars:
        ind.set(qn("w:rightChars"), str(round(right_chars * 100)))
        ind.set(qn("w:right"), str(round(right_chars * _CHAR_TWIPS)))


def _run(paragraph: Any, text: str, font: str, size: float) -> Any:
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run
