import datetime as dt

import pytest

from gongkai_web.annual_reports import services, snapshot
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus, Source
from gongkai_web.annual_reports.selectors import as_report
from gongkai_web.annual_reports.tests.conftest import AFTER_YEAR, BUREAU
from gongkai_web.cases import selectors as cases_selectors
from gongkai_web.cases.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_applications(apply):
    apply(dt.date(2023, 12, 20), closed=dt.date(2024, 1, 8), row="granted")  # carried, closed
    apply(dt.date(2024, 3, 1), "commercial", closed=dt.date(2024, 3, 20), row="deny_4")
    apply(dt.date(2024, 4, 2), "commercial", closed=dt.date(2024, 4, 25), row="deny_4")
    apply(dt.date(2024, 5, 6), closed=dt.date(2024, 5, 30), row="partial")
    apply(dt.date(2024, 12, 20))  # still open on 31 December: carried to next year
    apply(dt.date(2024, 12, 23), "research", closed=dt.date(2025, 1, 6), row="granted")
    apply(dt.date(2025, 1, 3))  # next year's


def test_it_counts_table3_as_the_cases_app_does(cast, actors, year_of_applications):
    stored = services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=AFTER_YEAR
    )

    report = as_report(stored)
    assert dict(report.table3) == cases_selectors.table3(cast.agency(BUREAU), 2024)
    assert report.table3["deny_4"][1] == 2
    assert report.table3["carry_next"][6] == 2  # open on 31 December, or replied in 2025
    assert stored.source == Source.GENERATED and stored.status == ReportStatus.DRAFT


def test_it_lists_behind_every_number_exactly_that_many_records(cast, actors, year_of_applications):
    stored = services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=AFTER_YEAR
    )

    report = as_report(stored)
    for cell in snapshot.ALL_CELLS:
        if cell == "table2.fees":
            continue
        assert snapshot.cell_value(report, cell) == len(stored.drilldown.get(cell, [])), cell
    denied = stored.drilldown["table3.deny_4[1]"]
    expected = Application.objects.filter(applicant_column="commercial", outcome_row="deny_4")
    assert sorted(r["pk"] for r in denied) == sorted(expected.values_list("pk", flat=True))
    assert all(r["url"] == f"/cases/{r['pk']}/" for r in denied)


def test_it_takes_the_numbers_as_of_the_stated_moment(cast, actors, year_of_applications):
    early = AFTER_YEAR.replace(year=2024, month=4, day=10)  # replied on 25 April: open then

    stored = services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=early
    )

    table3 = as_report(stored).table3
    assert (table3["new"][6], table3["deny_4"][1], table3["carry_next"][6]) == (2, 1, 1)


def test_it_shows_which_numbers_a_recompute_would_change_and_why(
    cast, actors, apply, year_of_applications
):
    stored = services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=AFTER_YEAR
    )
    late = apply(dt.date(2024, 6, 3), "legal_services", closed=dt.date(2024, 6, 20), row="deny_1")

    _, changes = services.preview_recompute(stored, AFTER_YEAR)

    by_cell = {c.key: c for c in changes}
    assert by_cell["table3.deny_1[4]"].before == 0
    assert by_cell["table3.deny_1[4]"].after == 1
    assert [r.pk for r in by_cell["table3.deny_1[4]"].added] == [late.pk]
    assert "table3.granted[0]" not in by_cell
    assert as_report(AnnualReport.objects.get()).table3["deny_1"][4] == 0  # locked until applied

    services.recompute(actor=actors["clerk"], stored=stored, as_of=AFTER_YEAR)

    assert as_report(AnnualReport.objects.get()).table3["deny_1"][4] == 1


def test_it_zeroes_the_tables_with_a_note_when_no_provider_is_registered(cast, actors, monkeypatch):
    from gongkai_web.annual_reports.providers import registry

    monkeypatch.setattr(registry, "_table2", [])
    monkeypatch.setattr(registry, "_table3_4", [])

    stored = services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=AFTER_YEAR
    )

    assert any("尚无依申请公开" in note for note in stored.notes)
    assert any("尚无主动公开目录" in note for note in stored.notes)
    assert as_report(stored).table2.licensing == 0


def test_it_refuses_a_second_report_for_the_same_year(cast, actors):
    services.create_report(actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024)

    with pytest.raises(services.ReportRefused, match="已经存在"):
        services.create_report(actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024)


def test_it_lets_only_the_agencys_clerk_create_its_report(cast, actors):
    with pytest.raises(services.ReportRefused, match="只有本机关的"):
        services.create_report(actor=actors["other_clerk"], agency=cast.agency(BUREAU), year=2024)
