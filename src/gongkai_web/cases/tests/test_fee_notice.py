"""The 收费通知书 of 国办函〔2020〕109号: method, each tier with quantity and unit, total, how
and by when to pay, the consequence of not paying; a reply providing information waits for
payment or a recorded waiver."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai_web.audit.models import AuditEntry
from gongkai_web.cases import services
from gongkai_web.cases.models import Application, CaseSettings, LetterKind
from gongkai_web.cases.services import CaseError

from .conftest import CALENDAR, PAYMENT
from .test_fees import fresh, in_progress
from .test_letters import text_of

pytestmark = pytest.mark.django_db
D = dt.date


def notified(submit, actors, cast, pages: int = 120) -> Application:  # type: ignore[no-untyped-def]
    application = in_progress(submit(), actors, cast, D(2025, 3, 4))
    services.fee_notice(
        actor=actors["clerk"], application=application, on=D(2025, 3, 5), today=D(2025, 3, 5),
        method="per_page", pages=pages, calendar=CALENDAR,
    )  # fmt: skip
    return fresh(application)


def test_it_itemises_the_fee_and_says_how_and_by_when_to_pay(submit, actors, cast) -> None:
    application = notified(submit, actors, cast)
    text = text_of(application.letters.get(kind=LetterKind.FEE))
    assert "收费方式：按量计收；计费数量：120页。" in text
    assert (
        "收费明细：第1—30页，共30页，免费；第31—100页，共70页，每页10元，计700元；"
        "第101—120页，共20页，每页20元，计400元。合计1100元。"
    ) in text
    # 20 working days from the day after 5 March 2025 (no holiday in between): 2 April.
    assert "请于2025年4月2日前（自收到本通知次日起20个工作日内）缴纳。" in text
    assert f"缴费方式：{PAYMENT}。" in text
    assert "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。" in text


def test_it_sends_no_fee_notice_that_cannot_say_how_to_pay(submit, actors, cast) -> None:
    CaseSettings.objects.filter(agency=cast.agency("新华区教育局")).update(fee_payment="")
    application = in_progress(submit(), actors, cast, D(2025, 3, 4))
    with pytest.raises(CaseError) as refused:
        services.fee_notice(
            actor=actors["clerk"], application=application, on=D(2025, 3, 5),
            today=D(2025, 3, 5), method="per_page", pages=120, calendar=CALENDAR,
        )  # fmt: skip
    assert "信息处理费缴纳方式" in refused.value.message
    assert not fresh(application).letters.filter(kind=LetterKind.FEE).exists()


def approve(application: Application, actors, disposition: str = "granted") -> Application:  # type: ignore[no-untyped-def]
    on = D(2025, 3, 6)
    services.submit_draft(actor=actors["clerk"], application=application, on=on, today=on,
                          disposition=disposition)  # fmt: skip
    services.review(actor=actors["reviewer"], application=fresh(application), on=on, today=on,
                    approve=True)  # fmt: skip
    return fresh(application)


def test_it_does_not_provide_information_while_the_fee_is_unpaid(submit, actors, cast) -> None:
    application = approve(notified(submit, actors, cast), actors)
    with pytest.raises(CaseError) as refused:
        services.sign(actor=actors["leader"], application=application, on=D(2025, 3, 6),
                      today=D(2025, 3, 6))  # fmt: skip
    assert "信息处理费（1100元）尚未缴纳" in refused.value.message
    services.fee_paid(actor=actors["clerk"], application=application, on=D(2025, 3, 7),
                      today=D(2025, 3, 7), receipt="豫非税0001")  # fmt: skip
    letter = services.sign(actor=actors["leader"], application=fresh(application),
                           on=D(2025, 3, 7), today=D(2025, 3, 7))  # fmt: skip
    assert letter is not None


def test_it_signs_after_a_recorded_waiver(submit, actors, cast) -> None:
    application = approve(notified(submit, actors, cast), actors)
    with pytest.raises(CaseError):
        services.fee_waive(actor=actors["clerk"], application=application, on=D(2025, 3, 6),
                           today=D(2025, 3, 6), reason=" ")  # fmt: skip
    reason = "申请人为低保对象，经分管领导批准减免"
    services.fee_waive(actor=actors["clerk"], application=application, on=D(2025, 3, 6),
                       today=D(2025, 3, 6), reason=reason)  # fmt: skip
    application = fresh(application)
    assert application.fee_waived_on == D(2025, 3, 6)
    assert AuditEntry.objects.filter(action="case.fee_waived").count() == 1
    assert application.events.filter(action="fee_waived").exists()
    letter = services.sign(actor=actors["leader"], application=application, on=D(2025, 3, 6),
                           today=D(2025, 3, 6))  # fmt: skip
    assert letter is not None


def test_it_signs_a_withholding_reply_without_waiting_for_the_fee(submit, actors, cast) -> None:
    application = notified(submit, actors, cast)
    on = D(2025, 3, 6)
    services.submit_draft(actor=actors["clerk"], application=application, on=on, today=on,
                          disposition="not_exist")  # fmt: skip
    services.review(actor=actors["reviewer"], application=fresh(application), on=on, today=on,
                    approve=True)  # fmt: skip
    assert services.sign(actor=actors["leader"], application=fresh(application), on=on,
                         today=on) is not None  # fmt: skip
