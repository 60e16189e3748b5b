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

The 版记 (``Colophon``, 7.4 and 10.1) sits at the foot of the text block of the last page, in a
text box anchored after the last paragraph (``add_colophon``, shared with the new-media 通报).
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

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
class Colophon:
    """版记 (GB/T 9704 7.4): 抄送机关, then 印发机关 and 印发日期. A 信函格式 letter prints only the
    抄送 (10.1: 「版记不加印发机关和印发日期、分隔线」)."""

    copy_to: Sequence[str] = ()  # 抄送机关, in order of rank
    printer: str = ""  # 印发机关, usually the agency's 办公室
    printed_on: dt.date | None = None  # 印发日期

    def lines(self, *, letter_format: bool) -> list[tuple[str, str]]:
        """(left, right) text of each element, top to bottom."""
        made: list[tuple[str, str]] = []
        names = [name.strip().rstrip("。，、；,;. ") for name in self.copy_to]
        names = [name for name in names if name]
        if names:
            # 7.4.2: 「抄送」, a full-width colon, the names with commas, a full stop at the end.
            made.append((f"抄送：{'，'.join(names)}。", ""))
        if not letter_format and self.printer and self.printed_on is not None:
            made.append((self.printer, f"{chinese_date(self.printed_on)}印发"))
        return made


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
    colophon: Colophon = field(default_factory=Colophon)  # 版记; empty: none


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
    add_colophon(doc, letter.colophon, letter_format=letter.format is LetterFormat.HEADED)
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


# --- 版记 -------------------------------------------------------------------------------------

COLOPHON_PT = 14  # 4号 (7.4.2, 7.4.3)
_TEXT_BLOCK = 8844  # twips: the 156 mm text block
_EMU_PER_TWIP = 635
_SMALL_CHAR = COLOPHON_PT * 20  # one 4号 character, in twips
_COLOPHON_LINE = 440  # twips: an exact 22 pt line for 4号 text
_THICK = 'w:val="single" w:sz="8" w:space="0" w:color="000000"'  # 0.35 mm, in 1/8 pt (7.4.1)
_THIN = 'w:val="single" w:sz="6" w:space="0" w:color="000000"'  # 0.25 mm
_NO_RULE = 'w:val="nil"'
_COPY_LABEL = "抄送："
# Characters of 4号 text a 版记 line holds: the block less one character each side, and on the
# 抄送's continuation lines less the label too (7.4.2: 回行时与冒号后的首字对齐).
_FIRST_LINE_CHARS = _TEXT_BLOCK / _SMALL_CHAR - 2
_NEXT_LINE_CHARS = _FIRST_LINE_CHARS - len(_COPY_LABEL)


def colophon_height(lines: Sequence[tuple[str, str]]) -> int:
    """The 版记's height in twips, from how many lines its text wraps to."""
    count = 0
    for left, _ in lines:
        rest = width(left) - _FIRST_LINE_CHARS
        count += 1 + (math.ceil(rest / _NEXT_LINE_CHARS) if rest > 0 else 0)
    return count * _COLOPHON_LINE + 20  # and the 1 pt paragraph that closes the text box


def add_colophon(doc: Any, colophon: Colophon, *, letter_format: bool) -> None:
    """The 版记 at the foot of the last page's text block (7.4: the last rule on the text
    block's lower edge; 10.1: 「位于公文最后一面版心内最下方」), in a text box anchored to a
    paragraph after the last one and kept with it, so it goes to the page the signature ends
    on and the text above wraps clear of it. Each element is a row of a one-column table as
    wide as the text block, 4号, one character in on each side; the rules of 7.4.1 (thick first
    and last, thin between) are the rows' borders, and a 信函格式 letter has none. The 印发日期
    goes to a right tab stop one character in from the right edge.

    A text box rather than a frame or a floating table: LibreOffice 7.4 places a frame of more
    than one paragraph, or a table floated to the foot, in the flow where it is anchored, but a
    text box where its position says (docs/rendering.md)."""
    lines = colophon.lines(letter_format=letter_format)
    if not lines:
        return
    rows = []
    for index, (left, right) in enumerate(lines):
        if letter_format:
            top = bottom = _NO_RULE
        else:
            top = _THICK if index == 0 else _THIN
            bottom = _THICK if index == len(lines) - 1 else _THIN
        rows.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>"
            f'<w:tcW w:w="{_TEXT_BLOCK}" w:type="dxa"/><w:tcBorders><w:top {top}/>'
            f"<w:left {_NO_RULE}/><w:bottom {bottom}/><w:right {_NO_RULE}/></w:tcBorders>"
            f"</w:tcPr>{_colophon_line(left, right)}</w:tc></w:tr>"
        )
    height = colophon_height(lines) * _EMU_PER_TWIP
    block = _TEXT_BLOCK * _EMU_PER_TWIP
    table = (
        f'<w:tbl><w:tblPr><w:tblW w:w="{_TEXT_BLOCK}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{_TEXT_BLOCK}"/></w:tblGrid>{"".join(rows)}</w:tbl>'
    )
    # A story ends with a paragraph, never a table: a 1 pt one.
    closing = (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:ind w:firstLine="0" w:firstLineChars="0"/></w:pPr></w:p>'
    )
    run = parse_xml(
        f'<w:r {nsdecls("w", "wp", "a")} xmlns:wps="{_WPS}" xmlns:mc="{_MC}">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="1" layoutInCell="0" allowOverlap="0">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{block}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="9704" name="版记"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_WPS}"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{block}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        f"</wps:spPr><wps:txbx><w:txbxContent>{table}{closing}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="b"><a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
        "</wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>"
    )
    # The anchor is a 1 pt paragraph of its own after the date, kept with it: where the text
    # box does not fit under the date, the anchor moves to the next page and the date, the
    # 署名 and the last lines of text (kept with each other) go with it. Anchored in the date
    # itself, the date alone was pushed under the box, onto the next page.
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    anchor = doc.add_paragraph()
    pPr = anchor._p.get_or_add_pPr()
    pPr.append(
        parse_xml(
            f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        )
    )
    _no_indent(anchor)
    anchor._p.append(run)


_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _colophon_line(left: str, right: str) -> str:
    runs = _small_run(left)
    tabs = ""
    if right:
        stop = _TEXT_BLOCK - _SMALL_CHAR
        tabs = f'<w:tabs><w:tab w:val="right" w:pos="{stop}"/></w:tabs>'
        runs += _small_run(right, tab=True)
    # 抄送 wraps under the first name after the colon (7.4.2); other elements take one line.
    hang = round(width(_COPY_LABEL) * _SMALL_CHAR) if left.startswith(_COPY_LABEL) else 0
    return (
        f"<w:p><w:pPr>{tabs}"
        f'<w:spacing w:before="0" w:after="0" w:line="{_COLOPHON_LINE}" w:lineRule="exact"/>'
        f'<w:ind w:left="{_SMALL_CHAR + hang}" w:right="{_SMALL_CHAR}" w:hanging="{hang}" '
        'w:firstLineChars="0"/><w:jc w:val="left"/></w:pPr>'
        f"{runs}</w:p>"
    )


def _small_run(text: str, tab: bool = False) -> str:
    fonts = f'w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:eastAsia="{BODY_FONT}"'
    size = COLOPHON_PT * 2
    return (
        f'<w:r><w:rPr><w:rFonts {fonts}/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        f"</w:rPr>{'<w:tab/>' if tab else ''}<w:t>{escape(text)}</w:t></w:r>"
    )


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
