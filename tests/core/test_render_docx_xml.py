"""The Word document's XML keeps the schema's element order: Word (unlike LibreOffice and
python-docx) refuses to open a file with, say, two <w:pPr> in a paragraph or <w:jc> before
<w:ind>. Checked for every element kind the renderer writes or edits."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from gongkai.report.render.to_docx import DocxStyle, render_docx
from tests.core.report_samples import busy_report, seed_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Child sequences from ECMA-376 Part 1 (transitional), for the elements the renderer touches.
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden "
    "unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr "
    "trPr tcPr tblStylePr",
    "font": "altName panose1 charset family notTrueType pitch sig embedRegular embedBold "
    "embedItalic embedBoldItalic",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings sectPrChange",
    "styles": "docDefaults latentStyles style",
}
# Properties that come first, once, in their parent.
FIRST = {"p": "pPr", "r": "rPr", "tc": "tcPr", "tbl": "tblPr", "tr": "trPr"}


def local(tag: object) -> str:
    return str(tag).removeprefix(W)


def problems(xml: bytes, part: str) -> list[str]:
    found: list[str] = []
    for element in etree.fromstring(xml).iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(W):
            continue
        name = local(element.tag)
        children = [local(c.tag) for c in element if isinstance(c.tag, str) and c.tag.startswith(W)]
        if name in ORDER:
            sequence = ORDER[name].split()
            known = [c for c in children if c in sequence]
            ranks = [sequence.index(c) for c in known]
            repeatable = {"headerReference", "footerReference", "style", "tblStylePr"}
            if ranks != sorted(ranks) or any(known.count(c) > 1 for c in set(known) - repeatable):
                found.append(f"{part}: <w:{name}> children out of order: {children}")
        if name in FIRST:
            first = FIRST[name]
            if children.count(first) > 1 or (first in children and children[0] != first):
                found.append(f"{part}: <w:{name}> has {first} misplaced: {children}")
    return found


@pytest.mark.parametrize(
    "docx",
    [
        render_docx(seed_report()),
        render_docx(busy_report(), DocxStyle(bold_levels=frozenset({2, 3}))),
    ],
    ids=["seed", "busy-bold"],
)
def test_it_writes_elements_in_the_order_word_requires(docx: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(docx))
    parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
    assert {"word/document.xml", "word/styles.xml", "word/fontTable.xml"} <= set(parts)
    found = [p for name in parts for p in problems(archive.read(name), name)]
    assert found == []
