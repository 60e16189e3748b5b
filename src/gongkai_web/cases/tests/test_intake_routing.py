"""Intake routing: 转信访 / 转12345 / 投诉 / 举报 as a recorded hand-off with its 不予处理告知书,
counted once in table 三 row 信访举报投诉类申请; and the channel 来自12345, whose clock starts
when the hotline hands the ticket over."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.workdays.clock import CaseClock
from gongkai_web.annual_reports.providers import cases as provider
from gongkai_web.cases import selectors, services
from gongkai_web.cases.clock import dues
from gongkai_web.cases.models import Application, Handoff, HotlineTicket

from .conftest import BUREAU, CALENDAR, person
from .test_workflow import docx_text

pytestmark = pytest.mark.django_db
D = dt.date
ON = D(2025, 3, 4)


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def hand_off(application: Application, actor, **changes: str):  # type: ignore[no-untyped-def]
    fields = {"route": "hotline", "receiver": "新华区12345政务服务便民热线"} | changes
    return services.hand_off(actor=actor, application=fresh(application), on=ON, today=ON, **fields)


def review_and_sign(application: Application, actors):  # type: ignore[no-untyped-def]
    services.review(actor=actors["reviewer"], application=fresh(application), on=ON, today=ON,
                    approve=True)  # fmt: skip
    return services.sign(actor=actors["leader"], application=fresh(application), on=ON, today=ON)


def test_it_hands_off_to_12345_with_its_notice_and_counts_once_as_a_petition(
    submit, actors, cast
) -> None:
    application = submit(description="投诉某培训机构收费过高，要求查处")
    hand_off(application, actors["clerk"], reference="GD2025030400012")
    assert fresh(application).state == "awaiting_review"  # the 告知书 is reviewed and signed
    letter = review_and_sign(application, actors)
    application = fresh(application)
    assert (application.state, application.outcome_row) == ("replied", "noprocess_1")
    text = docx_text(letter)
    assert "不予处理告知书" in letter.title
    assert "不作为政府信息公开申请处理" in text
    assert (
        "12345政务服务便民热线转交新华区12345政务服务便民热线办理（编号：GD2025030400012）" in text
    )
    table = selectors.table3(cast.agency(BUREAU), 2025)
    assert table["noprocess_1"][0] == 1
    assert table["total"][6] == 1  # once, in that row only
    assert (
        sum(int(table[key][6] or 0) for key in table if key not in ("new", "total", "noprocess_1"))
        == 0
    )
    assert application.events.filter(action="hand_off").count() == 1
    # The annual report's table 三, built record by record, lists it in that row alone.
    figures = provider.table3_4(cast.agency(BUREAU), 2025, timezone.now()).figures
    listed = [cell for cell, figure in figures.items() if figure.refs and cell.startswith("table3")]
    assert sorted(listed) == [
        "table3.new[0]", "table3.new[6]", "table3.noprocess_1[0]", "table3.noprocess_1[6]",
        "table3.total[0]", "table3.total[6]",
    ]  # fmt: skip
    assert figures["table3.noprocess_1[6]"].value == 1


def test_it_records_who_takes_a_petition_and_names_it_in_the_letter(submit, actors) -> None:
    application = submit(description="反映学校周边交通拥堵，请求解决")
    record = hand_off(application, actors["clerk"], route="petition", receiver="新华区信访局")
    assert (record.route, record.receiver, record.recorded_by) == (
        "petition", "新华区信访局", actors["clerk"].user,
    )  # fmt: skip
    text = docx_text(review_and_sign(application, actors))
    assert "已通过信访渠道转交新华区信访局办理" in text


def test_it_resumes_a_hand_off_sent_back_and_forgets_it_once_redrafted(
    submit, actors, cast
) -> None:
    application = submit()
    hand_off(application, actors["clerk"])
    services.review(actor=actors["reviewer"], application=fresh(application), on=ON, today=ON,
                    approve=False, note="属于依申请公开，请按申请办理")  # fmt: skip
    assert fresh(application).state == "registered"  # nobody had signed for it yet
    services.assign(actor=actors["clerk"], application=fresh(application), on=ON, today=ON,
                    unit=cast.agency(BUREAU), handler=cast.user("jiaoyu_clerk"))  # fmt: skip
    services.sign_for(actor=actors["clerk"], application=fresh(application), on=ON, today=ON)
    services.submit_draft(actor=actors["clerk"], application=fresh(application), on=ON, today=ON,
                          disposition="granted")  # fmt: skip
    assert not Handoff.objects.filter(application=application).exists()
    review_and_sign(application, actors)
    assert fresh(application).outcome_row == "granted"


def test_it_refuses_a_hand_off_without_a_receiver_or_by_another_agency(submit, actors) -> None:
    application = submit()
    with pytest.raises(services.CaseError, match="接收单位"):
        hand_off(application, actors["clerk"], receiver=" ")
    with pytest.raises(services.CaseError, match="转交渠道"):
        hand_off(application, actors["clerk"], route="mayor")
    with pytest.raises(services.NotPermitted):
        hand_off(application, actors["other_clerk"])
    assert fresh(application).state == "registered"
    assert not Handoff.objects.exists()


CALLED = D(2025, 2, 27)


def register_from_hotline(actors, cast, number: str = "GD20250303001", called: D = CALLED):  # type: ignore[no-untyped-def]
    return services.receive(
        actor=actors["clerk"], agency=cast.agency(BUREAU), applicant=person(), channel="hotline",
        received_on=D(2025, 3, 3), today=D(2025, 3, 3), calendar=CALENDAR,
        hotline=services.Hotline(number=number, called_on=called),
    )  # fmt: skip


def test_it_starts_the_clock_of_a_12345_request_when_the_agency_receives_it(actors, cast) -> None:
    application = register_from_hotline(actors, cast)
    ticket = HotlineTicket.objects.get(application=application)
    assert (ticket.number, ticket.called_on) == ("GD20250303001", D(2025, 2, 27))
    due = dues(application, CALENDAR, D(2025, 3, 3)).due
    assert due == CaseClock(received=D(2025, 3, 3)).due(CALENDAR) == D(2025, 3, 31)
    assert due != CaseClock(received=D(2025, 2, 27)).due(CALENDAR)
    receipt = docx_text(services.receipt(application, CALENDAR))
    assert "2025年3月3日收到您通过12345政务服务便民热线提交" in receipt
    assert "2025年3月31日前" in receipt


def test_it_refuses_a_12345_request_without_its_ticket_twice_or_before_the_call(
    actors, cast
) -> None:
    register_from_hotline(actors, cast)
    with pytest.raises(services.CaseError, match="已登记为申请"):
        register_from_hotline(actors, cast)
    with pytest.raises(services.CaseError, match="热线受理日期"):
        register_from_hotline(actors, cast, number="GD2", called=D(2025, 3, 4))
    with pytest.raises(services.CaseError, match="12345工单号"):
        register_from_hotline(actors, cast, number=" ")
    with pytest.raises(services.CaseError, match="只有渠道为“来自12345”"):
        services.receive(
            actor=actors["clerk"], agency=cast.agency(BUREAU), applicant=person(),
            channel="in_person", received_on=D(2025, 3, 3), today=D(2025, 3, 3),
            calendar=CALENDAR, hotline=services.Hotline(number="GD3", called_on=D(2025, 3, 3)),
        )  # fmt: skip
    assert Application.objects.count() == 1


def test_it_hands_a_12345_request_back_under_its_own_ticket(actors, cast) -> None:
    application = register_from_hotline(actors, cast)
    record = hand_off(application, actors["clerk"])
    assert record.reference == "GD20250303001"


def test_it_registers_a_12345_request_from_the_clerks_form(cast, login_as) -> None:
    client = login_as("jiaoyu_clerk")
    payload = {
        "agency": cast.agency(BUREAU).pk, "channel": "hotline", "received_on": "2025-03-03",
        "hotline_ticket": "GD9", "hotline_called_on": "2025-02-28",
        "applicant_column": "natural_person", "name": "张三", "id_type": "resident_id",
        "id_number": "11010519491231002X", "phone": "13800138000",
        "description": "2025年招生划片范围", "provision_form": "paper", "delivery": "collect",
    }  # fmt: skip
    response = client.post("/cases/register/", payload)
    application = Application.objects.get()
    assert response.status_code == 302
    assert (application.channel, application.received_on) == ("hotline", D(2025, 3, 3))
    page = client.get(f"/cases/{application.pk}/").content.decode()
    assert "来自12345" in page and "GD9" in page
    missing = client.post("/cases/register/", payload | {"hotline_ticket": ""})
    assert "12345工单号" in missing.content.decode()
    assert Application.objects.count() == 1
