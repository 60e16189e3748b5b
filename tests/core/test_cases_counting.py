"""Tables 三 and 四 counted from case histories pass the report's rules by construction."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.cases.counting import (
    ApplicantColumn,
    CaseHistory,
    HistoryError,
    ReviewCase,
    ReviewKind,
    ReviewResult,
    Table4Policy,
    table3,
    table4,
)
from gongkai.report import check
from gongkai.report.format2021 import OUTCOME_KEYS
from gongkai.report.model import Report

D = dt.date
YEAR = 2024


@st.composite
def histories(draw: st.DrawFn) -> CaseHistory:
    received = draw(st.dates(D(2022, 6, 1), D(2025, 6, 30)))
    column = draw(st.sampled_from(ApplicantColumn))
    if draw(st.booleans()):
        return CaseHistory(received, column)
    closed = received + dt.timedelta(days=draw(st.integers(0, 400)))
    return CaseHistory(received, column, closed, draw(st.sampled_from(OUTCOME_KEYS)))


@settings(max_examples=300, deadline=None)
@given(st.lists(histories(), max_size=60))
def test_it_passes_the_foundation_rules_for_any_case_histories(
    cases: list[CaseHistory],
) -> None:
    this_year = Report(agency="某机关", year=YEAR, table3=table3(cases, YEAR))
    last_year = Report(agency="某机关", year=YEAR - 1, table3=table3(cases, YEAR - 1))
    assert check(this_year, last_year) == []


@settings(deadline=None)
@given(st.lists(histories(), max_size=40))
def test_it_counts_each_case_open_in_the_year_once_in_and_once_out(
    cases: list[CaseHistory],
) -> None:
    table = table3(cases, YEAR)
    open_in_year = [
        c
        for c in cases
        if c.received <= D(YEAR, 12, 31) and (c.closed is None or c.closed >= D(YEAR, 1, 1))
    ]
    assert table["new"][6] + table["carried"][6] == len(open_in_year)
    assert table["total"][6] + table["carry_next"][6] == len(open_in_year)


def test_it_puts_a_case_in_its_applicant_column_and_outcome_row() -> None:
    case = CaseHistory(D(2024, 3, 1), ApplicantColumn.LEGAL_SERVICES, D(2024, 4, 1), "deny_4")
    table = table3([case], 2024)
    assert table["new"] == (0, 0, 0, 0, 1, 0, 1)
    assert table["deny_4"] == (0, 0, 0, 0, 1, 0, 1)
    assert table["total"] == (0, 0, 0, 0, 1, 0, 1)
    assert table["carried"] == table["carry_next"] == (0,) * 7


def test_it_carries_a_case_received_in_december_and_answered_in_january() -> None:
    case = CaseHistory(D(2023, 12, 20), ApplicantColumn.NATURAL_PERSON, D(2024, 1, 15), "granted")
    assert table3([case], 2023)["carry_next"][0] == 1
    assert table3([case], 2023)["granted"][0] == 0
    assert table3([case], 2024)["carried"][0] == 1
    assert table3([case], 2024)["granted"][0] == 1
    assert table3([case], 2025)["carried"][0] == 0


def test_it_refuses_a_history_closed_before_it_was_received() -> None:
    with pytest.raises(HistoryError, match="早于收到日期"):
        CaseHistory(D(2024, 3, 1), ApplicantColumn.OTHER, D(2024, 2, 1), "granted")
    with pytest.raises(HistoryError, match="同时"):
        CaseHistory(D(2024, 3, 1), ApplicantColumn.OTHER, D(2024, 4, 1))


def test_it_counts_table_4_by_kind_and_result_as_on_31_december() -> None:
    cases = [
        ReviewCase(ReviewKind.RECONSIDERATION, D(2024, 2, 1), ReviewResult.UPHELD, D(2024, 5, 1)),
        ReviewCase(
            ReviewKind.RECONSIDERATION, D(2024, 11, 1), ReviewResult.CORRECTED, D(2025, 2, 1)
        ),
        ReviewCase(ReviewKind.DIRECT_SUIT, D(2024, 6, 1)),
        ReviewCase(
            ReviewKind.SUIT_AFTER_RECONSIDERATION, D(2023, 6, 1), ReviewResult.OTHER, D(2024, 3, 1)
        ),
    ]
    assert table4(cases, 2024) == (1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)
    active = table4(cases, 2024, Table4Policy.ACTIVE_IN_YEAR)
    assert active[10:] == (0, 0, 1, 0, 1)


@given(
    st.lists(
        st.builds(
            lambda kind, filed, result, days: ReviewCase(
                kind,
                filed,
                result,
                None if result is ReviewResult.PENDING else filed + dt.timedelta(days=days),
            ),
            st.sampled_from(ReviewKind),
            st.dates(D(2023, 1, 1), D(2025, 6, 30)),
            st.sampled_from(ReviewResult),
            st.integers(0, 300),
        ),
        max_size=30,
    ),
    st.sampled_from(Table4Policy),
)
@settings(deadline=None)
def test_it_builds_table_4_that_passes_the_rules(
    cases: list[ReviewCase], policy: Table4Policy
) -> None:
    assert check(Report(agency="某机关", year=YEAR, table4=table4(cases, YEAR, policy))) == []
