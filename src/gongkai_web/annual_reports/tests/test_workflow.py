import pytest

from gongkai_web.annual_reports import checks, services
from gongkai_web.annual_reports.models import AnnualReport, Comment, ReportStatus
from gongkai_web.annual_reports.selectors import as_report, published_reports
from gongkai_web.annual_reports.tests.conftest import AFTER_YEAR, BUREAU
from gongkai_web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast, actors):
    stored = services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=AFTER_YEAR
    )
    for finding in services.findings(stored):
        services.acknowledge(
            actor=actors["clerk"],
            stored=stored,
            key=checks.finding_key(finding),
            text="已核实，无需修改。",
        )
    return AnnualReport.objects.get(pk=stored.pk)


def test_it_goes_from_draft_to_published_by_three_different_people(actors, draft):
    stored = services.submit(actor=actors["clerk"], stored=draft)
    stored = services.review(actor=actors["reviewer"], stored=stored)
    stored = services.sign(actor=actors["leader"], stored=stored)
    stored = services.publish(actor=actors["clerk"], stored=stored)

    assert stored.status == ReportStatus.PUBLISHED
    assert list(published_reports()) == [stored]
    assert as_report(stored).published_on is not None
    actions = list(
        AuditEntry.objects.filter(object_id=str(stored.pk)).values_list("action", flat=True)
    )
    for step in ("create", "submit", "review", "sign", "publish"):
        assert f"annual_report.{step}" in actions


def test_it_refuses_a_reviewer_who_also_submitted(cast, actors, draft):
    from gongkai_web.organizations.models import Role, RoleGrant

    clerk = actors["clerk"]
    RoleGrant.objects.create(
        user=clerk.user, agency=cast.agency(BUREAU), role=Role.REVIEWER, granted_at=AFTER_YEAR
    )
    from gongkai_web.organizations.permissions import forget_grants

    forget_grants(clerk.user)
    stored = services.submit(actor=clerk, stored=draft)

    with pytest.raises(services.ReportRefused, match="不同的人"):
        services.review(actor=clerk, stored=stored)


def test_it_refuses_to_skip_a_step(actors, draft):
    with pytest.raises(services.ReportRefused):
        services.sign(actor=actors["leader"], stored=draft)
    with pytest.raises(services.ReportRefused, match="不能从"):
        services.publish(actor=actors["clerk"], stored=draft)
    assert AnnualReport.objects.get().status == ReportStatus.DRAFT


def test_it_blocks_on_an_error_until_it_is_fixed(actors, draft):
    broken = services.correct_cell(
        actor=actors["clerk"],
        stored=draft,
        cell="table3.new[0]",
        value="3",
        reason="演示：人工录入的错误数字",
    )
    errors = [f for f in services.findings(broken) if f.severity == "error"]
    assert {f.rule for f in errors} >= {"T3-BALANCE"}

    with pytest.raises(services.ReportRefused, match="错误未解决"):
        services.submit(actor=actors["clerk"], stored=broken)

    fixed = services.correct_cell(
        actor=actors["clerk"],
        stored=broken,
        cell="table3.new[0]",
        value="0",
        reason="恢复为记录中的数字",
    )
    assert services.submit(actor=actors["clerk"], stored=fixed).status == ReportStatus.SUBMITTED


def test_it_requires_a_written_acknowledgement_of_each_warning(cast, actors):
    stored = services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=AFTER_YEAR
    )
    stored = services.save_narrative(actor=actors["clerk"], stored=stored, parts={"preamble": ""})
    warning = next(f for f in services.findings(stored) if f.rule == "R9")

    with pytest.raises(services.ReportRefused, match="警告未书面确认"):
        services.submit(actor=actors["clerk"], stored=stored)
    with pytest.raises(services.ReportRefused, match="确认理由"):
        services.acknowledge(
            actor=actors["clerk"], stored=stored, key=checks.finding_key(warning), text="好"
        )


def test_it_lets_the_supervisor_send_a_submitted_report_back_with_a_note(actors, draft):
    stored = services.submit(actor=actors["clerk"], stored=draft)

    stored = services.send_back(actor=actors["supervisor"], stored=stored, note="表三请核对。")

    assert stored.status == ReportStatus.DRAFT
    assert Comment.objects.get().text == "表三请核对。"


def test_it_keeps_a_sent_report_from_being_edited(actors, draft):
    stored = services.submit(actor=actors["clerk"], stored=draft)

    with pytest.raises(services.ReportRefused, match="只有草稿可以修改"):
        services.save_narrative(actor=actors["clerk"], stored=stored, parts={"other": "改"})
