"""Reports whose tables lost their cells: one line, no separators, labels broken over lines,
traditional characters, glued digits, text cut off. Every cell read is the printed one; a
cell the arithmetic cannot settle is null, never a guess."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.parse import parse_bytes
from gongkai.report.canonical import to_dict
from gongkai.report.model import Report
from gongkai.report.render.text import text_lines

from ..strategies import consistent_reports
from .test_roundtrip import _INVERSE

CORPUS = Path(__file__).resolve().parents[2] / "fixtures/corpus"
HEADER = (
    "标题: {title}\n发布时间: 2024-03-08 15:34\n发布机构: {agency}办公室\n"
    "原文链接: https://example.gov.cn/a.htm\n==================== 正文 ====================\n"
)


def crawled(report: Report, *, breaks: tuple[int, ...] = ()) -> str:
    """The body on one line, tabs gone (every cell glued to the next); line breaks put back
    at the given positions, inside labels and numbers alike, only where a label is."""
    lines = text_lines(report)
    title = next(line for line in lines if "年度报告" in line)
    body = "".join(line.replace("\t", "") for line in lines if line != title)
    for at in sorted(breaks, reverse=True):
        at %= max(len(body), 1)
        if not (body[at - 1 : at + 1].isdigit()):
            body = body[:at] + "\n" + body[at:]
    return HEADER.format(title=title, agency=report.agency) + body


def cells(report: Any, path: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(report, dict):
        for k, v in report.items():
            out.update(cells(v, f"{path}.{k}"))
    elif isinstance(report, list):
        for i, v in enumerate(report):
            out.update(cells(v, f"{path}[{i}]"))
    else:
        out[path] = report
    return out


def table_cells(report: Report) -> dict[str, Any]:
    data = to_dict(report)
    return {
        k: v for key in ("table2", "table3", "table4") for k, v in cells(data[key], key).items()
    }


def read(text: str) -> tuple[Report, list[Any]]:
    result = parse_bytes(text.encode("utf-8"), "crawl.txt")
    assert result.format == "2021"
    assert result.report is not None
    return result.report, list(result.findings)


def read_cells(text: str) -> dict[str, Any]:
    """The table cells read; none when the text stops before the tables say their format."""
    result = parse_bytes(text.encode("utf-8"), "crawl.txt")
    return {} if result.report is None else table_cells(result.report)


SMALL = consistent_reports()


@settings(max_examples=80, deadline=None)
@given(SMALL, st.integers(min_value=0, max_value=100_000), st.booleans())
def test_it_reads_a_glued_cut_report_right_or_null_never_wrong(
    report: Report, cut: int, traditional: bool
) -> None:
    text = crawled(report)
    head = text.index("正文")
    text = text[: head + cut % (len(text) - head)]
    if traditional:
        text = text.translate(_INVERSE)
    want = table_cells(report)
    wrong = {k: (v, want[k]) for k, v in read_cells(text).items() if v is not None and v != want[k]}
    assert wrong == {}


@settings(max_examples=40, deadline=None)
@given(SMALL, st.lists(st.integers(min_value=0, max_value=10_000), max_size=12))
def test_it_finds_labels_broken_over_lines(report: Report, breaks: list[int]) -> None:
    got, _ = read(crawled(report, breaks=tuple(breaks)))
    want = table_cells(report)
    wrong = {k: (v, want[k]) for k, v in table_cells(got).items() if v is not None and v != want[k]}
    assert wrong == {}


GLUED_T3 = (
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
    "规章000行政规范性文件77132470第二十条第（五）项信息内容本年处理决定数量行政许可2629"
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    "一、本年新收政府信息公开申请数量801000081二、上年结转政府信息公开申请数量0000000"
    "三、本年度办理结果（一）予以公开220000022（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    "191000020（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000"
)


def _report(text: str) -> tuple[dict[str, Any], list[Any]]:
    result = parse_bytes(("某区人民政府2023年政府信息公开工作年度报告\n" + text).encode())
    assert result.report is not None
    return to_dict(result.report), list(result.findings)


def test_it_reads_glued_rows_that_the_row_total_settles() -> None:
    data, _ = _report(GLUED_T3)
    t3 = data["table3"]
    assert t3["new"] == [80, 1, 0, 0, 0, 0, 81]
    # 191000020 is also 1,9,10,0,0,0,20: only the cells both cuts share are read.
    assert t3["partial"][-1] == 20
    assert all(
        v in (None, want) for v, want in zip(t3["partial"], [19, 1, 0, 0, 0, 0, 20], strict=True)
    )
    # The item number "2." of the next label is not a digit of this row.
    assert t3["deny_1"] == [0] * 7
    assert data["table2"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert data["table2"]["licensing"] == 2629


def test_it_never_reads_a_glued_run_without_arithmetic_as_one_number() -> None:
    data, findings = _report(GLUED_T3)
    assert data["table2"]["normative_documents"] == {
        "issued": None,
        "repealed": None,
        "in_force": None,
    }
    note = next(f for f in findings if f.rule == "PARSE-READ-NOTE" and "77132470" in f.message)
    assert "21 种拆法" in note.message and "7、7132、470" in note.message


def test_it_reads_labels_in_traditional_characters_broken_over_lines() -> None:
    text = GLUED_T3.replace("本年新收政府", "本年新\n收政府").translate(_INVERSE)
    data, _ = _report(text)
    assert data["table3"]["new"] == [80, 1, 0, 0, 0, 0, 81]
    assert data["table3"]["deny_1"] == [0] * 7


def test_it_leaves_null_the_cells_several_cuts_dispute_and_names_the_cuts() -> None:
    # Without the rest of the table, 220000022 is 22,0,0,0,0,0,22 or 2,20,0,0,0,0,22: the
    # cells both cuts agree on are read, the two they dispute are null.
    data, findings = _report(GLUED_T3)
    assert data["table3"]["granted"] == [None, None, 0, 0, 0, 0, 22]
    note = next(f for f in findings if f.rule == "PARSE-READ-NOTE" and "220000022" in f.message)
    assert "22、0、0、0、0、0、22" in note.message and "2、20、0、0、0、0、22" in note.message
    assert any(f.rule == "PARSE-NULL" and "table3.granted[0]" in f.cells for f in findings)


def test_it_settles_a_disputed_run_by_the_column_sums_of_the_whole_table() -> None:
    data = _corpus("crawl001")
    assert data["table3"]["granted"] == [22, 0, 0, 0, 0, 0, 22]


def _corpus(name: str) -> dict[str, Any]:
    path = CORPUS / f"{name}.txt"
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.report is not None
    return to_dict(result.report)


def test_it_says_where_a_cut_off_text_ends_and_reads_every_cell_before() -> None:
    text = GLUED_T3[: GLUED_T3.index("191000020") + 4]
    data, findings = _report(text)
    assert data["table3"]["new"] == [80, 1, 0, 0, 0, 0, 81]
    assert data["table3"]["partial"] == [None] * 7  # "1910" may be cut inside a number
    ends = next(f for f in findings if f.rule == "PARSE-TEXT-ENDS")
    assert "部分公开" in ends.message and "table3.partial[0]" in ends.cells


def test_it_reads_a_crawlers_header_lines_as_the_reports_metadata() -> None:
    path = CORPUS / "crawl001.txt"
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.report is not None
    data = to_dict(result.report)
    assert data["agency"] == "平潭综合实验区"  # the title's, not "标题:平潭…"
    assert data["title"] == "平潭综合实验区2023年度政府信息公开工作年度报告"
    assert data["published_on"] == "2024-03-08"
    assert data["x-source-url"].startswith("https://www.pingtan.gov.cn/")


def test_it_takes_the_agency_from_the_publisher_when_the_title_names_none() -> None:
    text = (
        "标题: 2023年度政府信息公开工作年度报告\n发布机构: 某县司法局\n发布日期: 2024年1月20日\n"
        + GLUED_T3
    )
    result = parse_bytes(text.encode())
    assert result.report is not None
    assert result.report.agency == "某县司法局"
    assert str(result.report.published_on) == "2024-01-20"


def test_it_breaks_a_tie_by_what_the_narrative_says_and_only_then() -> None:
    prose = "一、总体情况\n全年动态更新本年度制发的规范性文件77件，现行有效规范性文件393件。\n"
    data, findings = _report(prose + GLUED_T3)
    # 77 issued, as the narrative says; 393 in force fits no cut of 132470, so it is ignored.
    assert data["table2"]["normative_documents"] == {
        "issued": 77,
        "repealed": None,
        "in_force": None,
    }
    note = next(f for f in findings if "132470" in f.message)
    assert "77、132、470" in note.message


def test_it_reads_no_number_out_of_a_sentence_that_names_a_row() -> None:
    # 第二十条第… quoted in the narrative, then 规章 in a sentence: its 3 and 12 are not cells.
    prose = "依据《条例》第二十条第（一）项，清理规章3件，修订制度12项。"
    data, _ = _report(prose + GLUED_T3.replace("规章000", "规章"))
    assert data["table2"]["regulations"] == {"issued": None, "repealed": None, "in_force": None}
    assert data["table3"]["new"] == [80, 1, 0, 0, 0, 0, 81]


def _small_report(seed: int) -> Report:
    """A consistent report with the small counts most agencies print (0–9 a cell)."""
    import random

    from gongkai.report.format2021 import OUTCOME_KEYS, T3_ROW_KEYS
    from gongkai.report.model import DocCounts, Table2

    rng = random.Random(seed)

    def row(parts: list[int]) -> tuple[int, ...]:
        return (*parts, sum(parts))

    outcomes = {k: [rng.choice((0, 0, 0, 1, 2, 9)) for _ in range(6)] for k in OUTCOME_KEYS}
    total = [sum(outcomes[k][c] for k in OUTCOME_KEYS) for c in range(6)]
    nxt = [rng.randint(0, 3) for _ in range(6)]
    carried = [rng.randint(0, total[c] + nxt[c]) for c in range(6)]
    new = [total[c] + nxt[c] - carried[c] for c in range(6)]
    t3 = {"new": row(new), "carried": row(carried), "total": row(total), "carry_next": row(nxt)}
    t3.update({k: row(v) for k, v in outcomes.items()})
    t4: list[int] = []
    for _ in range(3):
        t4 += row([rng.randint(0, 3) for _ in range(4)])
    return Report(
        agency="某县人民政府",
        year=2023,
        table2=Table2(DocCounts(0, 0, 3), DocCounts(0, 0, 5), rng.randint(0, 99), 0, 0, 0),
        table3={k: t3[k] for k in T3_ROW_KEYS},
        table4=tuple(t4),
    )


def test_it_reads_every_cell_of_crawled_reports_with_small_counts() -> None:
    for seed in range(12):
        report = _small_report(seed)
        got = read_cells(crawled(report))
        want = table_cells(report)
        t34 = [k for k in want if k.startswith(("table3", "table4"))]
        assert [k for k in t34 if got[k] != want[k]] == [], seed


def test_it_finds_the_total_and_other_rows_printed_without_their_numbers() -> None:
    report = _small_report(3)
    text = crawled(report).replace("（七）总计", "总计").replace("3.其他", "其他")
    got, want = read_cells(text), table_cells(report)
    for row in ("total", "other_3", "other_2"):
        assert [got[f"table3.{row}[{i}]"] for i in range(7)] == list(report.table3[row])
    assert all(v is None or v == want[k] for k, v in got.items())
