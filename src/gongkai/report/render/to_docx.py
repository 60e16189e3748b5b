"""The report as a Word document in the GB/T 9704-2012 layout, opening alike in Word and WPS.

python-docx's own template is US Letter with Calibri theme fonts, so the page, the margins and
every style this document uses are set here explicitly, and each font is named for East Asian
text too (``w:eastAsia``): without it Word and WPS fall back to their Latin font for Chinese.
The tables are written as WordprocessingML directly: python-docx's ``Table.cell`` rebuilds the
whole cell list on every call, which made table 三 alone cost more than the whole budget.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree

from gongkai.report.model import Report
from gongkai.report.render.outline import Heading, Paragraph, Table, Title, clean, outline
from gongkai.report.render.package import stable_package
from gongkai.report.render.tables import Grid, GridCell, Kind

_TWIPS_PER_MM = 1440 / 25.4
_LINE_TWIPS = 579  # one GB/T 9704 line: 22 lines fill the 225 mm text block (28.95 pt)
_TEXT_WIDTH_MM = 156  # 210 − 28 − 26
# 28 characters of 16 pt need 448 pt; the text block is 442 pt wide. Narrowing each character
# by a quarter point (in twentieths of a point) gives the standard's 28 characters a line.
_CONDENSE = -5


@dataclass(frozen=True, slots=True)
class DocxStyle:
    """The template options. The defaults are GB/T 9704-2012; an agency may change fonts or
    ask for bold sub-headings (several local rules want levels 2 and 3 in bold)."""

    title_font: str = "方正小标宋简体"
    body_font: str = "仿宋_GB2312"
    # levels 一、 （一） 1. （1）: 黑体, 楷体, 仿宋, 仿宋
    heading_fonts: tuple[str, str, str, str] = ("黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312")
    bold_levels: frozenset[int] = field(default_factory=frozenset)
    page_number_font: str = "宋体"
    table_font: str = "仿宋_GB2312"
    table_size_pt: float = 10.5  # 五号


# Fonts a PC may lack under the GB/T name, and the name it usually has instead. Written to the
# font table as w:altName, which Word and WPS consult before falling back to a Latin font.
_ALT_NAMES = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "方正小标宋_GBK": "宋体",
}

# The heading styles are Word's built-in ones, so the navigation pane and WPS's outline see them.
_HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
_TABLE_STYLE = "Report Table Text"


def render_docx(report: Report, style: DocxStyle | None = None) -> bytes:
    style = style or DocxStyle()
    doc = Document()
    _page_setup(doc, style)
    _styles(doc, style)
    _font_table(doc, style)
    _drop_template_leftovers(doc)
    doc.core_properties.title = clean(report.display_title)
    doc.core_properties.author = clean(report.agency)
    doc.core_properties.last_modified_by = clean(report.agency)
    doc.core_properties.language = "zh-CN"
    doc.core_properties.comments = ""

    body = doc.element.body
    for block in outline(report):
        if isinstance(block, Title):
            _title(doc, block.lines)
        elif isinstance(block, Heading):
            doc.add_paragraph(block.text, style=_HEADING_STYLES[block.level - 1])
        elif isinstance(block, Paragraph):
            doc.add_paragraph(block.text)
        elif isinstance(block, Table):
            body.insert_element_before(parse_xml(table_xml(block.grid)), "w:sectPr")
            doc.add_paragraph()  # a blank line between the table and the next heading
    out = io.BytesIO()
    doc.save(out)
    return stable_package(out.getvalue(), report.published_on)


def gbt9704_document(style: DocxStyle | None = None) -> Any:
    """An empty document with this renderer's GB/T 9704 page, styles and fonts, for other
    documents (score tables, lists) that add a "Title" paragraph, body text and table_xml grids."""
    style = style or DocxStyle()
    doc = Document()
    _page_setup(doc, style)
    _styles(doc, style)
    _font_table(doc, style)
    _drop_template_leftovers(doc)
    doc.core_properties.language = "zh-CN"
    return doc


def _title(doc: Any, lines: tuple[str, ...]) -> None:
    paragraph = doc.add_paragraph(style="Title")
    for i, line in enumerate(lines):
        if i:
            paragraph.add_run().add_break()
        paragraph.add_run(line)


def _page_setup(doc: Any, style: DocxStyle) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The page number's dash line sits 7 mm below the text block (GB/T 9704 7.5).
    section.footer_distance = Mm(22)
    # 22 lines a page. The 28 characters a line come from the body's character spacing, not
    # from a character grid (w:type="linesAndChars"): LibreOffice lays such a grid out at
    # about 16 characters a line, so the PDF would not match the Word file.
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(_LINE_TWIPS))
    # Odd pages carry the number on the right, even pages on the left (GB/T 9704 7.5).
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], "right", style)
    _page_number(section.even_page_footer.paragraphs[0], "left", style)
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _page_number(paragraph: Any, side: str, style: DocxStyle) -> None:
    """The page number "— 1 —": a PAGE field between two 一字线, 4号 宋体, one character in
    from the edge of the page."""
    indent = f'w:{side}Chars="100" w:{side}="280"'
    old = paragraph._p.pPr
    if old is not None:  # python-docx's footer paragraph comes with <w:pStyle w:val="Footer"/>
        paragraph._p.remove(old)
    paragraph._p.insert(
        0,
        parse_xml(
            f'<w:pPr {nsdecls("w")}><w:pStyle w:val="Footer"/>'
            '<w:spacing w:line="240" w:lineRule="auto"/>'
            f'<w:ind w:firstLineChars="0" w:firstLine="0" {indent}/>'
            f'<w:jc w:val="{side}"/></w:pPr>'
        ),
    )
    fonts = _rfonts(style.page_number_font)
    rpr = f'<w:rPr>{fonts}<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>'
    runs = (
        f'<w:r {nsdecls("w")}>{rpr}<w:t xml:space="preserve">— </w:t></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {nsdecls('w')}>{rpr}<w:t>1</w:t></w:r>",
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>',
    )
    for run in runs:
        paragraph._p.append(parse_xml(run))


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _rfonts(name: str) -> str:
    font = _attr(name)
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


def _set_rpr(style: Any, font: str, size_pt: float, bold: bool, condense: int = 0) -> None:
    """Replace a style's run properties outright: the built-in styles carry theme fonts
    (w:asciiTheme …), which win over any font name set beside them."""
    element = style.element
    old = element.find(qn("w:rPr"))
    if old is not None:
        element.remove(old)
    half_points = round(size_pt * 2)
    weight = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    element.append(
        parse_xml(
            f"<w:rPr {nsdecls('w')}>{_rfonts(font)}{weight}"
            f'<w:color w:val="000000"/><w:spacing w:val="{condense}"/>'
            f'<w:kern w:val="2"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
        )
    )


def _set_ppr(style: Any, inner: str) -> None:
    element = style.element
    old = element.find(qn("w:pPr"))
    if old is not None:
        element.remove(old)
    ppr = parse_xml(f"<w:pPr {nsdecls('w')}>{inner}</w:pPr>")
    rpr = element.find(qn("w:rPr"))
    if rpr is not None:
        rpr.addprevious(ppr)
    else:
        element.append(ppr)


_EXACT_LINE = f'<w:spacing w:before="0" w:after="0" w:line="{_LINE_TWIPS}" w:lineRule="exact"/>'
_TWO_CHAR_INDENT = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
_NO_INDENT = '<w:ind w:left="0" w:right="0" w:firstLineChars="0" w:firstLine="0"/>'
# Chinese line breaking: no closing punctuation at a line start (kinsoku), and none hung past
# the right margin (overflowPunct off), in the defaults and in every text style (LibreOffice
# reads it from the paragraph's style). With hanging on, LibreOffice pushed a line-end 「，」
# up to 5 pt into the margin, and dropped it from a justified line of exactly 28 characters
# (seed report p. 5, 「审核流程，引入」).
_PUNCT = '<w:kinsoku w:val="1"/><w:overflowPunct w:val="0"/>'


def _styles(doc: Any, style: DocxStyle) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.element.remove(defaults)
    styles.element.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_rfonts(style.body_font)}"
            '<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            "<w:pPrDefault><w:pPr>"
            f"{_PUNCT}{_EXACT_LINE}</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    normal = styles["Normal"]
    _set_rpr(normal, style.body_font, 16, bold=False, condense=_CONDENSE)
    _set_ppr(normal, f'{_PUNCT}{_EXACT_LINE}{_TWO_CHAR_INDENT}<w:jc w:val="both"/>')

    title = styles["Title"]
    # Off the line grid: a 22 pt line is taller than one grid line and would take two.
    _set_ppr(
        title,
        '<w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="{_LINE_TWIPS}" w:line="660" w:lineRule="exact"/>'
        f'{_NO_INDENT}<w:jc w:val="center"/><w:outlineLvl w:val="9"/>',
    )
    _set_rpr(title, style.title_font, 22, bold=False)

    for level, name in enumerate(_HEADING_STYLES, start=1):
        heading = styles[name]
        _set_ppr(
            heading,
            f"<w:keepNext/><w:keepLines/>{_PUNCT}{_EXACT_LINE}{_TWO_CHAR_INDENT}"
            f'<w:jc w:val="both"/><w:outlineLvl w:val="{level - 1}"/>',
        )
        bold = level in style.bold_levels
        _set_rpr(heading, style.heading_fonts[level - 1], 16, bold=bold, condense=_CONDENSE)

    table_text = styles.add_style(_TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _set_ppr(
        table_text,
        '<w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{_NO_INDENT}'
        '<w:jc w:val="center"/>',
    )
    _set_rpr(table_text, style.table_font, style.table_size_pt, bold=False)


def _drop_template_leftovers(doc: Any) -> None:
    """python-docx's template carries a Word 2010 copy of its styles with the old theme fonts;
    the restyled styles.xml is the only style sheet a reader should find."""
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(r_id)
    # Likewise the template's thumbnail, which file browsers would show for this report.
    package_rels = doc.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(r_id)


def _font_table(doc: Any, style: DocxStyle) -> None:
    """Declare every font used as a GB2312-charset font with its usual alternative name."""
    parts = [r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")]
    if not parts:
        return
    part = parts[0]  # python-docx keeps this part as opaque bytes
    root = parse_xml(part.blob)
    declared = {font.get(qn("w:name")) for font in root.findall(qn("w:font"))}
    used = {
        style.title_font,
        style.body_font,
        style.page_number_font,
        style.table_font,
        *style.heading_fonts,
    }
    for name in sorted(used - declared):
        alt = _ALT_NAMES.get(name)
        alt_xml = f'<w:altName w:val="{_attr(alt)}"/>' if alt else ""
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{_attr(name)}">{alt_xml}'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
                "</w:font>"
            )
        )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- tables ---------------------------------------------------------------------------------


def column_twips(grid: Grid) -> list[int]:
    total = round(_TEXT_WIDTH_MM * _TWIPS_PER_MM)
    weight = sum(grid.col_weights)
    widths = [int(total * w / weight) for w in grid.col_weights]
    widths[-1] += total - sum(widths)
    return widths


def table_xml(grid: Grid) -> str:
    widths = column_twips(grid)
    owners = grid.owner_map()
    border = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    borders = "".join(
        f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>",
        '<w:tblStyle w:val="TableGrid"/>',
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
        f"<w:tblBorders>{borders}</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        # No top/bottom cell padding: with it table 三 and its heading no longer fit one page.
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar>",
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    for r, row in enumerate(owners):
        header = "<w:tblHeader/>" if r < grid.header_rows else ""
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        # Every row but the last keeps with the next: a table that fits on a page is not split,
        # so table 三's vertical label never breaks across two pages.
        keep = r < grid.n_rows - 1
        parts.extend(_row_cells(r, row, widths, keep))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _row_cells(r: int, row: list[GridCell], widths: list[int], keep: bool) -> Iterable[str]:
    c = 0
    while c < len(row):
        cell = row[c]
        # A merged cell appears once per row it covers: the first row holds the text
        # (vMerge restart), the rows below continue it with an empty paragraph.
        span = cell.colspan
        width = sum(widths[cell.col : cell.col + span])
        props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
        if span > 1:
            props.append(f'<w:gridSpan w:val="{span}"/>')
        if cell.rowspan > 1:
            props.append('<w:vMerge w:val="restart"/>' if cell.row == r else "<w:vMerge/>")
        props.append('<w:vAlign w:val="center"/>')
        text = cell.text if cell.row == r else ""
        paragraph = _cell_paragraph(cell, text, keep)
        yield f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{paragraph}</w:tc>"
        c += span


def _cell_paragraph(cell: GridCell, text: str, keep: bool) -> str:
    align = ""
    if cell.kind is Kind.LABEL and cell.rowspan == 1:
        align = '<w:jc w:val="left"/>'
    keep_next = "<w:keepNext/>" if keep else ""
    ppr = f'<w:pPr><w:pStyle w:val="{_style_id(_TABLE_STYLE)}"/>{keep_next}{align}</w:pPr>'
    if not text:
        return f"<w:p>{ppr}</w:p>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _style_id(name: str) -> str:
    # python-docx derives a style id from its name by dropping the spaces.
    return name.replace(" ", "")
