import pytest

from gongkai_web.annual_reports import services
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus

pytestmark = pytest.mark.django_db


def test_it_stores_one_report_per_agency_and_year(seed_report):
    first = services.save_report(seed_report)
    again = services.save_report(seed_report.with_cell("table2.licensing", 17))

    assert first.pk == again.pk
    assert AnnualReport.objects.count() == 1
    assert AnnualReport.objects.get().canonical["table2"]["licensing"] == 17


def test_it_starts_a_new_report_as_a_draft(seed_report):
    assert services.save_report(seed_report).status == ReportStatus.DRAFT


def test_it_moves_a_report_through_review_to_publication(seed_report):
    stored = services.save_report(seed_report)
    for status in (ReportStatus.IN_REVIEW, ReportStatus.APPROVED, ReportStatus.PUBLISHED):
        stored = services.change_status(stored, status)

    assert AnnualReport.objects.get().status == ReportStatus.PUBLISHED


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (ReportStatus.DRAFT, ReportStatus.PUBLISHED),
        (ReportStatus.DRAFT, ReportStatus.APPROVED),
        (ReportStatus.PUBLISHED, ReportStatus.DRAFT),
    ],
)
def test_it_refuses_a_status_change_the_table_does_not_allow(seed_report, start, target):
    stored = services.save_report(seed_report, status=start)

    with pytest.raises(services.StatusChangeRefused, match="年度报告不能从"):
        services.change_status(stored, target)
    assert AnnualReport.objects.get().status == start
