"""Plain text in the layout of published reports copied from a web page: one table row per
line, cells separated by tabs (the seed report's layout), and the canonical JSON."""

from __future__ import annotations

from gongkai.report import format2021 as f
from gongkai.report.canonical import dumps
from gongkai.report.model import Report
from gongkai.report.render import format_cell, paragraphs


def render_json(report: Report) -> bytes:
    return dumps(report).encode("utf-8")


def render_text(report: Report) -> bytes:
    return "\n".join(text_lines(report)).encode("utf-8") + b"\n"


def _row(*cells: str) -> str:
    return "\t".join(cells)


def _numbers(cells: tuple[object, ...]) -> list[str]:
    return [format_cell(c) for c in cells]  # type: ignore[arg-type]


def text_lines(report: Report) -> list[str]:
    lines = ["", report.display_title, ""]
    s = report.sections
    if s is not None and s.preamble:
        for p in paragraphs(s.preamble):
            lines += [p, ""]
    lines += [f.SECTION_HEADINGS[0], ""]
    for key, number, heading in f.OVERVIEW_PARTS:
        lines += [f"{number}{heading}：", ""]
        if s is not None:
            for p in paragraphs(getattr(s.overview, key)):
                lines += [p, ""]
    lines += [f.SECTION_HEADINGS[1], "", *table2_lines(report), ""]
    lines += [f.SECTION_HEADINGS[2], "", *table3_lines(report), ""]
    lines += [f.SECTION_HEADINGS[3], "", *table4_lines(report), ""]
    lines += [f.SECTION_HEADINGS[4], ""]
    if s is not None:
        for p in paragraphs(s.problems):
            lines += [p, ""]
    lines += [f.SECTION_HEADINGS[5], ""]
    if s is not None:
        for p in paragraphs(s.other):
            lines += [p, ""]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def table2_lines(report: Report) -> list[str]:
    t2 = report.table2
    lines = [_row(f.T2_ARTICLE_1, "", "", ""), _row(f.T2_CONTENT, *f.T2_DOC_COLUMNS)]
    for key, label in f.T2_DOC_ROWS:
        counts = getattr(t2, key)
        lines.append(_row(label, *(format_cell(getattr(counts, k)) for k in f.T2_DOC_KEYS)))
    lines += [
        _row(f.T2_ARTICLE_5, "", "", ""),
        _row(f.T2_CONTENT, f.T2_DECISIONS, "", ""),
        _row(f.T2_LICENSING, format_cell(t2.licensing), "", ""),
        _row(f.T2_ARTICLE_6, "", "", ""),
        _row(f.T2_CONTENT, f.T2_DECISIONS, "", ""),
        _row(f.T2_PENALTY, format_cell(t2.penalty), "", ""),
        _row(f.T2_COERCION, format_cell(t2.coercion), "", ""),
        _row(f.T2_ARTICLE_8, "", "", ""),
        _row(f.T2_CONTENT, f.T2_FEE_COLUMN, "", ""),
        _row(f.T2_FEES, format_cell(t2.fees), "", ""),
    ]
    return lines


def table3_lines(report: Report) -> list[str]:
    t3 = report.table3
    lines = [
        _row(f.T3_NOTE, "", f.T3_APPLICANTS, "", "", "", "", "", "", f.T3_TOTAL_COLUMN, ""),
        _row("", "", f.T3_NATURAL, f.T3_LEGAL, "", "", "", "", "", ""),
        _row("", "", "", *f.T3_COLUMNS[1:6], "", ""),
        _row(f.T3_ROW_LABELS["new"], "", *_numbers(t3["new"])),
        _row(f.T3_ROW_LABELS["carried"], "", *_numbers(t3["carried"])),
    ]
    first = True
    for group, rows in f.T3_OUTCOME_GROUPS:
        lead = f.T3_OUTCOMES_HEADING if first else ""
        first = False
        if len(rows) == 1:
            key, label = rows[0]
            lines.append(_row(lead, label, *_numbers(t3[key])))
            continue
        for i, (key, label) in enumerate(rows):
            lines.append(_row(lead, group if i == 0 else "", label, *_numbers(t3[key])))
    lines.append(_row(f.T3_TOTAL_LABEL, "", *_numbers(t3["total"])))
    lines.append(_row(f.T3_ROW_LABELS["carry_next"], "", *_numbers(t3["carry_next"])))
    return lines


def table4_lines(report: Report) -> list[str]:
    blank4 = ["", "", "", ""]
    return [
        _row(f.T4_RECONSIDERATION, *blank4, f.T4_LITIGATION, *[""] * 9),
        _row(*f.T4_RESULTS, f.T4_GROUPS[1], *blank4, f.T4_GROUPS[2], *blank4),
        _row(*[""] * 5, *f.T4_RESULTS, *f.T4_RESULTS),
        _row(*_numbers(report.table4)),
    ]
