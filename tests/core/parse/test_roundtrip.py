"""Every report the text renderer writes reads back to the same tables, in every layout a
copied web page takes (tabs, pipes, one cell per line, blank lines, spaces, traditional)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.parse import parse_bytes
from gongkai.parse.hanzi import TRADITIONAL_TO_SIMPLIFIED
from gongkai.report.canonical import to_dict
from gongkai.report.model import Report, Sections
from gongkai.report.render.text import text_lines

from ..strategies import consistent_reports

TABLES = ("table2", "table3", "table4")


def tables(report: Report) -> dict[str, Any]:
    data = to_dict(report)
    return {key: data[key] for key in (*TABLES, "agency", "year")}


def read(text: str) -> Report:
    result = parse_bytes(text.encode("utf-8"), "roundtrip.txt")
    assert result.format == "2021", result.findings
    assert result.report is not None
    return result.report


def _cells(line: str) -> list[str]:
    return line.split("\t")


def tabs(lines: list[str]) -> str:
    return "\n".join(lines)


def pipe_rows(lines: list[str]) -> str:
    return "\n".join(" | ".join(_cells(line)) + " |" if "\t" in line else line for line in lines)


def cell_per_line_with_pipes(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if "\t" not in line:
            out.append(line)
            continue
        out.append("|")
        out.extend(f"{cell} |" for cell in _cells(line) if cell)
    return "\n".join(out)


def blank_line_cells(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        out.extend(cell for cell in _cells(line) if cell)
        out.append("")
    return "\n\n".join(out)


def spaced(lines: list[str]) -> str:
    return "\n".join("  ".join(c for c in _cells(line) if c) for line in lines)


_INVERSE = {}
for _code, _simple in TRADITIONAL_TO_SIMPLIFIED.items():
    _INVERSE.setdefault(ord(_simple), chr(_code))


def traditional(lines: list[str]) -> str:
    return pipe_rows(lines).translate(_INVERSE)


LAYOUTS: dict[str, Callable[[list[str]], str]] = {
    "tabs": tabs,
    "pipe rows": pipe_rows,
    "one cell per line with pipes": cell_per_line_with_pipes,
    "blank lines between cells": blank_line_cells,
    "spaces": spaced,
    "traditional characters": traditional,
}

NARRATIVE = st.sampled_from(
    [
        "本年度继续做好政府信息公开工作，全年主动公开政府信息 120 条。",
        "2024 年度，我局坚持“公开为常态、不公开为例外”，共召开专题会议 3 次。",
        "一是强化领导。二是完善制度。三是加强培训，全年培训 45 人次。",
        "",
    ]
)


@st.composite
def reports_with_narrative(draw: st.DrawFn) -> Report:
    report = draw(consistent_reports())
    return Report(
        agency=report.agency,
        year=report.year,
        table2=report.table2,
        table3=report.table3,
        table4=report.table4,
        sections=Sections(
            preamble=draw(NARRATIVE), problems=draw(NARRATIVE), other=draw(NARRATIVE)
        ),
    )


@settings(max_examples=60, deadline=None)
@given(reports_with_narrative(), st.sampled_from(sorted(LAYOUTS)))
def test_it_reads_back_what_the_text_renderer_wrote(report: Report, layout: str) -> None:
    text = LAYOUTS[layout](text_lines(report))
    got = read(text)
    assert tables(got) == tables(report)


@settings(max_examples=30, deadline=None)
@given(reports_with_narrative())
def test_it_finds_nothing_wrong_in_a_consistent_rendered_report(report: Report) -> None:
    result = parse_bytes(tabs(text_lines(report)).encode("utf-8"))
    assert [f.rule for f in result.findings] == []
