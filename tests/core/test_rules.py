"""Each rule on a hand-made case, with the numbers and the Chinese sentence it reports."""

from pathlib import Path

from gongkai.report import check, load
from gongkai.report.rules import describe_cell

SEED = (
    Path(__file__).resolve().parents[2] / "src/gongkai/report/examples/xinhua-education-2024.json"
)


def seed():
    return load(SEED)


def test_it_reports_a_row_total_that_is_not_the_sum() -> None:
    report = seed().with_cell("table3.granted[0]", 2).with_cell("table3.granted[6]", 3)
    row = [f for f in check(report) if f.rule == "T3-ROW-TOTAL"]
    assert len(row) == 1
    assert row[0].where == "table3.granted[6]"
    assert (row[0].found, row[0].expected) == (3, 2)
    assert "（一）予以公开" in row[0].message


def test_it_reports_an_outcome_total_that_is_not_the_sum_of_outcomes() -> None:
    report = seed().with_cell("table3.deny_4[1]", 1).with_cell("table3.deny_4[6]", 1)
    rules = {f.rule: f for f in check(report)}
    assert set(rules) == {"T3-OUTCOME-SUM"}
    assert {f.where for f in check(report)} == {"table3.total[1]", "table3.total[6]"}


def test_it_reports_a_column_that_does_not_balance() -> None:
    report = seed().with_cell("table3.new[0]", 4).with_cell("table3.new[6]", 4)
    balance = [f for f in check(report) if f.rule == "T3-BALANCE"]
    assert [f.where for f in balance] == ["table3.carry_next[0]", "table3.carry_next[6]"]
    assert "本年新收 4" in balance[0].message


def test_it_reports_a_table4_group_total() -> None:
    report = seed().with_cell("table4[5]", 2)
    (finding,) = check(report)
    assert finding.rule == "T4-GROUP-SUM"
    assert finding.where == "table4[9]"
    assert "未经复议直接起诉" in finding.message


def test_it_checks_carry_over_and_in_force_across_years() -> None:
    last = seed().with_cell("table3.carry_next[0]", 2)
    last = last.with_cell("table2.normative_documents.in_force", 5)
    findings = check(seed(), last)
    assert {(f.rule, f.severity.value) for f in findings} == {
        ("T3-CARRY", "error"),
        ("T2-IN-FORCE", "warning"),
    }


def test_it_ignores_cells_nobody_could_read() -> None:
    report = seed().with_cell("table3.granted[0]", None)
    assert check(report) == []


def test_it_describes_cells_in_chinese() -> None:
    assert (
        describe_cell("table3.deny_4[1]")
        == "表三“（三）不予公开4.保护第三方合法权益”行“商业企业”列"
    )
    assert describe_cell("table4[7]") == "表四“未经复议直接起诉·其他结果”"
    assert describe_cell("table2.regulations.in_force") == "表二“规章现行有效件数”"
