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
