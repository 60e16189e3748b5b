"""The rules as properties: consistent reports pass; one changed cell is always named."""

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import check, dumps, loads
from gongkai.report.model import Report

from .strategies import consistent_reports, table_cells


@given(consistent_reports())
def test_it_passes_every_report_built_from_consistent_counts(report: Report) -> None:
    assert check(report) == []


@given(consistent_reports())
def test_it_round_trips_the_canonical_json(report: Report) -> None:
    assert loads(dumps(report)) == report


@settings(max_examples=300)
@given(consistent_reports(), st.sampled_from(table_cells()), st.integers(1, 50))
def test_it_names_any_single_changed_cell(report: Report, where: str, delta: int) -> None:
    table, _, rest = where.partition(".")
    if table.startswith("table4"):
        old = report.table4[int(where[7:-1])]
    else:
        key, _, index = rest.partition("[")
        old = report.table3[key][int(index[:-1])]
    assert old is not None
    changed = report.with_cell(where, old + delta)

    findings = check(changed)

    assert findings, f"changing {where} went unnoticed"
    assert all(f.severity == "error" for f in findings)
    assert any(where in f.cells for f in findings)


@given(consistent_reports(), consistent_reports())
def test_it_checks_carry_over_against_last_year(report: Report, previous: Report) -> None:
    findings = check(report, previous)
    carry = [f for f in findings if f.rule == "T3-CARRY"]
    expected = [
        i for i in range(7) if report.table3["carried"][i] != previous.table3["carry_next"][i]
    ]
    assert [int(f.where[-2]) for f in carry] == expected
