"""Telling people: email through Django's mail backend, SMS through a pluggable sender.

An SMS gateway is a local contract (each province runs its own), so the sender is named by
GONGKAI_SMS_BACKEND (a dotted path to a class with ``send(phone, text)``). The default only
logs; tests use OutboxSms. The applications issue may bring its own interface: this module
is small so the two can be merged into one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogSms:
    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)


@dataclass(frozen=True, slots=True)
class Sms:
    phone: str
    text: str


class OutboxSms:
    outbox: ClassVar[list[Sms]] = []

    def send(self, phone: str, text: str) -> None:
        OutboxSms.outbox.append(Sms(phone, text))


def sms_sender() -> SmsSender:
    path = getattr(settings, "GONGKAI_SMS_BACKEND", "gongkai_web.messaging.LogSms")
    sender: SmsSender = import_string(path)()
    return sender


def notify(*, email: str, phone: str, subject: str, text: str) -> list[str]:
    """Send to whichever addresses are known; returns the channels used."""
    used = []
    if email:
        send_mail(subject, text, None, [email], fail_silently=False)
        used.append("email")
    if phone:
        # SMS is short: the subject line only, the details are in the email and the system.
        sms_sender().send(phone, f"【{settings.GONGKAI_SITE_NAME}】{subject}")
        used.append("sms")
    return used
