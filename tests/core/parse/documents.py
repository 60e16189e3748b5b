"""Published-looking HTML and Word documents of a report, for the reader's tests.

The tables are laid out as agencies publish them (regulation.md §1.3–1.5): merged header
cells, the 三、本年度办理结果 label spanning 22 rows, values spanning three columns in
table 二. Each table is a list of rows of (text, colspan, rowspan).
"""

from __future__ import annotations

import html
import io
from typing import Any

from gongkai.report import format2021 as f
from gongkai.report.model import Report
from gongkai.report.render import format_cell

Spec = tuple[str, int, int]
Grid = list[list[Spec]]


def _c(text: str, colspan: int = 1, rowspan: int = 1) -> Spec:
    return (text, colspan, rowspan)


def _values(cells: tuple[Any, ...]) -> list[Spec]:
    return [_c(format_cell(c)) for c in cells]


def table2(report: Report) -> Grid:
    t2 = report.table2
    grid: Grid = [
        [_c(f.T2_ARTICLE_1, 4)],
        [_c(f.T2_CONTENT), *(_c(h) for h in f.T2_DOC_COLUMNS)],
    ]
    for key, label in f.T2_DOC_ROWS:
        counts = getattr(t2, key)
        grid.append([_c(label), *_values(tuple(getattr(counts, k) for k in f.T2_DOC_KEYS))])
    for article, column, rows in (
        (f.T2_ARTICLE_5, f.T2_DECISIONS, ((f.T2_LICENSING, t2.licensing),)),
        (
            f.T2_ARTICLE_6,
            f.T2_DECISIONS,
            ((f.T2_PENALTY, t2.penalty), (f.T2_COERCION, t2.coercion)),
        ),
        (f.T2_ARTICLE_8, f.T2_FEE_COLUMN, ((f.T2_FEES, t2.fees),)),
    ):
        grid.append([_c(article, 4)])
        grid.append([_c(f.T2_CONTENT), _c(column, 3)])
        for label, value in rows:
            grid.append([_c(label), _c(format_cell(value), 3)])
    return grid


def table3(report: Report) -> Grid:
    t3 = report.table3
    grid: Grid = [
        [_c(f.T3_NOTE, 3, 3), _c(f.T3_APPLICANTS, 7)],
        [_c(f.T3_NATURAL, 1, 2), _c(f.T3_LEGAL, 5), _c(f.T3_TOTAL_COLUMN, 1, 2)],
        [_c(name) for name in f.T3_COLUMNS[1:6]],
        [_c(f.T3_ROW_LABELS["new"], 3), *_values(t3["new"])],
        [_c(f.T3_ROW_LABELS["carried"], 3), *_values(t3["carried"])],
    ]
    first = True
    for group, rows in f.T3_OUTCOME_GROUPS:
        lead = [_c(f.T3_OUTCOMES_HEADING, 1, 22)] if first else []
        first = False
        if len(rows) == 1:
            key, label = rows[0]
            grid.append([*lead, _c(label, 2), *_values(t3[key])])
            continue
        for i, (key, label) in enumerate(rows):
            head = [*lead, _c(group, 1, len(rows))] if i == 0 else []
            grid.append([*head, _c(label), *_values(t3[key])])
    grid.append([_c(f.T3_TOTAL_LABEL, 2), *_values(t3["total"])])
    grid.append([_c(f.T3_ROW_LABELS["carry_next"], 3), *_values(t3["carry_next"])])
    return grid


def table4(report: Report) -> Grid:
    return [
        [_c(f.T4_RECONSIDERATION, 5), _c(f.T4_LITIGATION, 10)],
        [*(_c(r, 1, 2) for r in f.T4_RESULTS), _c(f.T4_GROUPS[1], 5), _c(f.T4_GROUPS[2], 5)],
        [*(_c(r) for r in f.T4_RESULTS), *(_c(r) for r in f.T4_RESULTS)],
        _values(report.table4),
    ]


def _body(report: Report) -> list[tuple[str, Grid | None]]:
    return [
        (report.display_title, None),
        (f.SECTION_HEADINGS[0], None),
        ("本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》。", None),
        (f.SECTION_HEADINGS[1], table2(report)),
        (f.SECTION_HEADINGS[2], table3(report)),
        (f.SECTION_HEADINGS[3], table4(report)),
        (f.SECTION_HEADINGS[4], None),
        ("一是公开内容还不够全面。", None),
    ]


def to_html(report: Report, charset: str = "utf-8") -> str:
    parts = [
        "<!DOCTYPE html><html><head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        "<title>政府信息公开</title><script>var menu = '首页 | 政务公开';</script></head><body>",
        '<div class="nav"><a href="/">首页</a> | <a href="/gk">政府信息公开</a></div>',
    ]
    for heading, grid in _body(report):
        parts.append(f"<p>{html.escape(heading)}</p>")
        if grid is None:
            continue
        parts.append('<table border="1" cellspacing="0"><tbody>')
        for row in grid:
            parts.append("<tr>")
            for text, colspan, rowspan in row:
                attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (
                    f' rowspan="{rowspan}"' if rowspan > 1 else ""
                )
                parts.append(f"<td{attrs}><p><span>{html.escape(text)}</span></p></td>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def to_docx(report: Report) -> bytes:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.5)
    for heading, grid in _body(report):
        document.add_paragraph(heading)
        if grid is None:
            continue
        _docx_table(document, grid)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document: Any, grid: Grid) -> None:
    placed: list[tuple[int, int, Spec]] = []
    taken: set[tuple[int, int]] = set()
    width = 0
    for r, row in enumerate(grid):
        c = 0
        for spec in row:
            while (r, c) in taken:
                c += 1
            _, colspan, rowspan = spec
            placed.append((r, c, spec))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
            width = max(width, c)
    table = document.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    for r, c, (text, colspan, rowspan) in placed:
        cell = table.cell(r, c)
        if colspan > 1 or rowspan > 1:
            cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
        cell.text = text
