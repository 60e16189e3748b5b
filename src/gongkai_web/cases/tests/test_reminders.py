"""The daily reminder: e-mail and SMS for due-soon and overdue cases, none for stopped ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from gongkai_web.accounts.models import Profile
from gongkai_web.cases import reminders, services

from .conftest import CALENDAR

pytestmark = pytest.mark.django_db
D = dt.date


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))


def test_it_reminds_the_handler_by_mail_and_sms(submit, actors, cast) -> None:
    clerk = cast.user("jiaoyu_clerk")
    clerk.email = "clerk@example.gov.cn"
    clerk.save()
    Profile.objects.filter(user=clerk).update(phone="13700000000")
    application = submit()
    services.assign(
        actor=actors["clerk"],
        application=application,
        unit=cast.agency("新华区教育局"),
        handler=clerk,
        on=D(2025, 3, 3),
        today=D(2025, 3, 3),
    )
    sms = Recorder()
    sent = reminders.send_reminders([application.agency], CALENDAR, D(2025, 3, 26), sms)
    assert sent == reminders.Sent(emails=1, sms=1)
    assert "即将到期" in mail.outbox[0].subject
    assert "2025-03-31" in mail.outbox[0].body
    assert sms.sent[0][0] == "13700000000"
    sent = reminders.send_reminders([application.agency], CALENDAR, D(2025, 3, 10), sms)
    assert sent == reminders.Sent(0, 0)


def test_it_logs_sms_by_default_and_says_they_are_not_sent(caplog) -> None:
    with caplog.at_level("INFO"):
        result = reminders.sms_sender().send("13700000000", "测试")
    assert "137****0000" in caplog.text
    assert result is not None
    assert result.delivery.label == "未发送（未配置短信网关）"


def test_it_reminds_the_agencys_clerks_while_nobody_has_the_case(submit, cast) -> None:
    clerk = cast.user("jiaoyu_clerk")
    clerk.email = "clerk@example.gov.cn"
    clerk.save()
    application = submit()  # registered, not yet given to anyone
    assert application.handler is None
    sent = reminders.send_reminders([application.agency], CALENDAR, D(2025, 3, 26), Recorder())
    assert sent.emails >= 1
    assert "clerk@example.gov.cn" in [m.to[0] for m in mail.outbox]
    people = reminders.recipients(application)
    assert clerk in people and cast.user("jiaoyu_reviewer") not in people
