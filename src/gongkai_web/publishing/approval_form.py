"""The 信息发布审核表 (regulation.md §7) of one entry as DOCX, in the report's GB/T 9704 page.

The page, styles and font table come from the report renderer (gongkai.report.render.to_docx)
so that every document gongkai prints looks alike; the table is a render Grid.
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.oxml import parse_xml

from gongkai.publishing.review import ORDER, STAGE_LABELS, Stage
from gongkai.report.render import to_docx
from gongkai.report.render.tables import Grid, GridCell, Kind
from gongkai_web.publishing.models import Entry, ReviewStep
from gongkai_web.publishing.selectors import word_check

TITLE = "信息发布审核表"


def build(entry: Entry, steps: list[ReviewStep]) -> bytes:
    style = to_docx.DocxStyle()
    doc = Document()
    to_docx._page_setup(doc, style)
    to_docx._styles(doc, style)
    to_docx._font_table(doc, style)
    doc.core_properties.title = TITLE
    doc.core_properties.author = entry.agency.name
    doc.core_properties.language = "zh-CN"
    doc.add_paragraph(TITLE, style="Title")
    doc.element.body.insert_element_before(
        parse_xml(to_docx.table_xml(grid(entry, steps))), "w:sectPr"
    )
    doc.add_paragraph(f"生成时间：{timezone.localtime():%Y年%m月%d日 %H:%M}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def grid(entry: Entry, steps: list[ReviewStep]) -> Grid:
    hits = sum(len(field.hits) for field in word_check(entry))
    rows: list[list[tuple[str, Kind, int]]] = [
        [("信息名称", Kind.LABEL, 1), (entry.title, Kind.NUMBER, 3)],
        [("索引号", Kind.LABEL, 1), (entry.index_number or "（终审通过后生成）", Kind.NUMBER, 1),
         ("目录分类", Kind.LABEL, 1), (entry.category.name, Kind.NUMBER, 1)],
        [("发布机构", Kind.LABEL, 1), (entry.publisher, Kind.NUMBER, 1),
         ("文号", Kind.LABEL, 1), (entry.doc_number or "无", Kind.NUMBER, 1)],
        [("成文日期", Kind.LABEL, 1), (_date(entry.written_on), Kind.NUMBER, 1),
         ("公开方式", Kind.LABEL, 1), (entry.get_disclosure_display(), Kind.NUMBER, 1)],
        [("错敏词检查", Kind.LABEL, 1),
         (f"发现 {hits} 处，已提示审核人" if hits else "未发现错敏词", Kind.NUMBER, 3)],
        [("审核环节", Kind.HEADER, 1), ("审核意见", Kind.HEADER, 1), ("审核人", Kind.HEADER, 1),
         ("时间", Kind.HEADER, 1)],
    ]  # fmt: skip
    latest: dict[Stage, ReviewStep] = {}
    for step in steps:
        if step.round == entry.review_round:
            latest[Stage(step.stage)] = step
    for stage in ORDER:
        step = latest.get(stage)
        if step is None:
            rows.append([(STAGE_LABELS[stage], Kind.LABEL, 1), ("", Kind.NUMBER, 1),
                         ("", Kind.NUMBER, 1), ("", Kind.NUMBER, 1)])  # fmt: skip
            continue
        verdict = "通过" if step.passed else "退回"
        rows.append([
            (STAGE_LABELS[stage], Kind.LABEL, 1),
            (f"{verdict}。{step.opinion}" if step.opinion else verdict, Kind.NUMBER, 1),
            (step.reviewer_name, Kind.NUMBER, 1),
            (f"{timezone.localtime(step.at):%Y-%m-%d %H:%M}", Kind.NUMBER, 1),
        ])  # fmt: skip
    cells: list[GridCell] = []
    for r, row in enumerate(rows):
        c = 0
        for text, kind, span in row:
            cells.append(GridCell(row=r, col=c, text=text, kind=kind, colspan=span))
            c += span
    return Grid(
        key="approval", sheet=TITLE, heading=TITLE, n_rows=len(rows), n_cols=4, header_rows=0,
        cells=tuple(cells), col_weights=(1.2, 2.6, 1.2, 1.6),
    )  # fmt: skip


def _date(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return ""
