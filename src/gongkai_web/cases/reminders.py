"""Daily reminders of applications due soon or overdue: by e-mail (Django's mail backend) to
the handler — or, while nobody has been given the case, to the clerks (登记员/承办人) of the unit
holding it, so an unassigned case does not go overdue unnoticed — and through a pluggable SMS
sender.

GONGKAI_SMS_BACKEND names a class with ``send(phone: str, text: str) -> None``; the default
only logs, so nothing leaves the machine until an agency plugs in its SMS gateway.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from gongkai.workdays import Calendar
from gongkai_web.accounts.models import Profile
from gongkai_web.cases import selectors
from gongkai_web.cases.clock import Dues
from gongkai_web.cases.models import Application
from gongkai_web.organizations.models import Agency, Role

log = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LoggingSms:
    """Writes each message to the log instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone[:3] + "****" + phone[-4:], text)


def sms_sender() -> SmsSender:
    path = getattr(settings, "GONGKAI_SMS_BACKEND", "gongkai_web.cases.reminders.LoggingSms")
    sender: SmsSender = import_string(path)()
    return sender


@dataclass(frozen=True)
class Sent:
    emails: int
    sms: int


def message(application: Application, d: Dues) -> str:
    when = f"答复期限 {d.due.isoformat()}" if d.due else "答复期限待定"
    return (
        f"【{d.flag}】政府信息公开申请 {application.tracking_number}"
        f"（{application.applicant_name}，收到于 {application.received_on.isoformat()}）"
        f"{when}，剩余 {d.days_left} 个工作日。"
    )


def send_reminders(
    agencies: Iterable[Agency], calendar: Calendar, today: dt.date, sms: SmsSender | None = None
) -> Sent:
    sender = sms or sms_sender()
    emails = texts = 0
    for application, d in selectors.supervision(list(agencies), calendar, today):
        text = message(application, d)
        for person in recipients(application):
            if person.email:
                send_mail(
                    f"[{d.flag}] 政府信息公开申请 {application.tracking_number}",
                    text,
                    None,
                    [person.email],
                )
                emails += 1
            phone = Profile.objects.filter(user=person).values_list("phone", flat=True).first()
            if phone:
                sender.send(phone, text)
                texts += 1
    return Sent(emails, texts)


def recipients(application: Application) -> list[User]:
    if application.handler is not None:
        return [application.handler]
    unit = application.handling_unit or application.agency
    return list(
        User.objects.filter(
            is_active=True, role_grants__agency=unit, role_grants__role=Role.CLERK
        ).distinct()
    )
