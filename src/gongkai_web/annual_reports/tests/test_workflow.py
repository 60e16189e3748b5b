"""The annual report's lifecycle (Art. 49) by the table gongkai.workflow.tables.annual_report:
compiled, reviewed and signed by three people, blocked while a rule fails, and never stuck."""

from dataclasses import replace

import pytest
from django.urls import reverse

from gongkai.workflow.tables.annual_report import ReportState
from gongkai_web.annual_reports import checks, services
from gongkai_web.annual_reports.models import AnnualReport, Comment, ReportEvent
from gongkai_web.annual_reports.selectors import as_report, published_reports
from gongkai_web.annual_reports.tests.conftest import AFTER_YEAR, BUREAU, PUBLISHED_ON
from gongkai_web.annual_reports.workflow import REPORT
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import SYSTEM, Actor
from gongkai_web.organizations import services as org
from gongkai_web.organizations.models import Role
from gongkai_web.workflow import services as workflow

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


def _grant(cast, username, role):
    org.grant_role(actor=SYSTEM, user=cast.user(username), agency=cast.agency(BUREAU), role=role)


def test_it_goes_from_draft_to_published_by_three_different_people(actors, draft):
    stored = services.submit(actor=actors["clerk"], stored=draft)
    stored = services.review(actor=actors["reviewer"], stored=stored)
    stored = services.sign(actor=actors["leader"], stored=stored)
    stored = services.publish(actor=actors["clerk"], stored=stored, today=PUBLISHED_ON)

    assert stored.status == ReportState.PUBLISHED
    assert list(published_reports()) == [stored]
    assert as_report(stored).published_on == PUBLISHED_ON
    assert stored.published_at is not None and stored.published_at.date() == PUBLISHED_ON
    signed = ReportEvent.objects.filter(record=stored).exclude(slot="")
    assert [(e.round, e.slot, e.actor_name) for e in signed] == [
        (1, "compiled", "王登记"),
        (1, "reviewed", "李审核"),
        (1, "signed", "赵领导"),
    ]
    actions = list(
        AuditEntry.objects.filter(object_id=str(stored.pk), action__startswith="annual_report.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[0] == "annual_report.create"
    assert actions[-4:] == [f"annual_report.{a}" for a in ("submit", "review", "sign", "publish")]


def test_it_refuses_a_reviewer_who_also_compiled(cast, actors, draft):
    _grant(cast, "jiaoyu_clerk", Role.REVIEWER)
    stored = services.submit(actor=actors["clerk"], stored=draft)

    with pytest.raises(services.ReportRefused, match="审核须由编制人以外的审核人办理：您已签署"):
        services.review(actor=actors["clerk"], stored=stored)
    assert AnnualReport.objects.get().status == ReportState.SUBMITTED


def test_it_refuses_a_leader_signing_what_he_reviewed(cast, actors, draft):
    _grant(cast, "jiaoyu_leader", Role.REVIEWER)
    stored = services.submit(actor=actors["clerk"], stored=draft)
    stored = services.review(actor=actors["leader"], stored=stored)

    with pytest.raises(services.ReportRefused, match="您已签署审核"):
        services.sign(actor=actors["leader"], stored=stored)


def test_it_refuses_to_skip_a_step_and_says_what_may_be_done(actors, draft):
    with pytest.raises(services.ReportRefused, match="不能“签发”。可进行的操作：提交审核"):
        services.sign(actor=actors["leader"], stored=draft)
    with pytest.raises(services.ReportRefused, match="不能“公开”"):
        services.publish(actor=actors["clerk"], stored=draft)
    with pytest.raises(services.ReportRefused, match="编制须由登记员/承办人办理"):
        services.submit(actor=actors["reviewer"], stored=draft)
    assert AnnualReport.objects.get().status == ReportState.DRAFT


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

    with pytest.raises(services.ReportRefused, match="前须先处理报告校验规则：错误未解决"):
        services.submit(actor=actors["clerk"], stored=broken)

    fixed = services.correct_cell(
        actor=actors["clerk"],
        stored=broken,
        cell="table3.new[0]",
        value="0",
        reason="恢复为记录中的数字",
    )
    assert services.submit(actor=actors["clerk"], stored=fixed).status == ReportState.SUBMITTED


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
    for finding in services.findings(stored):
        key = checks.finding_key(finding)
        stored = services.acknowledge(
            actor=actors["clerk"], stored=stored, key=key, text="已核实。"
        )
    assert services.submit(actor=actors["clerk"], stored=stored).status == ReportState.SUBMITTED


def test_it_blocks_the_review_when_last_years_report_disagrees_until_sent_back_and_fixed(
    cast, actors, draft, seed_report
):
    stored = services.submit(actor=actors["clerk"], stored=draft)
    # Last year's report, imported meanwhile, carried two applications into 2024.
    last_year = replace(seed_report, year=2023).with_cell("table3.carry_next[0]", 2)
    last_year = last_year.with_cell("table3.carry_next[6]", 2)
    services.store_imported(actor=actors["clerk"], agency=cast.agency(BUREAU), year=2023,
                            report=last_year, name="2023.html")  # fmt: skip

    with pytest.raises(services.ReportRefused, match=r"审核通过”前须先处理报告校验规则.*上年结转"):
        services.review(actor=actors["reviewer"], stored=stored)

    stored = services.send_back(actor=actors["reviewer"], stored=stored, note="表三上年结转不符")
    # The two applications are still open: carried in, and carried on to 2025.
    for cell in ("table3.carried[0]", "table3.carried[6]", "table3.carry_next[0]",
                 "table3.carry_next[6]"):  # fmt: skip
        stored = services.correct_cell(actor=actors["clerk"], stored=stored, cell=cell,
                                       value="2", reason="按2023年报告结转数更正")  # fmt: skip
    for finding in services.findings(stored):
        key = checks.finding_key(finding)
        stored = services.acknowledge(
            actor=actors["clerk"], stored=stored, key=key, text="已核实。"
        )
    stored = services.submit(actor=actors["clerk"], stored=stored)
    stored = services.review(actor=actors["reviewer"], stored=stored)

    assert (stored.status, stored.review_round) == (ReportState.REVIEWED, 2)


def test_it_lets_the_supervisor_above_send_a_submitted_report_back_with_a_note(actors, draft):
    stored = services.submit(actor=actors["clerk"], stored=draft)

    with pytest.raises(services.ReportRefused, match="须写明退回理由"):
        services.send_back(actor=actors["supervisor"], stored=stored, note=" ")
    stored = services.send_back(actor=actors["supervisor"], stored=stored, note="表三请核对。")

    assert stored.status == ReportState.DRAFT
    assert Comment.objects.get().text == "表三请核对。"
    back = ReportEvent.objects.get(action="send_back")
    assert (back.actor_name, back.note) == ("周公开", "表三请核对。")


def test_it_refuses_a_send_back_by_another_agencys_clerk(actors, draft):
    stored = services.submit(actor=actors["clerk"], stored=draft)

    with pytest.raises(services.ReportRefused, match="须由审核人或分管领导或上级政务公开办办理"):
        services.send_back(actor=actors["other_clerk"], stored=stored, note="不对")


def test_it_lets_the_compiler_recall_the_report_until_it_is_signed(actors, draft):
    stored = services.submit(actor=actors["clerk"], stored=draft)
    with pytest.raises(services.ReportRefused, match="“撤回”须由拟稿人办理"):
        services.recall(actor=actors["reviewer"], stored=stored)

    stored = services.recall(actor=actors["clerk"], stored=stored, note="补充正文")
    assert stored.status == ReportState.DRAFT

    stored = services.submit(actor=actors["clerk"], stored=stored)
    stored = services.review(actor=actors["reviewer"], stored=stored)
    stored = services.recall(actor=actors["clerk"], stored=stored)
    stored = services.submit(actor=actors["clerk"], stored=stored)
    stored = services.review(actor=actors["reviewer"], stored=stored)
    stored = services.sign(actor=actors["leader"], stored=stored)
    with pytest.raises(services.ReportRefused, match="不能“撤回”"):
        services.recall(actor=actors["clerk"], stored=stored)
    # Once signed, only a return by the reviewer or the leader takes it back.
    assert services.send_back(actor=actors["leader"], stored=stored, note="更正").status == "draft"


def test_it_keeps_a_sent_report_from_being_edited(actors, draft):
    stored = services.submit(actor=actors["clerk"], stored=draft)

    with pytest.raises(services.ReportRefused, match="只有草稿可以修改"):
        services.save_narrative(actor=actors["clerk"], stored=stored, parts={"other": "改"})


def test_it_refuses_a_double_submission(actors, draft):
    shown = REPORT.last_event_id(draft)
    services.submit(actor=actors["clerk"], stored=draft, expected=shown)

    with pytest.raises(services.ReportRefused, match="已有人办理，现为“待审核”"):
        services.submit(actor=actors["clerk"], stored=draft, expected=shown)
    assert ReportEvent.objects.filter(action="submit").count() == 1


def test_it_has_the_leader_designate_a_reviewer_when_the_only_one_compiled(
    cast, actors, login_as, draft
):
    # The bureau's only 审核人 compiled the report himself: nobody may review it.
    _grant(cast, "jiaoyu_reviewer", Role.CLERK)
    stored = services.submit(actor=actors["reviewer"], stored=draft)
    page = login_as("jiaoyu_leader").get(reverse("annual_reports:work", args=[stored.pk]))
    assert "审核须由编制人以外的审核人办理；本机关目前没有符合条件的人员，请分管领导指定办理人" in (
        page.content.decode()
    )
    editor = cast.user("jiaoyu_editor")
    with pytest.raises(services.ReportRefused, match="审核须由编制人以外的审核人办理"):
        services.review(actor=Actor(editor, "clerk", cast.agency(BUREAU)), stored=stored)

    stored = services.move(actor=actors["leader"], stored=stored, action="designate",
                           slot="reviewed", designee=editor.pk)  # fmt: skip
    stored = services.review(actor=Actor(editor, "clerk", cast.agency(BUREAU)), stored=stored)
    stored = services.sign(actor=actors["leader"], stored=stored)

    assert stored.status == ReportState.SIGNED
    signers = workflow.round_view(REPORT, stored)[0]
    assert {k: s.name for k, s in signers.items()} == {
        "compiled": "李审核", "reviewed": "陈编辑", "signed": "赵领导",
    }  # fmt: skip


def test_it_shows_the_steps_and_the_viewers_moves_on_the_report_page(actors, login_as, draft):
    services.submit(actor=actors["clerk"], stored=draft)

    page = login_as("jiaoyu_reviewer").get(reverse("annual_reports:work", args=[draft.pk]))
    html = page.content.decode()

    assert 'data-workflow="annual_report"' in html and "待审核" in html
    assert 'data-action="review"' in html and 'data-action="send_back"' in html
    assert 'data-action="recall"' not in html  # the compiler's, not the reviewer's
    assert "待审核：可由李审核办理" in html
    done = login_as("jiaoyu_reviewer").post(
        reverse("workflow:move", args=["annual_report", draft.pk]),
        {"action": "review", "expected": REPORT.last_event_id(draft)},
        follow=True,
    )
    assert "已审核通过" in done.content.decode()
    assert AnnualReport.objects.get().status == ReportState.REVIEWED
