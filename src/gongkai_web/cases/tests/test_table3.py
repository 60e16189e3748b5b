"""Table 三 counted by the database equals the pure count and passes the report's rules."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.cases.counting import ApplicantColumn, CaseHistory
from gongkai.cases.counting import table3 as pure_table3
from gongkai.report import check
from gongkai.report.format2021 import OUTCOME_KEYS
from gongkai.report.model import Report
from gongkai_web.audit.services import Actor
from gongkai_web.cases import ledger, selectors, services
from gongkai_web.cases.models import Application

D = dt.date
pytestmark = pytest.mark.django_db


@st.composite
def histories(draw: st.DrawFn) -> CaseHistory:
    received = draw(st.dates(D(2023, 6, 1), D(2025, 6, 30)))
    column = draw(st.sampled_from(ApplicantColumn))
    if draw(st.booleans()):
        return CaseHistory(received, column)
    closed = received + dt.timedelta(days=draw(st.integers(0, 400)))
    return CaseHistory(received, column, closed, draw(st.sampled_from(OUTCOME_KEYS)))


def store(cast, agency, cases: list[CaseHistory]) -> None:  # type: ignore[no-untyped-def]
    """The histories entered as a clerk enters a 台账 of cases handled outside the system:
    every row registered, the closed ones archived through the workflow's import move."""
    Application.objects.all().delete()
    clerk = Actor(cast.user("caizheng_clerk"), "clerk", agency)
    applicant = services.ApplicantData(
        column="", name="某", id_type="passport", id_number="E123456", phone="13800000000",
        description="某信息", provision_form="paper", delivery="collect",
    )  # fmt: skip
    rows = [
        ledger.Parsed(
            row=i + 2,
            applicant=dataclasses.replace(applicant, column=c.column.value),
            channel="in_person",
            received=c.received,
            outcome_row=c.row or "",
            closed=c.closed,
            reply_number="",
        )
        for i, c in enumerate(cases)
    ]
    ledger.save(actor=clerk, agency=agency, parsed=rows)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cases=st.lists(histories(), max_size=30), year=st.integers(2023, 2025))
def test_it_counts_in_sql_exactly_as_the_pure_rules(cast, cases, year) -> None:
    agency = cast.agency("新华区财政局")
    store(cast, agency, cases)
    table = selectors.table3(agency, year)
    assert table == pure_table3(cases, year)
    previous = Report(agency=agency.name, year=year - 1, table3=selectors.table3(agency, year - 1))
    assert check(Report(agency=agency.name, year=year, table3=table), previous) == []


def test_it_counts_only_the_agency_asked_for(cast, submit) -> None:
    submit(agency="新华区教育局")
    assert selectors.table3(cast.agency("新华区财政局"), 2025)["new"][6] == 0
    assert selectors.table3(cast.agency("新华区教育局"), 2025)["new"][6] == 1


def test_it_builds_table_4_from_linked_reconsideration_and_litigation(submit, actors) -> None:
    application = submit()
    agency = application.agency
    clerk, today = actors["clerk"], D(2025, 9, 1)
    upheld = services.record_review(actor=clerk, application=application, kind="reconsideration",
                                    filed_on=D(2025, 5, 6), today=today)  # fmt: skip
    services.decide_review(actor=clerk, review_case=upheld, result="upheld",
                           decided_on=D(2025, 7, 1), today=today)  # fmt: skip
    services.record_review(actor=clerk, application=application, kind="direct_suit",
                           filed_on=D(2025, 6, 1), today=today)  # fmt: skip
    assert selectors.table4(agency, 2025) == (1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)
