"""The life of an application through the services, with the clock at each step."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from gongkai.workdays import Pause, PauseKind
from gongkai.workdays.clock import CaseClock
from gongkai_web.audit.models import AuditEntry
from gongkai_web.cases import selectors, services
from gongkai_web.cases.clock import dues
from gongkai_web.cases.models import Application
from gongkai_web.operations.files import read_file

from .conftest import CALENDAR

D = dt.date
pytestmark = pytest.mark.django_db


def docx_text(letter) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(p.text for p in Document(io.BytesIO(read_file(letter.file))).paragraphs)


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def walk_to_in_progress(application, actors, cast):  # type: ignore[no-untyped-def]
    on = D(2025, 3, 3)
    clerk = actors["clerk"]
    services.assign(
        actor=clerk,
        application=application,
        unit=cast.agency("新华区教育局"),
        handler=cast.user("jiaoyu_clerk"),
        on=on,
        today=on,
    )
    services.sign_for(actor=clerk, application=fresh(application), on=on, today=on)
    return fresh(application)


def test_it_files_an_online_application_with_a_receipt_citing_the_due_date(submit) -> None:
    application = submit()
    assert application.state == "registered"
    assert application.tracking_number.startswith("GK20250303")
    receipt = services.receipt(application)
    text = docx_text(receipt)
    due = CaseClock(received=D(2025, 3, 3)).due(CALENDAR)
    assert due == D(2025, 3, 31)
    assert "2025年3月31日前" in text
    assert "第三十三条" in text
    assert AuditEntry.objects.filter(action="case.received", object_id=str(application.pk)).exists()


def test_it_refuses_an_invalid_id_number_with_a_chinese_message(submit) -> None:
    with pytest.raises(services.CaseError, match="校验"):
        submit(id_number="110105194912310021")


def test_it_requires_a_credit_code_for_organisations(submit) -> None:
    with pytest.raises(services.CaseError, match="统一社会信用代码"):
        submit(column="commercial", id_type="resident_id")


def test_it_walks_the_whole_path_with_the_right_due_date_at_each_step(submit, actors, cast) -> None:
    application = walk_to_in_progress(submit(), actors, cast)
    clerk, reviewer, leader = actors["clerk"], actors["reviewer"], actors["leader"]
    assert dues(application, CALENDAR, D(2025, 3, 4)).due == D(2025, 3, 31)

    services.request_correction(
        actor=clerk,
        application=application,
        on=D(2025, 3, 5),
        today=D(2025, 3, 5),
        items="请写明学校名称",
        deadline=D(2025, 3, 20),
        calendar=CALENDAR,
    )
    application = fresh(application)
    assert application.state == "awaiting_correction"
    assert dues(application, CALENDAR, D(2025, 3, 6)).state.value == "awaiting_correction"
    assert "第三十条" in docx_text(application.letters.get(kind="correction"))

    services.receive_correction(
        actor=clerk, application=application, on=D(2025, 3, 10), today=D(2025, 3, 10)
    )
    application = fresh(application)
    assert application.state == "in_progress"
    restarted = CaseClock(received=D(2025, 3, 3), corrected=D(2025, 3, 10)).due(CALENDAR)
    assert dues(application, CALENDAR, D(2025, 3, 10)).due == restarted == D(2025, 4, 8)

    services.start_consultation(
        actor=clerk,
        application=application,
        on=D(2025, 3, 12),
        today=D(2025, 3, 12),
        kind="third_party",
        party="某科技有限公司",
    )
    application = fresh(application)
    stopped = dues(application, CALENDAR, D(2025, 3, 14))
    assert stopped.state.value == "paused" and stopped.due is None
    assert "第三十二条" in docx_text(application.letters.get(kind="consultation"))

    services.end_consultation(
        actor=clerk,
        application=application,
        on=D(2025, 3, 20),
        today=D(2025, 3, 20),
        opinion="不同意公开联系人电话",
    )
    application = fresh(application)
    pause = Pause(PauseKind.THIRD_PARTY, D(2025, 3, 12), D(2025, 3, 20))
    moved = CaseClock(received=D(2025, 3, 3), corrected=D(2025, 3, 10), pauses=(pause,))
    assert dues(application, CALENDAR, D(2025, 3, 20)).due == moved.due(CALENDAR) == D(2025, 4, 16)

    with pytest.raises(services.NotPermitted, match="分管领导"):
        services.extend(
            actor=clerk,
            application=application,
            on=D(2025, 3, 24),
            today=D(2025, 3, 24),
            reason="需要调取档案",
            calendar=CALENDAR,
        )
    services.extend(
        actor=leader,
        application=application,
        on=D(2025, 3, 24),
        today=D(2025, 3, 24),
        reason="需要调取档案",
        calendar=CALENDAR,
    )
    application = fresh(application)
    extended = CaseClock(
        received=D(2025, 3, 3), corrected=D(2025, 3, 10), pauses=(pause,), extended=True
    )
    assert dues(application, CALENDAR, D(2025, 3, 24)).due == extended.due(CALENDAR)
    assert "2025年5月" in docx_text(application.letters.get(kind="extension"))

    services.submit_draft(
        actor=clerk,
        application=application,
        on=D(2025, 4, 7),
        today=D(2025, 4, 7),
        disposition="partial",
        reason="涉及第三方个人信息",
        withheld=[("联系人电话", "privacy")],
        provision_note="通过电子邮件提供",
    )
    application = fresh(application)
    with pytest.raises(services.NotPermitted, match="拟稿人以外"):
        services.review(
            actor=clerk,
            application=application,
            on=D(2025, 4, 7),
            today=D(2025, 4, 7),
            approve=True,
        )
    services.review(
        actor=reviewer, application=application, on=D(2025, 4, 8), today=D(2025, 4, 8), approve=True
    )
    letter = services.sign(
        actor=leader, application=fresh(application), on=D(2025, 4, 9), today=D(2025, 4, 9)
    )
    application = fresh(application)
    assert application.state == "replied"
    assert application.outcome_row == "partial"
    assert letter is not None and letter.number == "新公复〔2025〕1号"
    text = docx_text(letter)
    assert "第三十七条" in text
    # The withheld part is a 不予公开 decision: 复议前置 (行政复议法 Art. 23).
    assert "60日内向新华区人民政府申请行政复议" in text and "应当先申请行政复议" in text
    assert "2025年3月3日" in text

    with pytest.raises(services.CaseError, match="送达"):
        services.archive(
            actor=clerk, application=application, on=D(2025, 4, 10), today=D(2025, 4, 10)
        )
    services.deliver(
        actor=clerk,
        application=application,
        on=D(2025, 4, 10),
        today=D(2025, 4, 10),
        channel="email",
        proof="已发送至 zhangsan@example.com",
    )
    services.archive(
        actor=clerk, application=fresh(application), on=D(2025, 4, 11), today=D(2025, 4, 11)
    )
    application = fresh(application)
    assert application.state == "archived"
    table = selectors.table3(application.agency, 2025)
    assert table["new"][0] == 1 and table["partial"][0] == 1 and table["total"][6] == 1
    assert sum(table["carry_next"]) == 0
    actions = set(
        AuditEntry.objects.filter(
            object_id=str(application.pk), object_type="cases.application"
        ).values_list("action", flat=True)
    )
    assert {
        "case.assign",
        "case.request_correction",
        "case.extend",
        "case.sign",
        "case.archive",
    } <= actions


def test_it_refuses_an_illegal_move_with_a_named_error(submit, actors) -> None:
    application = submit()
    with pytest.raises(services.CaseError, match="不能“审核通过”。可进行的操作"):
        services.review(
            actor=actors["reviewer"],
            application=application,
            on=D(2025, 3, 3),
            today=D(2025, 3, 3),
            approve=True,
        )


def test_it_numbers_letters_per_agency_and_year(submit, actors, cast) -> None:
    numbers = []
    for _ in range(2):
        application = walk_to_in_progress(submit(), actors, cast)
        services.extend(
            actor=actors["leader"],
            application=application,
            on=D(2025, 3, 4),
            today=D(2025, 3, 4),
            reason="材料较多",
            calendar=CALENDAR,
        )
        numbers.append(fresh(application).letters.get(kind="extension").number)
    assert numbers == ["新公延〔2025〕1号", "新公延〔2025〕2号"]


def test_it_closes_as_other_2_when_the_fee_is_not_paid_in_20_working_days(
    submit, actors, cast
) -> None:
    application = walk_to_in_progress(submit(), actors, cast)
    clerk = actors["clerk"]
    services.fee_notice(
        actor=clerk,
        application=application,
        on=D(2025, 3, 5),
        today=D(2025, 3, 5),
        method="per_page",
        pages=250,
        calendar=CALENDAR,
    )
    application = fresh(application)
    assert application.fee_amount == 4700
    assert "4700元" in docx_text(application.letters.get(kind="fee"))
    with pytest.raises(services.CaseError, match="缴费期限至 2025-04-02"):
        services.close_fee_unpaid(
            actor=clerk,
            application=application,
            on=D(2025, 4, 2),
            today=D(2025, 4, 2),
            calendar=CALENDAR,
        )
    services.close_fee_unpaid(
        actor=clerk,
        application=application,
        on=D(2025, 4, 3),
        today=D(2025, 4, 3),
        calendar=CALENDAR,
    )
    application = fresh(application)
    assert (application.state, application.outcome_row) == ("closed", "other_2")


def test_it_needs_a_reason_to_withdraw_and_counts_it_as_other_3(submit, actors) -> None:
    application = submit()
    with pytest.raises(services.CaseError, match="撤回"):
        services.withdraw(
            actor=actors["clerk"],
            application=application,
            on=D(2025, 3, 4),
            today=D(2025, 3, 4),
            reason=" ",
        )
    services.withdraw(
        actor=actors["clerk"],
        application=application,
        on=D(2025, 3, 4),
        today=D(2025, 3, 4),
        reason="申请人书面撤回",
    )
    assert fresh(application).outcome_row == "other_3"


def test_it_does_not_flag_a_stopped_clock_as_overdue(submit, actors, cast) -> None:
    application = walk_to_in_progress(submit(), actors, cast)
    services.start_consultation(
        actor=actors["clerk"],
        application=application,
        on=D(2025, 3, 20),
        today=D(2025, 3, 20),
        kind="other_agency",
        party="区财政局",
    )
    application = fresh(application)
    assert dues(application, CALENDAR, D(2025, 5, 30)).state.value == "paused"
    assert selectors.supervision([application.agency], CALENDAR, D(2025, 5, 30)) == []


def test_it_lists_overdue_applications_for_supervision(submit) -> None:
    application = submit()
    rows = selectors.supervision([application.agency], CALENDAR, D(2025, 4, 1))
    assert [(a.pk, d.state.value) for a, d in rows] == [(application.pk, "overdue")]


def test_it_refuses_the_signature_of_the_person_who_drafted_the_reply(submit, actors, cast) -> None:
    from gongkai_web.audit.services import SYSTEM
    from gongkai_web.organizations import services as organizations

    # A leader who also handles cases (a small office) drafts the reply and may not sign it.
    leader = actors["leader"]
    organizations.grant_role(
        actor=SYSTEM, user=leader.user, agency=cast.agency("新华区教育局"), role="clerk"
    )
    application = walk_to_in_progress(submit(), actors, cast)
    on = D(2025, 3, 5)
    services.submit_draft(
        actor=leader, application=application, on=on, today=on, disposition="granted"
    )
    services.review(
        actor=actors["reviewer"], application=fresh(application), on=on, today=on, approve=True
    )
    assert fresh(application).state == "awaiting_signature"
    with pytest.raises(services.NotPermitted, match="签发须由拟稿人、审核人以外的分管领导办理"):
        services.sign(actor=leader, application=fresh(application), on=on, today=on)
    application = fresh(application)
    assert (application.state, application.signed_by, application.closed_on) == (
        "awaiting_signature",
        None,
        None,
    )
    assert not application.letters.filter(kind="reply").exists()
