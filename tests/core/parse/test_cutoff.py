"""Reports cut off inside their tables (the source text stopped early): every row printed
before the cut is read, nothing at the cut is guessed, and a finding says where it ends."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.parse import parse_bytes
from gongkai.parse.labels import T3_ROWS
from gongkai.parse.normalize import clean, key
from gongkai.report.model import Report
from gongkai.report.render.text import text_lines

from ..strategies import consistent_reports
from .test_roundtrip import LAYOUTS
from .test_stream import crawled, read_cells, table_cells

SEED = Path(__file__).resolve().parents[2] / "fixtures/seed/xinhua-education-2024.txt"


def _complete_rows(text: str) -> list[str]:
    """Table 三 rows whose next row's label is in the text: all their cells were printed."""
    k = key(clean(text))
    at = k.find("本列数据")
    rows: list[str] = []
    for spec, following in pairwise(T3_ROWS):
        here = k.find(spec.keywords[0], at)
        if here < 0 or k.find(following.keywords[0], here + 1) < 0:
            break
        rows.append(spec.path)
        at = here
    return rows


@settings(max_examples=60, deadline=None)
@given(consistent_reports(), st.sampled_from(sorted(LAYOUTS)), st.floats(0, 1))
def test_it_reads_every_row_printed_before_the_cut_and_guesses_nothing_at_it(
    report: Report, layout: str, where: float
) -> None:
    text = LAYOUTS[layout](text_lines(report))
    start = text.index("本年新收")
    text = text[: start + int(where * (len(text) - start))]
    want = table_cells(report)
    got = read_cells(text)
    assert {k: v for k, v in got.items() if v is not None and v != want[k]} == {}
    for path in _complete_rows(text):
        row = [got[f"{path}[{i}]"] for i in range(7)]
        assert row == [want[f"{path}[{i}]"] for i in range(7)], path


@settings(max_examples=40, deadline=None)
@given(consistent_reports(), st.floats(0, 1))
def test_it_guesses_nothing_at_the_cut_of_a_crawled_dump(report: Report, where: float) -> None:
    text = crawled(report)
    start = text.index("本年新收")
    text = text[: start + int(where * (len(text) - start))]
    want = table_cells(report)
    got = read_cells(text)
    assert {k: v for k, v in got.items() if v is not None and v != want[k]} == {}


def test_it_says_where_the_text_ends() -> None:
    text = SEED.read_text(encoding="utf-8")
    text = text[: text.index("2. 重复申请")]
    result = parse_bytes(text.encode())
    ends = [f for f in result.findings if f.rule == "PARSE-TEXT-ENDS"]
    assert len(ends) == 1
    assert "信访举报投诉类申请" in ends[0].message
    assert "table3.noprocess_2[0]" in ends[0].cells and "table4[0]" in ends[0].cells
    assert result.report is not None
    assert all(v is not None for v in result.report.table3["noprocess_1"])
