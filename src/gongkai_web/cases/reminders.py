"""Daily reminders of applications due soon or overdue: by e-mail (Django's mail backend) to
the handler — or, while nobody has been given the case, to the clerks (登记员/承办人) of the unit
holding it, so an unassigned case does not go overdue unnoticed — and through the SMS sender
of cases.sms. The counts say what happened to each message: sent, failed, or not sent because
no SMS gateway is configured (the default sender only logs).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.mail import send_mail

from gongkai.workdays import Calendar
from gongkai_web.accounts.models import Profile
from gongkai_web.cases import selectors
from gongkai_web.cases.clock import Dues
from gongkai_web.cases.models import Application
from gongkai_web.cases.sms import Delivery, LoggingSms, SmsSender, deliver, masked, sms_sender
from gongkai_web.organizations.models import Agency, Role

log = logging.getLogger(__name__)


__all__ = ["LoggingSms", "Sent", "SmsSender", "send_reminders", "sms_sender"]


@dataclass(frozen=True)
class Sent:
    emails: int
    sms: int  # sent: the gateway accepted them
    sms_failed: int = 0
    sms_not_sent: int = 0  # no gateway configured: written to the log only
    emails_failed: int = 0
    failures: tuple[str, ...] = field(default=(), compare=False)  # one line per failed message

    def summary(self) -> str:
        parts = [f"邮件已发送 {self.emails} 封"]
        if self.emails_failed:
            parts.append(f"发送失败 {self.emails_failed} 封")
        parts.append(f"短信已发送 {self.sms} 条")
        if self.sms_failed:
            parts.append(f"发送失败 {self.sms_failed} 条")
        if self.sms_not_sent:
            parts.append(f"{self.sms_not_sent} 条{Delivery.NOT_SENT.label}")
        return "，".join(parts)


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
    emails = emails_failed = 0
    texts = {d: 0 for d in Delivery}
    failures: list[str] = []
    for application, d in selectors.supervision(list(agencies), calendar, today):
        text = message(application, d)
        for person in recipients(application):
            if person.email:
                try:
                    send_mail(
                        f"[{d.flag}] 政府信息公开申请 {application.tracking_number}",
                        text,
                        None,
                        [person.email],
                    )
                except Exception as exc:  # one unreachable address must not stop the others
                    log.exception("reminder mail to %s failed", person.email)
                    emails_failed += 1
                    failures.append(f"{application.tracking_number} 邮件 {person.email}：{exc}")
                else:
                    emails += 1
            phone = Profile.objects.filter(user=person).values_list("phone", flat=True).first()
            if phone:
                result = deliver(sender, phone, text)
                texts[result.delivery] += 1
                if result.delivery is Delivery.FAILED:
                    failures.append(
                        f"{application.tracking_number} 短信 {masked(phone)}：{result.detail}"
                    )
    return Sent(
        emails=emails,
        sms=texts[Delivery.SENT],
        sms_failed=texts[Delivery.FAILED],
        sms_not_sent=texts[Delivery.NOT_SENT],
        emails_failed=emails_failed,
        failures=tuple(failures),
    )


def recipients(application: Application) -> list[User]:
    if application.handler is not None:
        return [application.handler]
    unit = application.handling_unit or application.agency
    return list(
        User.objects.filter(
            is_active=True, role_grants__agency=unit, role_grants__role=Role.CLERK
        ).distinct()
    )
