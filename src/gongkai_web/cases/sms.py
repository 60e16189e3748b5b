"""SMS senders: one that only logs (the default, nothing leaves the machine) and one for the
common shape of a 政务短信平台, an HTTP gateway taking a JSON POST.

GONGKAI_SMS_BACKEND names a class with ``send(phone: str, text: str) -> SmsResult``. A sender
written before SmsResult existed returns None; it is counted as sent when it returns, failed
when it raises (``deliver`` below).

The HTTP gateway's request, with the default field names (each name set by GONGKAI_SMS_FIELDS,
a JSON object mapping the keys below to the gateway's names; a key mapped to "" is left out)::

    POST GONGKAI_SMS_URL
    Content-Type: application/json; charset=utf-8
    Authorization: Bearer GONGKAI_SMS_TOKEN          (only when the token is set)

    {"account": GONGKAI_SMS_ACCOUNT, "password": GONGKAI_SMS_PASSWORD,
     "sign": GONGKAI_SMS_SIGN, "templateId": GONGKAI_SMS_TEMPLATE,
     "mobile": "13700000000", "content": "the message text"}

A reply counts as sent when its HTTP status is 2xx, its body is a JSON object, and the field
GONGKAI_SMS_SUCCESS_FIELD (dotted for nested objects: "result.code") equals
GONGKAI_SMS_SUCCESS_VALUE when both are written as text; anything else is a failure, with the
gateway's GONGKAI_SMS_MESSAGE_FIELD (if present) as the reason.
"""

from __future__ import annotations

import enum
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

NOT_CONFIGURED = "未配置短信网关"
DEFAULT_FIELDS: dict[str, str] = {
    "account": "account",
    "password": "password",
    "sign": "sign",
    "template": "templateId",
    "phone": "mobile",
    "text": "content",
}


class Delivery(enum.StrEnum):
    SENT = "sent"
    FAILED = "failed"
    NOT_SENT = "not_sent"

    @property
    def label(self) -> str:
        return {
            Delivery.SENT: "已发送",
            Delivery.FAILED: "发送失败",
            Delivery.NOT_SENT: f"未发送（{NOT_CONFIGURED}）",
        }[self]


@dataclass(frozen=True)
class SmsResult:
    delivery: Delivery
    detail: str = ""


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> SmsResult | None: ...


def masked(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


class LoggingSms:
    """Writes each message to the log instead of sending it: the message is not sent."""

    def send(self, phone: str, text: str) -> SmsResult:
        log.info("SMS not sent (no gateway configured) to %s: %s", masked(phone), text)
        return SmsResult(Delivery.NOT_SENT, NOT_CONFIGURED)


@dataclass(frozen=True)
class GatewayConfig:
    url: str
    account: str = ""
    password: str = ""
    token: str = ""
    sign: str = ""
    template: str = ""
    timeout: float = 10.0
    success_field: str = "code"
    success_value: str = "0"
    message_field: str = "msg"
    fields: tuple[tuple[str, str], ...] = tuple(DEFAULT_FIELDS.items())

    @classmethod
    def from_settings(cls) -> GatewayConfig:
        fields = {**DEFAULT_FIELDS, **getattr(settings, "GONGKAI_SMS_FIELDS", {})}
        return cls(
            url=settings.GONGKAI_SMS_URL,
            account=settings.GONGKAI_SMS_ACCOUNT,
            password=settings.GONGKAI_SMS_PASSWORD,
            token=settings.GONGKAI_SMS_TOKEN,
            sign=settings.GONGKAI_SMS_SIGN,
            template=settings.GONGKAI_SMS_TEMPLATE,
            timeout=float(settings.GONGKAI_SMS_TIMEOUT),
            success_field=settings.GONGKAI_SMS_SUCCESS_FIELD,
            success_value=settings.GONGKAI_SMS_SUCCESS_VALUE,
            message_field=settings.GONGKAI_SMS_MESSAGE_FIELD,
            fields=tuple(fields.items()),
        )

    def body(self, phone: str, text: str) -> dict[str, str]:
        values = {
            "account": self.account,
            "password": self.password,
            "sign": self.sign,
            "template": self.template,
            "phone": phone,
            "text": text,
        }
        return {name: values[key] for key, name in self.fields if name and key in values}


def _field(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


class HttpGatewaySms:
    """Posts each message to the gateway at GONGKAI_SMS_URL and checks its reply."""

    def __init__(self, config: GatewayConfig | None = None) -> None:
        self.config = config or GatewayConfig.from_settings()

    def send(self, phone: str, text: str) -> SmsResult:
        c = self.config
        if not c.url:
            return SmsResult(Delivery.NOT_SENT, NOT_CONFIGURED)
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if c.token:
            headers["Authorization"] = f"Bearer {c.token}"
        payload = json.dumps(c.body(phone, text), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(c.url, data=payload, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=c.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            return self._failed(phone, f"短信网关返回 HTTP {exc.code}")
        except (urllib.error.URLError, OSError) as exc:  # refused, unreachable, timed out
            reason = getattr(exc, "reason", exc)
            return self._failed(phone, f"无法连接短信网关：{reason}")
        if not 200 <= status < 300:
            return self._failed(phone, f"短信网关返回 HTTP {status}")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return self._failed(phone, "短信网关的答复不是 JSON")
        value = _field(data, c.success_field)
        if value is None or str(value) != c.success_value:
            said = _field(data, c.message_field) if c.message_field else None
            return self._failed(
                phone,
                f"短信网关答复 {c.success_field}={value!r}（成功应为 {c.success_value!r}）"
                + (f"：{said}" if said else ""),
            )
        return SmsResult(Delivery.SENT)

    def _failed(self, phone: str, detail: str) -> SmsResult:
        log.warning("SMS to %s failed: %s", masked(phone), detail)
        return SmsResult(Delivery.FAILED, detail)


def sms_sender() -> SmsSender:
    sender: SmsSender = import_string(settings.GONGKAI_SMS_BACKEND)()
    return sender


def configured() -> bool:
    """Whether messages can leave the machine: not through the logging sender, nor through the
    HTTP gateway without its URL."""
    backend = import_string(settings.GONGKAI_SMS_BACKEND)
    if issubclass(backend, LoggingSms):
        return False
    if issubclass(backend, HttpGatewaySms):
        return bool(settings.GONGKAI_SMS_URL)
    return True


def deliver(sender: SmsSender, phone: str, text: str) -> SmsResult:
    """One message through any sender; a sender's exception is this message's failure."""
    try:
        result = sender.send(phone, text)
    except Exception as exc:
        log.exception("SMS to %s failed", masked(phone))
        return SmsResult(Delivery.FAILED, f"短信发送出错：{exc}")
    return SmsResult(Delivery.SENT) if result is None else result
