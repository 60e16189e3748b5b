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


def test_it_enters_an_imported_report_published_through_the_import_move(cast, actors, seed_report):
    from gongkai_web.audit.models import AuditEntry

    stored = services.store_imported(actor=actors["clerk"], agency=cast.agency(BUREAU), year=2023,
                                     report=seed_report, name="2023.pdf")  # fmt: skip
    assert stored.status == ReportStatus.PUBLISHED
    [event] = stored.events.all()
    assert (event.action, event.from_state, event.to_state, event.slot) == (
        "import", "draft", "published", "",
    )  # fmt: skip
    assert event.data == {"file": "2023.pdf", "year": 2023}
    audit = AuditEntry.objects.get(action="annual_report.import", object_id=str(stored.pk))
    assert audit.changes["file"] == "2023.pdf"
    # A newer file of the same report replaces its figures; no second move is made.
    again = services.store_imported(actor=actors["clerk"], agency=cast.agency(BUREAU), year=2023,
                                    report=seed_report, name="2023-v2.pdf")  # fmt: skip
    assert again.pk == stored.pk and again.events.count() == 1
    assert AuditEntry.objects.filter(action="annual_report.reimport").count() == 1


def test_it_lets_only_the_importing_roles_enter_a_report(cast, actors, seed_report):
    from gongkai.workflow.lifecycle import Refused

    with pytest.raises(
        Refused, match="须由登记员/承办人或政务公开办或系统后台任务或上级政务公开办办理"
    ):
        services.store_imported(actor=actors["reviewer"], agency=cast.agency(BUREAU), year=2023,
                                report=seed_report, name="2023.pdf")  # fmt: skip
    assert not AnnualReport.objects.exists()
