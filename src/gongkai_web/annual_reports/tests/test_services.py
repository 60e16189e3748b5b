"""A report is created once per agency and year, as a draft; only the workflow publishes it."""

import pytest

from gongkai_web.annual_reports import services
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus
from gongkai_web.annual_reports.tests.conftest import AFTER_YEAR, BUREAU

pytestmark = pytest.mark.django_db


def test_it_refuses_a_second_report_for_the_same_agency_and_year(cast, actors):
    agency = cast.agency(BUREAU)
    services.create_report(actor=actors["clerk"], agency=agency, year=2024, as_of=AFTER_YEAR)

    with pytest.raises(services.ReportRefused, match="年度报告已经存在"):
        services.create_report(actor=actors["clerk"], agency=agency, year=2024, as_of=AFTER_YEAR)
    assert AnnualReport.objects.count() == 1


def test_it_starts_a_new_report_as_a_draft_with_no_moves(cast, actors):
    stored = services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=AFTER_YEAR
    )

    assert (stored.status, stored.review_round) == (ReportStatus.DRAFT, 0)
    assert not stored.events.exists()


def test_it_refuses_to_replace_a_report_written_here_by_an_imported_file(cast, actors, seed_report):
    agency = cast.agency(BUREAU)
    services.create_report(actor=actors["clerk"], agency=agency, year=2024, as_of=AFTER_YEAR)

    with pytest.raises(services.ReportRefused, match="不能用导入的文件替换"):
        services.store_imported(actor=actors["clerk"], agency=agency, year=2024,
                                report=seed_report, name="2024.html")  # fmt: skip
